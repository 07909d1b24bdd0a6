package steps_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"halowiz/halo/halotest"
	"halowiz/steps"
)

// The checks against a tenant nobody vouches for (issue 10): credentials
// go to the tenant's own host only, only halowiz's own ticket is changed,
// and the token requests of a run stay few whatever Halo does with tokens.

// sentRequest is one request as it left halowiz, before any connection.
type sentRequest struct {
	method, host, path string
	bearer, secret     bool // it carried an Authorization header, the client secret
}

// recorder is the transport under the halo client: it notes every request
// that leaves, and passes it on to the simulated tenant's transport.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	sent []sentRequest
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	s := sentRequest{method: req.Method, host: req.URL.Hostname(), path: req.URL.Path, bearer: req.Header.Get("Authorization") != ""}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		form, _ := url.ParseQuery(string(body))
		s.secret = bytes.Contains(body, []byte(halotest.ClientSecret)) || form.Get("client_secret") != ""
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.sent = append(r.sent, s)
	r.mu.Unlock()
	return r.base.RoundTrip(req)
}

func (r *recorder) requests() []sentRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

// recorded runs the checks against sc with every request recorded.
func recorded(t *testing.T, sc halotest.Scenario) (steps.Report, *recorder, fixture) {
	t.Helper()
	f := newFixture(t, sc)
	rec := &recorder{base: f.halo.Client().Transport}
	env := f.env
	env.HTTPClient = &http.Client{Transport: rec}
	return steps.Run(context.Background(), demoConfig(sc), env), rec, f
}

func TestCredentialsGoOnlyToTheTenantsOwnHost(t *testing.T) {
	for _, name := range []string{"healthy", "no-discovery", "foreign-auth-server", "token-redirect", "api-redirect", "token-not-bearer", "custom-domain"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, _ := halotest.Lookup(name)
			rep, rec, _ := recorded(t, sc)
			sent := rec.requests()
			if sc.Name != "custom-domain" && len(sent) == 0 {
				t.Fatal("no request was made")
			}
			for _, s := range sent {
				where := s.method + " https://" + s.host + s.path
				if s.host != halotest.DefaultHost {
					t.Errorf("%s: a request left for another host than the tenant's %s", where, halotest.DefaultHost)
				}
				if s.secret && (s.method != http.MethodPost || s.path != "/auth/token") {
					t.Errorf("%s carried the client secret; only POST /auth/token may", where)
				}
				if s.bearer && !strings.HasPrefix(s.path, "/api/") {
					t.Errorf("%s carried a token; only /api/ requests may", where)
				}
			}
			if sc.TokenRedirect != "" || sc.TokenType != "" {
				if r, _ := rep.Step(steps.Application); r.Status != steps.StatusFail {
					t.Errorf("application step %s, want fail:\n%s", r.Status, outline(rep))
				}
			}
		})
	}
}

// A create answer that names no ticket, id 0 or someone else's ticket never
// leads to a change of any ticket but the one halowiz created and proved
// its own, and never to an update without an id (a create in Halo).
func TestOnlyHalowizsOwnTicketIsEverChanged(t *testing.T) {
	for _, name := range []string{"create-answer-foreign", "create-answer-zero", "create-answer-missing", "create-answer-lost", "create-answer-lost-search-fails"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, _ := halotest.Lookup(name)
			f := newFixture(t, sc)
			before := f.halo.Tenant.Tickets()
			rep := steps.Run(context.Background(), demoConfig(sc), f.env)
			var own []halotest.Ticket
			for _, tk := range f.halo.Tenant.Tickets() {
				if strings.HasPrefix(tk.Summary, steps.TestTicketSummary) {
					own = append(own, tk)
				}
			}
			if len(own) != 1 {
				t.Fatalf("%d test tickets in the tenant, want 1", len(own))
			}
			creates := 0
			for _, body := range f.halo.Tenant.Bodies("POST", "/api/Tickets") {
				var elems []map[string]any
				if err := json.Unmarshal(body, &elems); err != nil {
					t.Fatalf("POST /api/Tickets body %s: %v", body, err)
				}
				for _, e := range elems {
					id, has := e["id"]
					switch {
					case !has:
						creates++
					case id != float64(own[0].ID):
						t.Errorf("POST /api/Tickets changed ticket %v; halowiz's is %d", id, own[0].ID)
					}
				}
			}
			if creates != 1 {
				t.Errorf("%d creates, want exactly 1", creates)
			}
			for _, tk := range before {
				if now, _ := f.halo.Tenant.Ticket(tk.ID); now != tk {
					t.Errorf("ticket %d, not halowiz's, changed:\n before %+v\n after  %+v", tk.ID, tk, now)
				}
			}
			r, _ := rep.Step(steps.Ticket)
			if !own[0].Closed || !r.Has("ticket.found") || !r.Has("ticket.closed") {
				t.Errorf("test ticket closed %v; ticket step\n%s", own[0].Closed, outline(rep))
			}
			if sc.SearchFailures > 0 {
				if n := searches(f.halo.Tenant); n != sc.SearchFailures+1 {
					t.Errorf("%d searches for the lost ticket, want %d (the failed ones, then one that works)", n, sc.SearchFailures+1)
				}
			}
		})
	}
}

func searches(tenant *halotest.Tenant) int {
	n := 0
	for _, r := range tenant.Requests() {
		if strings.EqualFold(r.Path, "/api/Tickets") && strings.Contains(r.Query, "search=") {
			n++
		}
	}
	return n
}

// However short-lived, revoked or refused Halo's tokens are, a run asks for
// few of them, and says plainly when Halo will not accept any.
func TestTokenRequestsStayFewWhateverHaloDoesWithTokens(t *testing.T) {
	cases := []struct {
		scenario string
		ok       bool
		most     int // token requests
		least    int
		want     []string
	}{
		// A five-second token is used for most of its life (the refresh
		// margin is a fifth of it), not fetched for every call.
		{scenario: "short-token", ok: true, most: 3, least: 1},
		// Each token is revoked after four requests: renewed as often as
		// that takes, within the bound.
		{scenario: "token-revoked", ok: true, most: 8, least: 2},
		// No token works: every step says so, and the run stops asking.
		{scenario: "tokens-refused", most: 8, least: 2, want: []string{"agent.token-refused", "mapping.token-refused"}},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			t.Parallel()
			sc, _ := halotest.Lookup(c.scenario)
			f := newFixture(t, sc)
			rep := steps.Run(context.Background(), demoConfig(sc), f.env)
			n := f.halo.Tenant.Count("POST", "/auth/token")
			t.Logf("%d token requests", n)
			if n > c.most || n < c.least {
				t.Errorf("%d token requests, want %d to %d", n, c.least, c.most)
			}
			if rep.OK() != c.ok {
				t.Errorf("ok %v, want %v:\n%s", rep.OK(), c.ok, outline(rep))
			}
			ids := findingIDs(rep)
			for _, id := range c.want {
				if !slices.Contains(ids, id) {
					t.Errorf("no %s:\n%s", id, outline(rep))
				}
			}
			for _, id := range ids {
				if strings.Contains(id, "cannot-read") || id == "agent.unknown" || id == "ticket.not-visible" {
					t.Errorf("%s blames the agent's rights for what Halo did with its tokens:\n%s", id, outline(rep))
				}
			}
		})
	}
}
