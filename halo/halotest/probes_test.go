package halotest_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"halowiz/halo/halotest"
)

// agentAnswer is the part of GET /api/Agent/me the probes read.
type agentAnswer struct {
	IsAPIAgent bool   `json:"isapiagent"`
	IsDisabled bool   `json:"isdisabled"`
	Team       string `json:"team"`
	Teams      []struct {
		TeamName         string `json:"team_name"`
		UnassignedAccess bool   `json:"unassigned_access"`
		OtherAgentAccess bool   `json:"otheragent_access"`
	} `json:"teams"`
	Departments []struct {
		DepartmentName string `json:"department_name"`
	} `json:"departments"`
}

func me(s *session) agentAnswer {
	s.t.Helper()
	var a agentAnswer
	s.get("/api/Agent/me").decode(s.t, &a)
	return a
}

func wantStatus(t *testing.T, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d (body %.200q)", a.status, status, a.body)
	}
}

// scenarioProbes drive each scenario far enough to see what makes it that
// scenario. Every scenario in the table must have one.
var scenarioProbes = map[string]func(t *testing.T, s *session){
	"healthy": func(t *testing.T, s *session) {
		s.login("all")
		a := me(s)
		if !a.IsAPIAgent || a.IsDisabled || len(a.Teams) != 1 || !a.Teams[0].UnassignedAccess ||
			!a.Teams[0].OtherAgentAccess || len(a.Departments) != 1 {
			t.Fatalf("agent %+v is not the healthy API agent", a)
		}
		tk := s.mustCreate(nil)
		wantStatus(t, s.get("/api/Tickets/"+strconv.Itoa(tk.ID)+"?count=1"), http.StatusOK)
		var closed ticket
		s.post("/api/Tickets", []any{map[string]any{"id": tk.ID, "status_id": 9}}).decode(t, &closed)
		if !closed.HasBeenClosed || closed.DateClosed == "" || closed.StatusID != 9 {
			t.Fatalf("after closing: %+v", closed)
		}
	},
	"invalid-client": func(t *testing.T, s *session) {
		a := s.requestToken("all")
		wantStatus(t, a, http.StatusUnauthorized)
		wantOAuthError(t, a, "invalid_client")
	},
	"scope-missing": func(t *testing.T, s *session) {
		for _, scope := range []string{"all", "read:tickets edit:tickets read:customers", "read:customers"} {
			a := s.requestToken(scope)
			wantStatus(t, a, http.StatusBadRequest)
			wantOAuthError(t, a, "invalid_scope")
		}
		s.login("read:tickets")
		a := s.get("/api/Client?count=1")
		wantStatus(t, a, http.StatusForbidden)
		if !strings.Contains(a.header.Get("WWW-Authenticate"), "insufficient_scope") {
			t.Errorf("WWW-Authenticate %q", a.header.Get("WWW-Authenticate"))
		}
		wantStatus(t, s.get("/api/Tickets?count=1"), http.StatusOK)
	},
	"agent-not-api-only": func(t *testing.T, s *session) {
		if me(s.login("all")).IsAPIAgent {
			t.Fatal("isapiagent is true")
		}
	},
	"agent-disabled": func(t *testing.T, s *session) {
		if !me(s.login("all")).IsDisabled {
			t.Fatal("isdisabled is false")
		}
	},
	"agent-no-team": func(t *testing.T, s *session) {
		if a := me(s.login("all")); len(a.Teams) != 0 || len(a.Departments) != 0 || a.Team != "" {
			t.Fatalf("agent still has memberships: %+v", a)
		}
	},
	"team-visibility": func(t *testing.T, s *session) {
		a := me(s.login("all"))
		if len(a.Teams) != 1 || a.Teams[0].UnassignedAccess || a.Teams[0].OtherAgentAccess || len(a.Departments) != 0 {
			t.Fatalf("team flags or department still grant visibility: %+v", a)
		}
		tk := s.mustCreate(nil)
		wantStatus(t, s.get("/api/Tickets/"+strconv.Itoa(tk.ID)), http.StatusUnauthorized)
	},
	"spinning-setup": func(t *testing.T, s *session) {
		s.login("all")
		wantStatus(t, s.get("/api/Client?pageinate=true&page_size=50&page_no=1"), http.StatusForbidden)
		if a := me(s); a.Teams[0].UnassignedAccess || a.Teams[0].OtherAgentAccess {
			t.Fatalf("team flags on: %+v", a)
		}
	},
	"clients-refused": func(t *testing.T, s *session) {
		s.login("all")
		a := s.get("/api/Client?count=1")
		wantStatus(t, a, http.StatusForbidden)
		if !strings.Contains(a.text(), "permission to view Clients") {
			t.Errorf("body %q", a.body)
		}
		wantStatus(t, s.get("/api/Client/2"), http.StatusForbidden)
		wantStatus(t, s.get("/api/Tickets?count=1"), http.StatusOK)
	},
	"tickets-refused": func(t *testing.T, s *session) {
		s.login("all")
		a := s.get("/api/Tickets?count=1")
		wantStatus(t, a, http.StatusForbidden)
		if !strings.Contains(a.text(), "permission to view Tickets") {
			t.Errorf("body %q", a.body)
		}
		wantStatus(t, s.get("/api/Client?count=1"), http.StatusOK)
	},
	"mandatory-fields": func(t *testing.T, s *session) {
		s.login("all")
		a := s.createTicket(nil)
		wantStatus(t, a, http.StatusBadRequest)
		if got, want := a.text(), "Category is mandatory\nImpact is mandatory\nUrgency is mandatory\n"; got != want {
			t.Errorf("body %q, want %q", got, want)
		}
		if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("Content-Type %q", ct)
		}
		if n := s.srv.Tenant.Stats().TicketsCreated; n != 0 {
			t.Errorf("%d tickets created", n)
		}
		var tt struct {
			Fields []struct {
				FieldInfo struct {
					Label, DefaultValue string
					Mandatory           bool
				} `json:"fieldinfo"`
			} `json:"fields"`
		}
		s.get("/api/TicketType/1?includedetails=true").decode(t, &tt)
		var bare []string
		for _, f := range tt.Fields {
			if f.FieldInfo.Mandatory && f.FieldInfo.DefaultValue == "" {
				bare = append(bare, f.FieldInfo.Label)
			}
		}
		if !slices.Equal(bare, []string{"Category", "Impact", "Urgency"}) {
			t.Errorf("mandatory fields without default: %v", bare)
		}
	},
	"me-without-teams": func(t *testing.T, s *session) {
		var me, full struct {
			Teams []struct{ TeamID int } `json:"teams"`
		}
		s.login("all").get("/api/Agent/me").decode(t, &me)
		s.get("/api/Agent/"+strconv.Itoa(halotest.APIAgentID)+"?includedetails=true").decode(t, &full)
		if len(me.Teams) != 0 || len(full.Teams) == 0 {
			t.Errorf("/me teams %v, details teams %v", me.Teams, full.Teams)
		}
	},
	"agent-details-refused": func(t *testing.T, s *session) {
		a := s.login("all").get("/api/Agent/" + strconv.Itoa(halotest.APIAgentID) + "?includedetails=true")
		wantStatus(t, a, http.StatusForbidden)
	},
	"mandatory-per-type": func(t *testing.T, s *session) {
		var tt struct {
			Fields []struct {
				TechNew   int `json:"technew"`
				FieldInfo struct {
					Label     string `json:"label"`
					Mandatory bool   `json:"mandatory"`
				} `json:"fieldinfo"`
			} `json:"fields"`
		}
		s.login("all").get("/api/TicketType/1?includedetails=true").decode(t, &tt)
		for _, f := range tt.Fields {
			if f.FieldInfo.Mandatory {
				t.Errorf("%s is flagged mandatory in fieldinfo", f.FieldInfo.Label)
			}
		}
		a := s.createTicket(nil)
		wantStatus(t, a, http.StatusBadRequest)
		if !strings.Contains(a.text(), "Category is mandatory") {
			t.Errorf("body %q", a.body)
		}
	},
	"mandatory-fields-html": func(t *testing.T, s *session) {
		a := s.login("all").createTicket(nil)
		wantStatus(t, a, http.StatusBadRequest)
		if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(a.text(), "<p>Category is mandatory<br>Impact is mandatory<br>Urgency is mandatory</p>") {
			t.Errorf("%s body %q, want the refusal inside a page", ct, a.body)
		}
	},
	"mandatory-fields-validation": func(t *testing.T, s *session) {
		a := s.login("all").createTicket(nil)
		wantStatus(t, a, http.StatusBadRequest)
		var v struct{ Errors map[string][]string }
		a.decode(t, &v)
		if len(v.Errors) != 3 || v.Errors["[0].field1"][0] != "Category is mandatory" {
			t.Errorf("errors %v", v.Errors)
		}
	},
	"invalid-context-json": func(t *testing.T, s *session) {
		a := s.login("all").createTicket(map[string]any{"client_id": 1})
		wantStatus(t, a, http.StatusBadRequest)
		var text string
		a.decode(t, &text)
		if text != halotest.InvalidContextText {
			t.Errorf("body %q", a.body)
		}
	},
	"invalid-context": func(t *testing.T, s *session) {
		s.login("all")
		a := s.createTicket(map[string]any{"client_id": 1})
		wantStatus(t, a, http.StatusBadRequest)
		if a.text() != halotest.InvalidContextText {
			t.Errorf("body %q", a.body)
		}
		var users struct {
			RecordCount int `json:"record_count"`
		}
		s.get("/api/Users?client_id=1").decode(t, &users)
		if users.RecordCount != 0 {
			t.Errorf("the MSP has %d users, want no General User", users.RecordCount)
		}
	},
	"not-visible": func(t *testing.T, s *session) {
		s.login("all")
		tk := s.mustCreate(nil)
		if tk.Team != "Security Operations" {
			t.Errorf("ticket landed in %q", tk.Team)
		}
		wantStatus(t, s.get("/api/Tickets/"+strconv.Itoa(tk.ID)+"?count=1"), http.StatusUnauthorized)
	},
	"create-answer-lost": func(t *testing.T, s *session) {
		s.login("all")
		wantStatus(t, s.createTicket(map[string]any{"client_id": 1}), http.StatusBadGateway)
		if n := s.srv.Tenant.Stats().TicketsCreated; n != 1 {
			t.Errorf("%d tickets created behind the lost answer, want 1", n)
		}
	},
	"cannot-close": func(t *testing.T, s *session) {
		s.login("all")
		tk := s.mustCreate(nil)
		a := s.post("/api/Tickets", []any{map[string]any{"id": tk.ID, "status_id": 9}})
		wantStatus(t, a, http.StatusForbidden)
		if got, _ := s.srv.Tenant.Ticket(tk.ID); got.Closed || got.StatusID != 1 {
			t.Errorf("ticket after refusal: %+v", got)
		}
	},
	"status-not-closing": func(t *testing.T, s *session) {
		s.login("all")
		tk := s.mustCreate(nil)
		var after ticket
		a := s.post("/api/Tickets", []any{map[string]any{"id": tk.ID, "status_id": 9}})
		wantStatus(t, a, http.StatusOK)
		a.decode(t, &after)
		if after.HasBeenClosed || after.StatusID == 9 {
			t.Errorf("ticket closed: %+v", after)
		}
	},
	"no-closed-status": func(t *testing.T, s *session) {
		var all, open []struct{ ID int }
		s.login("all").get("/api/Status").decode(t, &all)
		s.get("/api/Status?excludeclosed=true").decode(t, &open)
		if len(all) == 0 || len(all) != len(open) {
			t.Fatalf("excludeclosed left out %d of %d statuses, want none", len(all)-len(open), len(all))
		}
		for _, st := range all {
			if st.ID == 9 {
				t.Fatalf("the built-in Closed (id 9) is listed: %+v", all)
			}
		}
	},
	"resolved-open": func(t *testing.T, s *session) {
		var open []struct {
			ID   int
			Name string
		}
		s.login("all").get("/api/Status?excludeclosed=true").decode(t, &open)
		if !slices.ContainsFunc(open, func(st struct {
			ID   int
			Name string
		}) bool {
			return st.Name == "Resolved"
		}) {
			t.Fatalf("Resolved is not among the open statuses: %+v", open)
		}
	},
	"closed-filter-ignored": func(t *testing.T, s *session) {
		var all, open []struct{ ID int }
		s.login("all").get("/api/Status").decode(t, &all)
		s.get("/api/Status?excludeclosed=true").decode(t, &open)
		if len(all) != len(open) {
			t.Fatalf("excludeclosed was applied: %d of %d statuses", len(open), len(all))
		}
	},
	"rate-limit-window": func(t *testing.T, s *session) {
		a := s.login("all").get("/api/Agent/me")
		if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "" || !strings.Contains(string(a.body), "Rate Limit Reached") {
			t.Fatalf("first request: %d %q (Retry-After %q), want Halo's 429 without Retry-After", a.status, a.body, a.header.Get("Retry-After"))
		}
	},
	"rate-limited": func(t *testing.T, s *session) {
		s.login("all")
		for range 2 {
			a := s.get("/api/Agent/me")
			wantStatus(t, a, http.StatusTooManyRequests)
			if a.header.Get("Retry-After") != "1" || a.text() != halotest.RateLimitText {
				t.Fatalf("Retry-After %q, body %q", a.header.Get("Retry-After"), a.body)
			}
		}
		wantStatus(t, s.get("/api/Agent/me"), http.StatusOK)
	},
	"server-errors": func(t *testing.T, s *session) {
		s.login("all")
		var got []int
		for range 6 {
			got = append(got, s.get("/api/Status").status)
		}
		if want := []int{503, 200, 200, 200, 502, 200}; !slices.Equal(got, want) {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	},
	"never-answers": func(t *testing.T, s *session) {
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		_, err := s.try(ctx, http.MethodGet, "/api/authinfo", nil, "")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err %v, want the deadline", err)
		}
	},
	"html-page": func(t *testing.T, s *session) {
		a := s.get("/api/authinfo")
		wantStatus(t, a, http.StatusOK)
		if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") ||
			!strings.Contains(a.text(), "<title>"+halotest.HTMLPageTitle+"</title>") {
			t.Fatalf("%s: %.200q", ct, a.body)
		}
	},
	"huge-body": func(t *testing.T, s *session) {
		a := s.login("all").get("/api/Client?count=1")
		wantStatus(t, a, http.StatusOK)
		if len(a.body) <= 10<<20 || a.header.Get("Content-Length") != strconv.Itoa(len(a.body)) {
			t.Fatalf("%d bytes, Content-Length %s", len(a.body), a.header.Get("Content-Length"))
		}
		if !json.Valid(a.body) {
			t.Fatal("the huge body is not valid JSON")
		}
		head := regexp.MustCompile(`^\{"record_count":(\d+),`).FindSubmatch(a.body)
		if ids := bytes.Count(a.body, []byte(`{"id":`)); head == nil || string(head[1]) != strconv.Itoa(ids) {
			t.Errorf("record_count %q for %d clients", head, ids)
		}
	},
	"organizations-unmatched": func(t *testing.T, s *session) {
		// The tenant is the healthy one; what the scenario changes is the
		// Huntress account beside it, which the demo serves.
		if !s.srv.Tenant.Scenario().UnmatchedOrganizations {
			t.Fatal("the scenario does not ask for the unmatched Huntress organizations")
		}
		s.login("all")
		wantStatus(t, s.get("/api/Client?count=1"), http.StatusOK)
	},
	"slow": func(t *testing.T, s *session) {
		began := time.Now()
		wantStatus(t, s.get("/api/authinfo"), http.StatusOK)
		if took := time.Since(began); took < 2900*time.Millisecond {
			t.Fatalf("answered in %v", took)
		}
	},
	"custom-domain": func(t *testing.T, s *session) {
		if s.srv.URL != "https://support.acme-it.com" {
			t.Fatalf("URL %s", s.srv.URL)
		}
		var info struct {
			AuthURL string `json:"auth_url"`
		}
		s.get("/api/authinfo").decode(t, &info)
		if info.AuthURL != "https://support.acme-it.com/auth" {
			t.Fatalf("auth_url %q", info.AuthURL)
		}
		if me(s.login("all")).Team != "Service Desk" {
			t.Fatal("data is not the healthy tenant's")
		}
	},
	"dns-failure": func(t *testing.T, s *session) {
		var dnsErr *net.DNSError
		if err := tryFail(s); !errors.As(err, &dnsErr) || !dnsErr.IsNotFound || dnsErr.Name != s.srv.Host {
			t.Fatalf("err %v, want a not-found DNS error for %s", err, s.srv.Host)
		}
	},
	"connection-refused": func(t *testing.T, s *session) {
		if err := tryFail(s); !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("err %v, want connection refused", err)
		}
	},
	"tls-failure": func(t *testing.T, s *session) {
		var unknown x509.UnknownAuthorityError
		if err := tryFail(s); !errors.As(err, &unknown) {
			t.Fatalf("err %v, want an unknown certificate authority", err)
		}
		if n := s.srv.Tenant.Stats().Requests; n != 0 {
			t.Errorf("%d requests reached the tenant", n)
		}
	},
}

// tryFail sends a request that must not get an answer, and returns why.
func tryFail(s *session) error {
	s.t.Helper()
	a, err := s.try(context.Background(), http.MethodGet, "/api/authinfo", nil, "")
	if err == nil {
		s.t.Fatalf("got an answer: %d", a.status)
	}
	return err
}

func wantOAuthError(t *testing.T, a answer, code string) {
	t.Helper()
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	a.decode(t, &e)
	if e.Error != code || e.Description == "" {
		t.Fatalf("error %q (%q), want %q", e.Error, e.Description, code)
	}
}
