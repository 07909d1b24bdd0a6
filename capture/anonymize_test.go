package capture

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAnonymizingIsConsistentAcrossTheTranscript(t *testing.T) {
	tr := &Transcript{
		Run: Run{Host: "acme.halopsa.com", TestClient: "Contoso Ltd", TicketType: "Incident",
			Mapping: []Mapping{{OrgID: 7, OrgName: "Wayne Enterprises", ClientID: 9, ClientName: "Wayne Ent."}}},
		Exchanges: []Exchange{
			{Service: Halo, Method: "GET", Path: "/api/Client", Response: answerJSON(200,
				`{"clients":[{"id":2,"name":"Contoso Ltd","toplevel_name":"Acme IT Services","customfields":[{"name":"Region"}]},{"id":9,"name":"Wayne Ent."}]}`)},
			{Service: Halo, Method: "GET", Path: "/api/Tickets", Query: "search=Contoso+Ltd", Response: answerJSON(200,
				`{"tickets":[{"id":5,"client_name":"Contoso Ltd","summary":"Printer down at Contoso Ltd, call bob@contoso.com"},{"id":6,"summary":"halowiz test ticket hw-1a2b3c4d: safe"}]}`)},
			{Service: Halo, Method: "GET", Path: "/api/Agent/me", Response: answerJSON(200,
				`{"id":12,"name":"Huntress API","firstname":"Huntress","email":"api@acme-it.com","teams":[{"team_name":"Service Desk"}]}`)},
			{Service: Halo, Method: "GET", Path: "/api/TicketType", Response: answerJSON(200,
				`[{"id":1,"name":"Incident","default_team":"Service Desk"},{"id":2,"name":"Huntress Alert"}]`)},
			{Service: Huntress, Method: "GET", Path: "/v1/organizations", Response: answerJSON(200,
				`{"organizations":[{"id":7,"name":"Wayne Enterprises","key":"wayne"},{"id":8,"name":"Contoso Ltd","key":"contoso"}]}`)},
			{Service: Halo, Method: "POST", Path: "/api/Tickets", Request: &Request{ContentType: "application/json", Body: Body{JSON: json.RawMessage(`[{"client_id":2}]`)}},
				Response: &Response{Status: 400, Body: Body{Text: "Contoso Ltd: Please select a valid Client/Site/User (ask bob@contoso.com)"}}},
			{Service: Halo, Method: "GET", Path: "/api/Site", Failure: &Failure{Kind: FailOther, Message: "proxy said no to Acme IT Services"}},
		},
	}
	anonymize(tr)
	data, _ := tr.Marshal()
	text := string(data)
	for _, name := range []string{"Contoso", "Acme IT Services", "Wayne", "wayne", "contoso", "Huntress API", "Service Desk", "bob@", "api@acme-it.com", "Printer"} {
		if strings.Contains(text, name) {
			t.Errorf("%q is left:\n%s", name, text)
		}
	}
	// The same client, the same replacement: in the client list, a ticket,
	// Huntress's organization, the query, an error text and the run.
	contoso := tr.Run.TestClient
	if !strings.HasPrefix(contoso, "Client ") {
		t.Fatalf("test client became %q", contoso)
	}
	for _, where := range []string{`"name": "` + contoso + `"`, `"client_name": "` + contoso + `"`, "search=" + strings.ReplaceAll(contoso, " ", "+"), contoso + ": Please select"} {
		if !strings.Contains(text, where) {
			t.Errorf("%q not found: the replacement is not the same everywhere", where)
		}
	}
	if m := tr.Run.Mapping[0]; !strings.HasPrefix(m.OrgName, "Organization ") || !strings.HasPrefix(m.ClientName, "Client ") {
		t.Errorf("mapping %+v", m)
	}
	for _, kept := range []string{`"name": "Incident"`, `"name": "Region"`, "hw-1a2b3c4d", "acme.halopsa.com", "Please select a valid Client/Site/User", `"name": "Huntress Alert"`} {
		if !strings.Contains(text, kept) {
			t.Errorf("%q was changed; only names and addresses are replaced", kept)
		}
	}
	if !tr.Anonymized || tr.Run.TicketType != "Incident" {
		t.Errorf("anonymized %t, ticket type %q", tr.Anonymized, tr.Run.TicketType)
	}
}

func TestReplaceWordsLeavesLongerWordsAlone(t *testing.T) {
	for _, c := range []struct{ s, old, want string }{
		{"Acme and Acmes and Acme.", "Acme", "X and Acmes and X."},
		{"aaa", "aa", "aaa"},
		{"Müller-Acme", "Acme", "Müller-X"},
		{"éAcme", "Acme", "éAcme"},
		{"", "Acme", ""},
	} {
		if got := replaceWords(c.s, c.old, "X"); got != c.want {
			t.Errorf("replaceWords(%q, %q) = %q, want %q", c.s, c.old, got, c.want)
		}
	}
}

// TestAnonymizingNumbersAlikeEveryTime: two captures of the same tenant
// must diff cleanly, so the numbering cannot follow Go's map order.
func TestAnonymizingNumbersAlikeEveryTime(t *testing.T) {
	capture := func() *Transcript {
		return &Transcript{Exchanges: []Exchange{
			{Service: Halo, Method: "GET", Path: "/api/Tickets", Query: "a=x@one.example&b=y@two.example&c=z@three.example", Response: answerJSON(200,
				`{"client_name":"Contoso Ltd","toplevel_name":"Acme IT Services","site_name":"Main","main_site_name":"Annex","user_name":"Bob Smith","contact_name":"Ann Lee",`+
					`"note":"mail p@a.example q@b.example","details":"cc r@c.example"}`)},
		}}
	}
	first := capture()
	anonymize(first)
	want, _ := first.Marshal()
	for range 20 {
		again := capture()
		anonymize(again)
		if got, _ := again.Marshal(); string(got) != string(want) {
			t.Fatalf("the same capture anonymised twice differs:\n%s\n%s", want, got)
		}
	}
}
