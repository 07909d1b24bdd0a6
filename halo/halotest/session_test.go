package halotest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"halowiz/halo/halotest"
)

// start serves sc for the test and closes it when the test ends.
func start(t testing.TB, sc halotest.Scenario, opts ...halotest.Option) *halotest.Server {
	t.Helper()
	srv, err := halotest.Start(sc, opts...)
	if err != nil {
		t.Fatalf("start %s: %v", sc.Name, err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// session talks raw HTTP to a server through its client, as the halo
// client will, with a bearer token once login has run.
type session struct {
	t      testing.TB
	srv    *halotest.Server
	client *http.Client
	token  string
}

// newSession is a session that shows redirects rather than following them,
// so that a test sees what the tenant answered and nothing is sent on to
// where a redirect points.
func newSession(t testing.TB, srv *halotest.Server) *session {
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &session{t: t, srv: srv, client: c}
}

// answer is one response, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) text() string { return string(a.body) }

// decode reads the body as JSON into v, failing the test if it is not.
func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decode %d answer %.200q: %v", a.status, a.body, err)
	}
}

// do sends one request and reads the answer; a transport error fails the
// test (use try for scenarios where it is the point).
func (s *session) do(method, path string, body io.Reader, contentType string) answer {
	s.t.Helper()
	a, err := s.try(context.Background(), method, path, body, contentType)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return a
}

func (s *session) try(ctx context.Context, method, path string, body io.Reader, contentType string) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.srv.URL+path, body)
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, err
}

func (s *session) get(path string) answer {
	s.t.Helper()
	return s.do(http.MethodGet, path, nil, "")
}

// post sends v as a JSON body.
func (s *session) post(path string, v any) answer {
	s.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.do(http.MethodPost, path, bytes.NewReader(b), "application/json")
}

// requestToken asks the token endpoint for scope with the demo credentials.
func (s *session) requestToken(scope string) answer {
	s.t.Helper()
	return s.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {halotest.ClientID},
		"client_secret": {halotest.ClientSecret}, "scope": {scope}}, "?tenant="+halotest.TenantID)
}

func (s *session) tokenRequest(form url.Values, query string) answer {
	s.t.Helper()
	return s.do(http.MethodPost, "/auth/token"+query, strings.NewReader(form.Encode()),
		"application/x-www-form-urlencoded")
}

// login gets a token for scope and uses it from then on.
func (s *session) login(scope string) *session {
	s.t.Helper()
	a := s.requestToken(scope)
	if a.status != http.StatusOK {
		s.t.Fatalf("token for %q: %d %s", scope, a.status, a.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	a.decode(s.t, &tok)
	s.token = tok.AccessToken
	return s
}

// createTicket posts a one-ticket array the way the integration does.
func (s *session) createTicket(fields map[string]any) answer {
	s.t.Helper()
	ticket := map[string]any{"summary": "HIGH - Incident on DESKTOP-ARL0EQ1 (Contoso Ltd)",
		"details": "<p>Investigative Summary</p>", "tickettype_id": 1, "client_id": 2}
	for k, v := range fields {
		ticket[k] = v
	}
	return s.post("/api/Tickets", []any{ticket})
}

// ticket is the part of a Faults answer the tests read.
type ticket struct {
	ID            int    `json:"id"`
	StatusID      int    `json:"status_id"`
	Team          string `json:"team"`
	HasBeenClosed bool   `json:"hasbeenclosed"`
	DateClosed    string `json:"dateclosed"`
	Category1     string `json:"category_1"`
	Impact        int    `json:"impact"`
	Urgency       int    `json:"urgency"`
	UserID        int    `json:"user_id"`
	SiteID        int    `json:"site_id"`
}

// mustCreate creates a ticket and returns it, failing unless Halo took it.
func (s *session) mustCreate(fields map[string]any) ticket {
	s.t.Helper()
	a := s.createTicket(fields)
	if a.status != http.StatusOK {
		s.t.Fatalf("create ticket: %d %s", a.status, a.body)
	}
	var tk ticket
	a.decode(s.t, &tk)
	return tk
}
