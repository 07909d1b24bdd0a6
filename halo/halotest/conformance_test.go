package halotest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"halowiz/halo"
	"halowiz/halo/halotest"
)

func TestSchemaCheckRejectsWhatHaloDoesNotHave(t *testing.T) {
	t.Parallel()
	doc := spec(t)
	cases := []struct {
		name, schema string
		value        string
		want         string // in the error
	}{
		{"unknown property", "Uname", `{"id":12,"teams":[{"team_id":1,"can_see_everything":true}]}`, "can_see_everything"},
		{"wrong type", "Faults", `{"id":"1004"}`, "/id"},
		{"bad date", "Faults", `{"id":1004,"dateclosed":"yesterday"}`, "/dateclosed"},
		{"number for a string", "Area", `{"id":2,"name":42}`, "/name"},
	}
	for _, c := range cases {
		var v any
		if err := json.Unmarshal([]byte(c.value), &v); err != nil {
			t.Fatal(err)
		}
		err := checkSchema(doc, c.schema, v)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %s accepted %s (err %v)", c.name, c.schema, c.value, err)
		}
	}
	if err := checkSchema(doc, "Faults", map[string]any{"id": 1004.0, "hasbeenclosed": true}); err != nil {
		t.Errorf("a plain valid ticket was rejected: %v", err)
	}
	// CIPP's General User trick sends userlookup, which is not in Faults.
	for _, body := range []string{`{"summary":"not an array"}`, `[{"client_id":2,"userlookup":{"id":-1}}]`} {
		if err := checkRequestBody(doc, "/Tickets", []byte(body)); err == nil {
			t.Errorf("POST /Tickets accepted %s", body)
		}
	}
}

// tourStep is one call of the tour every answering scenario takes, with the
// schema its objects must match and where they are in the answer: the whole
// body, each element of a plain array, or each element of a wrapped list.
type tourStep struct {
	method, path string
	body         any
	schema       string
	list         string // "" one object, "[]" a plain array, else the wrapper's key
}

// tour covers every endpoint that answers JSON objects, ending with the
// ticket life cycle as the integration drives it, using the halo client's
// own request types.
func tour(created int) []tourStep {
	id := strconv.Itoa(created)
	return []tourStep{
		{"GET", "/api/Agent/me", nil, "Uname", ""},
		{"GET", "/api/Agent/1", nil, "Uname", ""},
		{"GET", "/api/TicketType", nil, "RequestType_List", "[]"},
		{"GET", "/api/TicketType/1?includedetails=true", nil, "RequestType", ""},
		{"GET", "/api/TicketType/5", nil, "RequestType", ""},
		{"GET", "/api/TicketType/5?includedetails=true", nil, "RequestType", ""},
		{"GET", "/api/Status", nil, "TStatus", "[]"},
		{"GET", "/api/Lookup?lookupid=12", nil, "Lookup", "[]"},
		{"GET", "/api/Lookup?lookupid=27", nil, "Lookup", "[]"},
		{"GET", "/api/Client?pageinate=true&page_size=50&page_no=1", nil, "Area", "clients"},
		{"GET", "/api/Client?includeinactive=true", nil, "Area", "clients"},
		{"GET", "/api/Client/2", nil, "Area", ""},
		{"GET", "/api/Client/7", nil, "Area", ""},
		{"GET", "/api/Site?client_id=2", nil, "Site", "sites"},
		{"GET", "/api/Users?client_id=2", nil, "Users", "users"},
		{"GET", "/api/Tickets?count=10", nil, "Faults", "tickets"},
		{"GET", "/api/Tickets?pageinate=true&page_size=100&page_no=1&datesearch=dateoccured&startdate=2026-01-01T00:00:00&search=Incident+on", nil, "Faults", "tickets"},
		{"GET", "/api/Tickets/1003", nil, "Faults", ""},
		{"GET", "/api/Tickets/" + id + "?count=1", nil, "Faults", ""},
		{"POST", "/api/Tickets", []halo.TicketStatusUpdate{{ID: created, StatusID: 8}}, "Faults", ""},
		{"POST", "/api/Actions", []map[string]any{{"ticket_id": created, "outcome_id": 7, "outcome": "Private Note",
			"note": "Resolved by Huntress", "new_status": 9, "hiddenfromuser": true}}, "Actions", ""},
		{"GET", "/api/Actions?ticket_id=" + id, nil, "Actions", "actions"},
	}
}

// maxChecked bounds how many elements of a list are checked: the huge-body
// list has a hundred thousand alike.
const maxChecked = 100

func TestEveryAnswerMatchesHaloSchemas(t *testing.T) {
	t.Parallel()
	doc := spec(t)
	for _, sc := range halotest.Scenarios() {
		if sc.Transport != halotest.TransportOK || sc.NeverAnswer || sc.HTMLPage || sc.RejectCredentials || sc.CreateAnswerLost ||
			sc.TokenRedirect != "" || sc.APIRedirect != "" || sc.TokensRefused || sc.AgentAnonymous || sc.StatusListGarbled {
			continue // nothing JSON to check, or answers that break the schema on purpose
		}
		if sc.TokenUses > 0 {
			sc.TokenUses = 0 // after its 401s, the healthy tenant's answers
		}
		sc.RateLimitWindow = 0 // its 429s are text; what follows is the healthy tenant's
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			srv := start(t, sc, halotest.WithLatency(0))
			s := newSession(t, srv).login(strings.Join(sc.Scopes, " "))
			created := 1002 // an unassigned seeded ticket, if creation is refused
			a := retried(s, "POST", "/api/Tickets", []halo.NewTicket{{Summary: "HIGH - Incident on DESKTOP-ARL0EQ1",
				Details: "<p>Investigative Summary</p>", TicketTypeID: 1, ClientID: 2}})
			if a.status == http.StatusOK {
				checkAnswer(t, doc, tourStep{"POST", "/api/Tickets", nil, "Faults", ""}, a)
				var tk ticket
				a.decode(t, &tk)
				created = tk.ID
			}
			for _, step := range tour(created) {
				a := retried(s, step.method, step.path, step.body)
				checked := 0
				if a.status == http.StatusOK {
					checked = checkAnswer(t, doc, step, a)
				}
				if checked == 0 && sc.Name == "healthy" {
					t.Errorf("%s %s: %d, no %s object to check", step.method, step.path, a.status, step.schema)
				}
			}
			for _, path := range []string{"/Tickets", "/Actions"} {
				for _, body := range srv.Tenant.Bodies("POST", "/api"+path) {
					if err := checkRequestBody(doc, path, body); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
}

// retried sends a tour call again while a burst answers it, as a client
// that honours Retry-After would, without the wait.
func retried(s *session, method, path string, body any) answer {
	s.t.Helper()
	for range 5 {
		var a answer
		if method == "POST" {
			a = s.post(path, body)
		} else {
			a = s.get(path)
		}
		if a.status != http.StatusTooManyRequests && a.status < 500 {
			return a
		}
	}
	s.t.Fatalf("%s %s kept failing", method, path)
	return answer{}
}

// checkAnswer checks the objects of a 200 answer against their schema, at
// most maxChecked of a list, and returns how many it checked.
func checkAnswer(t *testing.T, doc *openapi3.T, step tourStep, a answer) int {
	t.Helper()
	objects, err := answerObjects(a.body, step.list)
	if err != nil {
		t.Errorf("%s %s: %v in %.200q", step.method, step.path, err, a.body)
	}
	for i, obj := range objects {
		if err := checkSchema(doc, step.schema, obj); err != nil {
			t.Errorf("%s %s [%d]: %v", step.method, step.path, i, err)
		}
	}
	return len(objects)
}

// answerObjects reads the objects of an answer: the body, the elements of a
// plain array ("[]"), or those of the wrapped list under key. It streams, so
// that the huge list is not decoded whole, and wants a record_count before
// a wrapped list, as the tenant writes it.
func answerObjects(body []byte, key string) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if key == "" {
		var obj any
		return []any{obj}, dec.Decode(&obj)
	}
	readArray := func() ([]any, error) {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return nil, fmt.Errorf("no array (%v)", err)
		}
		var objects []any
		for dec.More() && len(objects) < maxChecked {
			var obj any
			if err := dec.Decode(&obj); err != nil {
				return nil, err
			}
			objects = append(objects, obj)
		}
		return objects, nil
	}
	if key == "[]" {
		return readArray()
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a wrapped list (%v)", err)
	}
	counted := false
	for dec.More() {
		name, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if name == key {
			if !counted {
				return nil, errors.New("no record_count before the list")
			}
			return readArray()
		}
		var value any
		if err := dec.Decode(&value); err != nil {
			return nil, err
		}
		_, isNumber := value.(float64)
		counted = counted || (name == "record_count" && isNumber)
	}
	return nil, fmt.Errorf("no %q list", key)
}

func TestHaloRequestTypesMatchHaloSchemas(t *testing.T) {
	t.Parallel()
	doc := spec(t)
	srv := start(t, halotest.Healthy())
	s := newSession(t, srv).login("all")
	bodies := []struct {
		path string
		body any
	}{
		{"/Tickets", []halo.NewTicket{{Summary: "HIGH - Incident on DESKTOP-ARL0EQ1 (Contoso Ltd)",
			Details: "<p>Remediations</p>", TicketTypeID: 5, ClientID: 2, SiteID: 2, UserID: 2}}},
		{"/Tickets", []halo.TicketStatusUpdate{{ID: 1002, StatusID: 9}}},
		{"/Actions", []map[string]any{{"ticket_id": 1002, "outcome_id": 7, "note": "Closed by halowiz", "hiddenfromuser": true}}},
	}
	for _, b := range bodies {
		if a := s.post("/api"+b.path, b.body); a.status != http.StatusOK {
			t.Fatalf("POST %s: %d %s", b.path, a.status, a.body)
		}
	}
	// What the tenant received is exactly what a client sent: the bodies a
	// test of the real client will check the same way.
	for _, path := range []string{"/Tickets", "/Actions"} {
		got := srv.Tenant.Bodies("POST", "/api"+path)
		if len(got) == 0 {
			t.Fatalf("no POST %s body recorded", path)
		}
		for _, body := range got {
			if err := checkRequestBody(doc, path, body); err != nil {
				t.Error(err)
			}
		}
	}
}

// The halo client's types must decode what the tenant answers: the ids the
// schema makes doubles, the pointers the checks read.
func TestAnswersDecodeIntoHaloTypes(t *testing.T) {
	s := newSession(t, start(t, halotest.Healthy()))
	var info halo.AuthInfo
	s.get("/api/authinfo").decode(t, &info)
	if info.AuthURL != "https://acme.halopsa.com/auth" || info.TenantID != halotest.TenantID {
		t.Errorf("authinfo %+v", info)
	}
	s.login("all")
	var agent halo.Agent
	s.get("/api/Agent/me").decode(t, &agent)
	if agent.ID != halotest.APIAgentID || agent.IsAPIAgent == nil || !*agent.IsAPIAgent ||
		len(agent.Teams) != 1 || agent.Teams[0].UnassignedAccess == nil || len(agent.Departments) != 1 {
		t.Errorf("agent %+v", agent)
	}
	var tt halo.TicketType
	s.get("/api/TicketType/5?includedetails=true").decode(t, &tt)
	if len(tt.Fields) == 0 || tt.Fields[0].FieldInfo == nil || tt.DefaultImpact == nil {
		t.Errorf("ticket type %+v", tt)
	}
	var statuses, open []halo.Status
	s.get("/api/Status").decode(t, &statuses)
	s.get("/api/Status?excludeclosed=true").decode(t, &open)
	for _, st := range statuses {
		if st.Type == nil || *st.Type != 0 {
			t.Errorf("status %+v: type is the record kind, 0 for tickets", st)
		}
	}
	if len(statuses)-len(open) != 2 {
		t.Errorf("excludeclosed left out %d statuses, want the 2 closed ones: %+v", len(statuses)-len(open), open)
	}
	var clients struct {
		Clients []halo.Customer `json:"clients"`
	}
	s.get("/api/Client?includeinactive=true").decode(t, &clients)
	if len(clients.Clients) != 8 || clients.Clients[6].Active() {
		t.Errorf("clients %+v", clients.Clients)
	}
	var sites struct {
		Sites []struct {
			ID       int          `json:"id"`
			ClientID halo.FlexInt `json:"client_id"`
		} `json:"sites"`
	}
	s.get("/api/Site?client_id=2").decode(t, &sites)
	var users struct {
		Users []struct {
			SiteID halo.FlexInt `json:"site_id"`
		} `json:"users"`
	}
	s.get("/api/Users?client_id=2").decode(t, &users)
	if len(sites.Sites) != 1 || sites.Sites[0].ClientID != 2 || len(users.Users) != 1 ||
		int(users.Users[0].SiteID) != sites.Sites[0].ID {
		t.Errorf("sites %+v, users %+v", sites.Sites, users.Users)
	}
	var list halo.TicketList
	s.get("/api/Tickets").decode(t, &list)
	if list.RecordCount != 3 || len(list.Tickets) != 3 || list.Tickets[2].HasBeenClosed == nil {
		t.Errorf("tickets %+v", list)
	}
	var lookups []struct {
		LookupID int `json:"lookupid"`
	}
	s.get("/api/Lookup?lookupid=27").decode(t, &lookups)
	var instance halo.InstanceInfo
	s.get("/api/InstanceInfo").decode(t, &instance)
	if len(lookups) != 3 || lookups[0].LookupID != 27 || instance.AppName != "HaloPSA" {
		t.Errorf("lookups %+v, instance %+v", lookups, instance)
	}
}
