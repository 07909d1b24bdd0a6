package halotest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"halowiz/halo/halotest"
)

func TestTokenEndpointRefusesWhatOpenIddictRefuses(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy()))
	form := func(id, secret, grant string) url.Values {
		return url.Values{"grant_type": {grant}, "client_id": {id}, "client_secret": {secret}, "scope": {"all"}}
	}
	cases := []struct {
		name   string
		form   url.Values
		query  string
		status int
		code   string
	}{
		{"wrong secret", form(halotest.ClientID, "not-the-secret", "client_credentials"), "", 401, "invalid_client"},
		{"wrong id", form("someone-else", halotest.ClientSecret, "client_credentials"), "", 401, "invalid_client"},
		{"other tenant", form(halotest.ClientID, halotest.ClientSecret, "client_credentials"), "?tenant=globex", 401, "invalid_client"},
		{"password grant", form(halotest.ClientID, halotest.ClientSecret, "password"), "", 400, "unsupported_grant_type"},
		{"no client id", form("", halotest.ClientSecret, "client_credentials"), "", 400, "invalid_request"},
		{"unknown scope", url.Values{"grant_type": {"client_credentials"}, "client_id": {halotest.ClientID},
			"client_secret": {halotest.ClientSecret}, "scope": {"read:everything"}}, "", 400, "invalid_scope"},
	}
	for _, c := range cases {
		a := s.tokenRequest(c.form, c.query)
		if a.status != c.status {
			t.Errorf("%s: status %d, want %d", c.name, a.status, c.status)
			continue
		}
		wantOAuthError(t, a, c.code)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		Scope       string `json:"scope"`
		ExpiresIn   int    `json:"expires_in"`
	}
	a := s.tokenRequest(form(halotest.ClientID, halotest.ClientSecret, "client_credentials"), "?tenant=ACME")
	a.decode(t, &tok)
	if a.status != 200 || tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 || tok.Scope != "all" {
		t.Errorf("token answer %d %+v", a.status, tok)
	}
}

func TestOtherCredentialsReplaceTheDemoOnes(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy(), halotest.WithCredentials("id-2", "secret-2")))
	wantStatus(t, s.requestToken("all"), http.StatusUnauthorized)
	a := s.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {"id-2"},
		"client_secret": {"secret-2"}}, "")
	wantStatus(t, a, http.StatusOK)
}

func TestDiscoveryNeedsNoToken(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy()))
	var oidc struct{ Issuer, TokenEndpoint string }
	a := s.get("/auth/.well-known/openid-configuration")
	a.decode(t, &oidc)
	if oidc.Issuer != "https://acme.halopsa.com/auth" || !strings.HasSuffix(a.text(), `"token_endpoint":"https://acme.halopsa.com/auth/token"}`) {
		t.Errorf("discovery %s", a.body)
	}
}

func TestAPIWantsAValidBearerToken(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy()))
	a := s.get("/api/Agent/me")
	wantStatus(t, a, http.StatusUnauthorized)
	if a.header.Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("WWW-Authenticate %q", a.header.Get("WWW-Authenticate"))
	}
	s.token = "made-up"
	a = s.get("/api/Agent/me")
	wantStatus(t, a, http.StatusUnauthorized)
	if !strings.Contains(a.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("WWW-Authenticate %q", a.header.Get("WWW-Authenticate"))
	}
}

func TestTokensExpireAfterAnHour(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newSession(t, start(t, halotest.Healthy(), halotest.WithClock(clock))).login("all")
	wantStatus(t, s.get("/api/Agent/me"), http.StatusOK)
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	wantStatus(t, s.get("/api/Agent/me"), http.StatusUnauthorized)
}

func TestPathsAndParametersIgnoreCase(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy())).login("all")
	for _, path := range []string{"/API/TICKETTYPE", "/api/tickettype/", "/Api/TicketType"} {
		wantStatus(t, s.get(path), http.StatusOK)
	}
	var tt struct{ Fields []any }
	s.get("/api/TicketType/1?IncludeDetails=True").decode(t, &tt)
	if len(tt.Fields) == 0 {
		t.Error("IncludeDetails=True listed no fields")
	}
	wantStatus(t, s.get("/api/NoSuchThing"), http.StatusNotFound)
	wantStatus(t, s.get("/api/Tickets/999999"), http.StatusNotFound)
	wantStatus(t, s.do(http.MethodDelete, "/api/Tickets/1001", nil, ""), http.StatusMethodNotAllowed)
}

func TestClientListPagesAreCappedAtAHundred(t *testing.T) {
	t.Parallel()
	// 8 named clients, one inactive, and 250 generated: 257 active.
	s := newSession(t, start(t, halotest.Healthy(), halotest.WithCustomers(250))).login("all")
	type list struct {
		RecordCount int `json:"record_count"`
		PageNo      int `json:"page_no"`
		PageSize    int `json:"page_size"`
		Clients     []struct {
			ID   int
			Name string
		}
	}
	get := func(query string) list {
		var l list
		s.get("/api/Client?"+query).decode(t, &l)
		return l
	}
	cases := []struct {
		query                 string
		records, rows, pageNo int
		pageSize, firstID     int
	}{
		{"pageinate=true&page_size=1000&page_no=1", 257, 100, 1, 1000, 1},
		{"pageinate=true&page_size=1000&page_no=3", 257, 57, 3, 1000, 202},
		{"pageinate=true&page_size=20&page_no=2", 257, 20, 2, 20, 22},
		{"pageinate=true&page_size=100&page_no=9", 257, 0, 9, 100, 0},
		{"count=5", 257, 5, 1, 5, 1},
		{"", 257, 257, 1, 257, 1},
		{"includeinactive=true", 258, 258, 1, 258, 1},
		{"search=CONTOSO", 1, 1, 1, 1, 2},
		{"search=umbrella&includeinactive=true", 1, 1, 1, 1, 7},
	}
	for _, c := range cases {
		l := get(c.query)
		first := 0
		if len(l.Clients) > 0 {
			first = l.Clients[0].ID
		}
		if l.RecordCount != c.records || len(l.Clients) != c.rows || l.PageNo != c.pageNo ||
			l.PageSize != c.pageSize || first != c.firstID {
			t.Errorf("%q: record_count %d, %d rows from id %d, page %d of size %d; want %d, %d from %d, %d of %d",
				c.query, l.RecordCount, len(l.Clients), first, l.PageNo, l.PageSize,
				c.records, c.rows, c.firstID, c.pageNo, c.pageSize)
		}
	}
	names := map[string]bool{}
	for _, c := range get("").Clients {
		if names[c.Name] {
			t.Errorf("generated name %q twice", c.Name)
		}
		names[c.Name] = true
	}
}

func TestNamedClientsAreTheOnesHuntressMatches(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy())).login("all")
	var l struct {
		Clients []struct {
			Name     string
			Inactive bool
		}
	}
	s.get("/api/Client?includeinactive=true").decode(t, &l)
	var got []string
	for _, c := range l.Clients {
		name := c.Name
		if c.Inactive {
			name += " (inactive)"
		}
		got = append(got, name)
	}
	want := "Acme IT Services, Contoso Ltd, Northwind Traders, Fabrikam, Inc., Globex Corporation, " +
		"Initech LLC, Umbrella Corp (inactive), Soylent Green Co"
	if strings.Join(got, ", ") != want {
		t.Errorf("clients %q", got)
	}
}

func TestTicketLifeCycle(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	srv := start(t, halotest.Healthy(), halotest.WithClock(func() time.Time { return now }))
	s := newSession(t, srv).login("all")
	first, second := s.mustCreate(nil), s.mustCreate(map[string]any{"tickettype_id": 5})
	if first.ID != 1004 || second.ID != 1005 {
		t.Fatalf("ids %d, %d: want 1004, 1005 after the three seeded tickets", first.ID, second.ID)
	}
	if first.SiteID != 2 || first.UserID != 2 || first.Team != "Service Desk" || first.StatusID != 1 {
		t.Errorf("context %+v, want Contoso's main site and General User, New, Service Desk", first)
	}
	if second.Category1 != "Security>EDR Alert" || second.Impact != 2 || second.Urgency != 1 {
		t.Errorf("Huntress Alert defaults not applied: %+v", second)
	}

	var resolved ticket
	s.post("/api/Tickets", []any{map[string]any{"id": first.ID, "status_id": 8}}).decode(t, &resolved)
	if resolved.HasBeenClosed || resolved.DateClosed != "" || resolved.StatusID != 8 {
		t.Errorf("resolved (an open status): %+v", resolved)
	}
	s.post("/api/Tickets", []any{map[string]any{"id": first.ID, "status_id": 9}}).decode(t, &resolved)
	if !resolved.HasBeenClosed || resolved.DateClosed != "2025-03-04T09:30:00Z" {
		t.Errorf("closed: %+v", resolved)
	}
	var reopened ticket
	s.post("/api/Actions", []any{map[string]any{"ticket_id": first.ID, "outcome_id": 7, "new_status": 2}})
	s.get("/api/Tickets/"+strconv.Itoa(first.ID)).decode(t, &reopened)
	if reopened.HasBeenClosed || reopened.DateClosed != "" || reopened.StatusID != 2 {
		t.Errorf("reopened by an action: %+v", reopened)
	}
	if got, _ := srv.Tenant.Ticket(first.ID); got.StatusID != 2 || got.Closed {
		t.Errorf("state %+v", got)
	}
	st := srv.Tenant.Stats()
	if st.TicketsCreated != 2 || srv.Tenant.Count("post", "/API/TICKETS") != 4 || st.ByRoute["POST /api/actions"] != 1 {
		t.Errorf("stats %+v", st)
	}
	if n := len(srv.Tenant.Tickets()); n != 5 {
		t.Errorf("%d tickets, want 5", n)
	}
}

func TestTicketRefusalsCreateNothing(t *testing.T) {
	t.Parallel()
	srv := start(t, halotest.Healthy())
	s := newSession(t, srv).login("all")
	cases := []struct {
		name   string
		fields map[string]any
		status int
		body   string
	}{
		{"inactive client", map[string]any{"client_id": 7}, 400, halotest.InvalidContextText},
		{"unknown client", map[string]any{"client_id": 999}, 400, halotest.InvalidContextText},
		{"another client's site", map[string]any{"site_id": 3}, 400, halotest.InvalidContextText},
		{"Problem without category", map[string]any{"tickettype_id": 3}, 400, "Category is mandatory\n"},
		{"Change Request", map[string]any{"tickettype_id": 4}, 400,
			"CODE:APP03/2 Please select the CAB members to approve\n"},
		{"unknown ticket type", map[string]any{"tickettype_id": 99}, 400, "Please select a valid Ticket Type"},
	}
	for _, c := range cases {
		a := s.createTicket(c.fields)
		if a.status != c.status || a.text() != c.body {
			t.Errorf("%s: %d %q, want %d %q", c.name, a.status, a.body, c.status, c.body)
		}
	}
	if s.mustCreate(map[string]any{"tickettype_id": 3, "category_1": "Hardware>Laptop"}).Category1 != "Hardware>Laptop" {
		t.Error("a Problem with its category was refused or lost it")
	}
	if n := srv.Tenant.Stats().TicketsCreated; n != 1 {
		t.Errorf("%d tickets created, want only the complete Problem", n)
	}
}

func TestMalformedBodiesGetValidationProblems(t *testing.T) {
	t.Parallel()
	s := newSession(t, start(t, halotest.Healthy())).login("all")
	cases := []struct{ body, key string }{
		{`{"summary":"an object, not an array"}`, "$"},
		{`[]`, "$"},
		{`[{"summary":"x","client_id":"two"}]`, "$[0].client_id"},
	}
	for _, c := range cases {
		a := s.do(http.MethodPost, "/api/Tickets", strings.NewReader(c.body), "application/json")
		var problem struct {
			Status int                 `json:"status"`
			Errors map[string][]string `json:"errors"`
		}
		a.decode(t, &problem)
		if a.status != 400 || problem.Status != 400 || len(problem.Errors[c.key]) == 0 {
			t.Errorf("%s: %d %s", c.body, a.status, a.body)
		}
	}
	a := s.post("/api/Actions", []any{map[string]any{"ticket_id": 1002, "note": "no outcome"}})
	if a.status != 400 || a.text() != "An Outcome must be entered for this Action" {
		t.Errorf("action without outcome: %d %q", a.status, a.body)
	}
}

func TestLogKeepsBodiesButNotSecrets(t *testing.T) {
	t.Parallel()
	srv := start(t, halotest.Healthy())
	s := newSession(t, srv).login("all")
	s.mustCreate(nil)
	for _, r := range srv.Tenant.Requests() {
		if strings.Contains(string(r.Body), halotest.ClientSecret) || strings.Contains(string(r.Body), s.token) {
			t.Errorf("%s %s logged a secret: %s", r.Method, r.Path, r.Body)
		}
	}
	tokenBodies := srv.Tenant.Bodies("POST", "/auth/token")
	if len(tokenBodies) != 1 || !strings.Contains(string(tokenBodies[0]), "client_secret=%5Bredacted%5D") {
		t.Errorf("token bodies %q", tokenBodies)
	}
	posts := srv.Tenant.Bodies("POST", "/api/tickets")
	var sent []map[string]any
	if len(posts) != 1 || json.Unmarshal(posts[0], &sent) != nil || sent[0]["client_id"] != 2.0 {
		t.Errorf("ticket bodies %q", posts)
	}
	log := srv.Tenant.Requests()
	if last := log[len(log)-1]; last.Status != 200 || last.Path != "/api/Tickets" {
		t.Errorf("last request %+v", last)
	}
}

func TestStatsCountConcurrentRequests(t *testing.T) {
	t.Parallel()
	srv := start(t, halotest.Healthy(), halotest.WithLatency(50*time.Millisecond))
	s := newSession(t, srv).login("all")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if a, err := s.try(t.Context(), http.MethodGet, "/api/Status", nil, ""); err != nil || a.status != 200 {
				t.Errorf("GET /api/Status: %v", err)
			}
		})
	}
	wg.Wait()
	st := srv.Tenant.Stats()
	if st.Requests != 9 || st.ByRoute["GET /api/status"] != 8 || st.MaxInFlight < 2 || st.InFlight != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestTenantServesUnderHTTPTest(t *testing.T) {
	t.Parallel()
	tenant := halotest.NewTenant(halotest.Healthy())
	ts := httptest.NewTLSServer(tenant)
	t.Cleanup(ts.Close)
	t.Cleanup(tenant.Close)
	resp, err := ts.Client().Get(ts.URL + "/api/authinfo")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var info struct {
		AuthURL string `json:"auth_url"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil || info.AuthURL != ts.URL+"/auth" {
		t.Errorf("auth_url %q (%v), want %s/auth", info.AuthURL, err, ts.URL)
	}
	if tenant.Scenario().Name != "healthy" {
		t.Errorf("scenario %q", tenant.Scenario().Name)
	}
}
