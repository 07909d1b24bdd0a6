package halotest_test

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"halowiz/halo/halotest"
	"halowiz/scrub/scrubtest"
)

// The probes of the scenarios where the tenant is hostile or broken
// (issue 10): each shows the lure or the fault is there, raw, for a client
// to resist.
func init() { maps.Copy(scenarioProbes, hostileProbes) }

var hostileProbes = map[string]func(t *testing.T, s *session){
	"no-discovery": func(t *testing.T, s *session) {
		wantStatus(t, s.get("/api/authinfo"), http.StatusNotFound)
		wantStatus(t, s.get("/auth/.well-known/openid-configuration"), http.StatusNotFound)
		wantStatus(t, s.get("/api/Agent/me"), http.StatusUnauthorized)
		if me(s.login("all")).Team != "Service Desk" {
			t.Fatal("the API is not the healthy tenant's")
		}
	},
	"foreign-auth-server": func(t *testing.T, s *session) {
		var info struct {
			AuthURL  string `json:"auth_url"`
			TenantID string `json:"tenant_id"`
		}
		s.get("/api/authinfo").decode(t, &info)
		var oidc struct{ Issuer, TokenEndpoint string }
		s.get("/auth/.well-known/openid-configuration").decode(t, &oidc)
		if info.AuthURL != "https://auth.evil.example/auth" || info.TenantID != "evilcorp" || oidc.Issuer != info.AuthURL {
			t.Fatalf("authinfo %+v, issuer %q: want the evil server named", info, oidc.Issuer)
		}
		// The tenant's own token endpoint still works, without the tenant.
		s.login("all")
	},
	"token-redirect": func(t *testing.T, s *session) {
		a := s.requestToken("all")
		wantStatus(t, a, http.StatusTemporaryRedirect)
		if loc := a.header.Get("Location"); loc != "https://evil.example/auth/token" {
			t.Fatalf("Location %q", loc)
		}
	},
	"api-redirect": func(t *testing.T, s *session) {
		s.login("all")
		for _, path := range []string{"/api/authinfo", "/api/Agent/me", "/api/Tickets/1001"} {
			a := s.get(path)
			wantStatus(t, a, http.StatusTemporaryRedirect)
			if loc := a.header.Get("Location"); loc != "https://evil.example"+path {
				t.Errorf("%s: Location %q", path, loc)
			}
		}
		if n := s.srv.Tenant.Stats().ByRoute["GET /api/agent/me"]; n != 1 {
			t.Errorf("GET /api/Agent/me seen %d times", n)
		}
	},
	"token-not-bearer": func(t *testing.T, s *session) {
		var tok struct {
			TokenType string `json:"token_type"`
		}
		a := s.requestToken("all")
		wantStatus(t, a, http.StatusOK)
		a.decode(t, &tok)
		if tok.TokenType != "mac" {
			t.Fatalf("token_type %q", tok.TokenType)
		}
	},
	"short-token": func(t *testing.T, s *session) {
		var tok struct {
			ExpiresIn int `json:"expires_in"`
		}
		s.requestToken("all").decode(t, &tok)
		if tok.ExpiresIn != 5 {
			t.Fatalf("expires_in %d, want 5", tok.ExpiresIn)
		}
	},
	"token-revoked": func(t *testing.T, s *session) {
		s.login("all")
		var got []int
		for range 6 {
			got = append(got, s.get("/api/Status").status)
		}
		if want := []int{200, 200, 200, 200, 401, 401}; !slices.Equal(got, want) {
			t.Fatalf("statuses %v, want %v", got, want)
		}
		a := s.get("/api/Status")
		if h := a.header.Get("WWW-Authenticate"); !strings.Contains(h, "invalid_token") {
			t.Errorf("WWW-Authenticate %q", h)
		}
		wantStatus(t, s.login("all").get("/api/Status"), http.StatusOK) // a new token works again
	},
	"tokens-refused": func(t *testing.T, s *session) {
		for range 2 {
			a := s.login("all").get("/api/Status")
			wantStatus(t, a, http.StatusUnauthorized)
			if h := a.header.Get("WWW-Authenticate"); !strings.Contains(h, "invalid_token") {
				t.Errorf("WWW-Authenticate %q", h)
			}
		}
	},
	"hostile-text": func(t *testing.T, s *session) {
		s.login("all")
		var all []string
		for _, path := range []string{"/api/Agent/me", "/api/TicketType", "/api/Status", "/api/Client", "/api/Site?client_id=1", "/api/Users?client_id=1", "/api/Tickets"} {
			a := s.get(path)
			wantStatus(t, a, http.StatusOK)
			var v any
			a.decode(t, &v)
			found := stringsIn(v)
			if raw := scrubtest.Raw([]byte(strings.Join(found, "\n"))); len(raw) == 0 {
				t.Errorf("%s: no hostile text in %.300s", path, a.body)
			}
			all = append(all, found...)
		}
		for _, p := range scrubtest.Payloads {
			if !strings.Contains(strings.Join(all, "\n"), p) {
				t.Errorf("no name carries %q", p)
			}
		}
		var tt []struct{ ID int }
		s.get("/api/TicketType").decode(t, &tt)
		if len(tt) == 0 || tt[0].ID != 1 {
			t.Errorf("ticket types %v, want Incident (id 1) first: the demo's setup chooses it by id", tt)
		}
	},
	"hostile-refusal": func(t *testing.T, s *session) {
		a := s.login("all").createTicket(nil)
		wantStatus(t, a, http.StatusBadRequest)
		for _, p := range scrubtest.Payloads {
			if !strings.Contains(a.text(), p) {
				t.Errorf("refusal %q lacks %q", a.body, p)
			}
		}
		if n := s.srv.Tenant.Stats().TicketsCreated; n != 0 {
			t.Errorf("%d tickets created", n)
		}
	},
	"create-answer-foreign": func(t *testing.T, s *session) {
		tk := s.login("all").mustCreate(nil)
		if tk.ID != 1001 {
			t.Fatalf("the create answer names ticket %d, want 1001 (someone else's)", tk.ID)
		}
		if own := createdTicket(t, s); own.ID == 1001 || own.Summary != "HIGH - Incident on DESKTOP-ARL0EQ1 (Contoso Ltd)" {
			t.Fatalf("the ticket created is %+v", own)
		}
	},
	"create-answer-zero": func(t *testing.T, s *session) {
		if tk := s.login("all").mustCreate(nil); tk.ID != 0 {
			t.Fatalf("the create answer names ticket %d, want 0", tk.ID)
		}
		createdTicket(t, s)
	},
	"create-answer-missing": func(t *testing.T, s *session) {
		a := s.login("all").createTicket(nil)
		wantStatus(t, a, http.StatusOK)
		var obj map[string]json.RawMessage
		a.decode(t, &obj)
		if _, has := obj["id"]; has || len(obj) == 0 {
			t.Fatalf("the create answer %s has an id", a.body)
		}
		createdTicket(t, s)
	},
	"create-answer-lost-search-fails": func(t *testing.T, s *session) {
		s.login("all")
		wantStatus(t, s.createTicket(nil), http.StatusBadGateway)
		wantStatus(t, s.get("/api/Tickets?search=DESKTOP-ARL0EQ1"), http.StatusInternalServerError)
		var list struct {
			Tickets []struct{ ID int } `json:"tickets"`
		}
		s.get("/api/Tickets?search=DESKTOP-ARL0EQ1").decode(t, &list)
		if len(list.Tickets) != 1 || list.Tickets[0].ID != 1004 {
			t.Fatalf("the second search found %v, want the lost ticket 1004", list.Tickets)
		}
		wantStatus(t, s.get("/api/Tickets?count=1"), http.StatusOK) // a list without search never fails
	},
	"agent-anonymous": func(t *testing.T, s *session) {
		var a map[string]any
		s.login("all").get("/api/Agent/me").decode(t, &a)
		for _, k := range []string{"id", "name", "email"} {
			if v, has := a[k]; !has || v != nil {
				t.Errorf("%s is %v, want null", k, v)
			}
		}
		if teams, _ := a["teams"].([]any); len(teams) != 1 {
			t.Errorf("teams %v, want the healthy agent's", a["teams"])
		}
	},
	"status-list-garbled": func(t *testing.T, s *session) {
		var list struct {
			Statuses json.RawMessage `json:"statuses"`
		}
		a := s.login("all").get("/api/Status")
		wantStatus(t, a, http.StatusOK)
		a.decode(t, &list)
		if len(list.Statuses) == 0 || list.Statuses[0] != '"' {
			t.Fatalf("statuses %s, want a sentence", list.Statuses)
		}
	},
	"tls-wrong-name": func(t *testing.T, s *session) {
		var name x509.HostnameError
		if err := tryFail(s); !errors.As(err, &name) {
			t.Fatalf("err %v, want a certificate for another name", err)
		}
		noRequests(t, s)
	},
	"tls-expired": func(t *testing.T, s *session) {
		var invalid x509.CertificateInvalidError
		if err := tryFail(s); !errors.As(err, &invalid) || invalid.Reason != x509.Expired {
			t.Fatalf("err %v, want an expired certificate", err)
		}
		noRequests(t, s)
	},
}

// createdTicket is the one ticket the probe created, as the tenant holds it.
func createdTicket(t *testing.T, s *session) halotest.Ticket {
	t.Helper()
	tk, ok := s.srv.Tenant.Ticket(1004)
	if !ok || s.srv.Tenant.Stats().TicketsCreated != 1 {
		t.Fatalf("the ticket was not created behind the answer")
	}
	if before, _ := s.srv.Tenant.Ticket(1001); before.StatusID != 2 || before.Closed {
		t.Errorf("someone else's ticket 1001 changed: %+v", before)
	}
	return tk
}

func noRequests(t *testing.T, s *session) {
	t.Helper()
	if n := s.srv.Tenant.Stats().Requests; n != 0 {
		t.Errorf("%d requests reached the tenant", n)
	}
}

// stringsIn lists every string in a decoded JSON value.
func stringsIn(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, stringsIn(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range v {
			out = append(out, stringsIn(e)...)
		}
		return out
	}
	return nil
}
