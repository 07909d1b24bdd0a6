package capture

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func answerJSON(status int, body string) *Response {
	return &Response{Status: status, Header: map[string]string{"Content-Type": "application/json"}, Body: Body{JSON: json.RawMessage(body)}}
}

func do(t *testing.T, hc *http.Client, method, u, contentType, body string) (int, string, error) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

func TestReplayMatchesMethodPathAndQueryInAnyOrder(t *testing.T) {
	p := NewReplayer(&Transcript{Exchanges: []Exchange{
		{Service: Halo, Method: "GET", Path: "/api/Status", Query: "type=ticket&excludeclosed=true", Response: answerJSON(200, `{"open":true}`)},
		{Service: Halo, Method: "GET", Path: "/api/Status", Query: "type=ticket", Response: answerJSON(200, `{"all":true}`)},
		{Service: Huntress, Method: "GET", Path: "/v1/account", Response: answerJSON(200, `{"account":{}}`)},
	}})
	hc := p.Client(Halo)
	if _, body, err := do(t, hc, "GET", "https://acme.halopsa.com/api/status?excludeclosed=true&type=ticket", "", ""); err != nil || body != `{"open":true}` {
		t.Errorf("reordered query: %q, %v", body, err)
	}
	if _, body, _ := do(t, hc, "GET", "https://acme.halopsa.com/api/Status?type=ticket", "", ""); body != `{"all":true}` {
		t.Errorf("plain query: %q", body)
	}
	// Huntress's answers are Huntress's only.
	_, _, err := do(t, hc, "GET", "https://acme.halopsa.com/v1/account", "", "")
	var missing *NotInCaptureError
	if !errors.As(err, &missing) || !strings.Contains(err.Error(), "GET /v1/account") {
		t.Errorf("a Halo request for a Huntress answer: %v", err)
	}
	if _, body, err := do(t, p.Client(Huntress), "GET", "https://api.huntress.io/v1/account", "", ""); err != nil || body != `{"account":{}}` {
		t.Errorf("Huntress: %q, %v", body, err)
	}
}

func TestReplayNamesARequestTheCaptureDoesNotHold(t *testing.T) {
	p := NewReplayer(&Transcript{})
	_, _, err := do(t, p.Client(Halo), "POST", "https://acme.halopsa.com/api/Tickets?x=1", "application/json", `[{}]`)
	var missing *NotInCaptureError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want a *NotInCaptureError", err)
	}
	if !strings.Contains(err.Error(), "POST /api/Tickets?x=1") || strings.Contains(err.Error(), "\n") {
		t.Errorf("message %q does not name the request on one line", err)
	}
}

func TestRepeatedRequestsAreAnsweredInTheOrderRecordedThenAgain(t *testing.T) {
	var exchanges []Exchange
	for _, n := range []string{"1", "2", "3"} {
		exchanges = append(exchanges, Exchange{Service: Halo, Method: "GET", Path: "/api/Tickets/7", Response: answerJSON(200, `{"n":`+n+`}`)})
	}
	hc := NewReplayer(&Transcript{Exchanges: exchanges}).Client(Halo)
	var got []string
	for range 5 {
		_, body, err := do(t, hc, "GET", "https://acme.halopsa.com/api/Tickets/7", "", "")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, body)
	}
	if want := `{"n":1} {"n":2} {"n":3} {"n":1} {"n":2}`; strings.Join(got, " ") != want {
		t.Errorf("answers %v, want %s", got, want)
	}
}

func TestARequestWithTheSameBodyGetsItsOwnAnswer(t *testing.T) {
	form := func(scope string) *Request {
		return &Request{ContentType: "application/x-www-form-urlencoded", Body: Body{Text: "client_id=c&client_secret=[redacted]&grant_type=client_credentials&scope=" + url.QueryEscape(scope)}}
	}
	p := NewReplayer(&Transcript{Exchanges: []Exchange{
		{Service: Halo, Method: "POST", Path: "/auth/token", Request: form("all"), Response: answerJSON(400, `{"error":"invalid_scope"}`)},
		{Service: Halo, Method: "POST", Path: "/auth/token", Request: form("read:tickets edit:tickets"), Response: answerJSON(200, `{"access_token":"[redacted]"}`)},
	}})
	hc := p.Client(Halo)
	narrow := url.Values{"client_id": {"c"}, "client_secret": {"whatever"}, "grant_type": {"client_credentials"}, "scope": {"read:tickets edit:tickets"}}
	if status, _, _ := do(t, hc, "POST", "https://acme.halopsa.com/auth/token", "application/x-www-form-urlencoded", narrow.Encode()); status != 200 {
		t.Errorf("the narrow scope, asked first, got %d: want its own answer, 200", status)
	}
	narrow.Set("scope", "all")
	if status, _, _ := do(t, hc, "POST", "https://acme.halopsa.com/auth/token", "application/x-www-form-urlencoded", narrow.Encode()); status != 400 {
		t.Errorf("scope all got %d, want 400", status)
	}
}

func TestTheMarkerIsMatchedLooselyAndAnsweredWithTheReplayingRunsOwn(t *testing.T) {
	const recorded, live = "hw-1a2b3c4d", "hw-99887766"
	summary := "halowiz test ticket " + recorded + ": safe to ignore, closed automatically (2026-12-01 09:06 UTC)"
	p := NewReplayer(&Transcript{Exchanges: []Exchange{
		{Service: Halo, Method: "POST", Path: "/api/Tickets",
			Request:  &Request{ContentType: "application/json", Body: Body{JSON: json.RawMessage(`[{"summary":"` + summary + `"}]`)}},
			Response: &Response{Status: 502, Header: map[string]string{"Content-Type": "text/html"}, Body: Body{Text: "<h1>Bad gateway</h1>"}}},
		{Service: Halo, Method: "GET", Path: "/api/Tickets", Query: "client_id=1&search=" + recorded,
			Response: answerJSON(200, `{"record_count":2,"tickets":[{"id":1004,"summary":"`+summary+`"},{"id":3,"summary":"older hw-00000000"}]}`)},
	}})
	hc := p.Client(Halo)
	body := `[{"summary":"halowiz test ticket ` + live + `: safe to ignore, closed automatically (2027-01-05 10:00 UTC)"}]`
	if status, _, err := do(t, hc, "POST", "https://acme.halopsa.com/api/Tickets", "application/json", body); err != nil || status != 502 {
		t.Fatalf("create: %d, %v", status, err)
	}
	_, list, err := do(t, hc, "GET", "https://acme.halopsa.com/api/Tickets?search="+live+"&client_id=1", "", "")
	if err != nil {
		t.Fatalf("the search for another marker was not matched: %v", err)
	}
	if !strings.Contains(list, live) || strings.Contains(list, recorded) {
		t.Errorf("answer %s: want the run's marker %s in place of %s", list, live, recorded)
	}
	if !strings.Contains(list, "hw-00000000") {
		t.Errorf("answer %s: another run's marker, never sent by the captured run, must stay", list)
	}
}

// newTestRequest is the request e records, as a client would send it.
func newTestRequest(e Exchange) (*http.Request, error) {
	u := "https://acme.halopsa.com" + e.Path
	if e.Query != "" {
		u += "?" + e.Query
	}
	var body io.Reader
	ct := ""
	if e.Request != nil {
		body, ct = strings.NewReader(string(e.Request.bytes())), e.Request.ContentType
	}
	req, err := http.NewRequest(e.Method, u, body)
	if err == nil && ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return req, err
}
