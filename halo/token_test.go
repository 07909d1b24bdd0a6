package halo

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestTokenRequestSendsTheSecretInTheFormAndTheScopesSpaceJoined(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		want := map[string]string{"grant_type": "client_credentials", "client_id": "client-id",
			"client_secret": testSecret, "scope": "read:tickets edit:tickets read:customers"}
		for k, v := range want {
			if got := r.PostForm.Get(k); got != v {
				t.Errorf("form %s = %q, want %q", k, got, v)
			}
		}
		if r.Header.Get("Authorization") != "" {
			t.Error("credentials were sent in a header as well")
		}
		grantToken(3600, "read:tickets edit:tickets read:customers")(w, r)
	})
	c := f.client(func(o *Options) { o.Scopes = []string{"read:tickets", "edit:tickets", "read:customers"} })
	if err := c.Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if c.GrantedScope() != "read:tickets edit:tickets read:customers" {
		t.Errorf("GrantedScope = %q", c.GrantedScope())
	}
}

func TestScopesDefaultToAll(t *testing.T) {
	if got := New(Options{Host: testHost}).scopes; len(got) != 1 || got[0] != "all" {
		t.Errorf("Scopes = %q", got)
	}
}

func TestTokenIsCachedAcrossCalls(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", agentOK)
	c := f.client()
	for range 3 {
		if _, err := c.Me(timeout(t, 5*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	f.wantCount(t, "POST /auth/token", 1)
}

func TestTokenIsRefreshedEarlyByAShareOfItsLifetime(t *testing.T) {
	for _, tt := range []struct {
		lifetime    int           // expires_in
		stillFresh  time.Duration // a call this long after issue reuses it
		replacedBy  time.Duration // a call this long after issue fetches anew
		description string
	}{
		{3600, 3530 * time.Second, 3541 * time.Second, "an hour's token is replaced a minute early"},
		{120, 95 * time.Second, 97 * time.Second, "a two-minute token, a fifth (24 s) early"},
		{60, 47 * time.Second, 49 * time.Second, "a one-minute token is used for most of its minute"},
	} {
		t.Run(tt.description, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.on("POST /auth/token", grantToken(tt.lifetime, "all"))
			f.on("GET /api/Agent/me", agentOK)
			c := f.client()
			issued := time.Now()
			c.now = func() time.Time { return issued }
			for _, at := range []time.Duration{0, tt.stillFresh / 2, tt.stillFresh} {
				c.now = func() time.Time { return issued.Add(at) }
				if _, err := c.Me(timeout(t, 5*time.Second)); err != nil {
					t.Fatal(err)
				}
			}
			if n := f.count("POST /auth/token"); n != 1 {
				t.Fatalf("%d token requests while the token was fresh", n)
			}
			c.now = func() time.Time { return issued.Add(tt.replacedBy) }
			if _, err := c.Me(timeout(t, 5*time.Second)); err != nil {
				t.Fatal(err)
			}
			f.wantCount(t, "POST /auth/token", 2)
		})
	}
}

func TestConcurrentCallsShareOneTokenFetch(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond)
		grantToken(3600, "all")(w, r)
	})
	f.on("GET /api/Agent/me", agentOK)
	c := f.client()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Me(timeout(t, 5*time.Second)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	f.wantCount(t, "POST /auth/token", 1)
}

func TestInvalidClientCostsExactlyOneTokenRequest(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", answerJSON(401, map[string]any{"error": "invalid_client"}))
	err := f.client().Token(timeout(t, 5*time.Second))
	var tokErr *TokenError
	if !errors.Is(err, ErrInvalidClient) || !errors.As(err, &tokErr) || tokErr.Status != 401 || tokErr.Code != "invalid_client" {
		t.Fatalf("err = %v, want a 401 invalid_client TokenError", err)
	}
	f.wantCount(t, "POST /auth/token", 1)
}

func TestTokenRefusalsAreSorted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		kind    error
		says    string
	}{
		{"invalid_client with 400", answerJSON(400, map[string]any{"error": "invalid_client", "error_description": "The client application is not known."}),
			ErrInvalidClient, "The client application is not known."},
		{"401 without a code", status(401), ErrInvalidClient, "401 Unauthorized"},
		{"invalid_scope", answerJSON(400, map[string]any{"error": "invalid_scope"}), ErrInvalidScope, "invalid_scope"},
		{"unauthorized_client", answerJSON(400, map[string]any{"error": "unauthorized_client"}), ErrTokenRefused, "unauthorized_client"},
		{"403", status(403), ErrTokenRefused, "403 Forbidden"},
		{"HTML page", answerText(500, "text/html", "<html><title>Service Unavailable - Zero size object</title><body>...</body></html>"), ErrTokenRefused, `an HTML page titled "Service Unavailable - Zero size object"`},
		{"404 names the token URL", status(404), ErrTokenRefused, "https://acme.halopsa.com/auth/token: 404 Not Found"},
		{"200 that is no token", answerText(200, "text/html", "<html>login</html>"), ErrTokenRefused, "the answer is not a token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.on("POST /auth/token", tt.handler)
			err := f.client().Token(timeout(t, 5*time.Second))
			var tokErr *TokenError
			if !errors.As(err, &tokErr) || !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want a TokenError of kind %v", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %q, want it to say %q", err, tt.says)
			}
		})
	}
}

func TestInvalidScopeCanBeRetriedWithTheScopesHuntressNeeds(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.PostForm.Get("scope") == "all" {
			writeJSON(w, 400, map[string]any{"error": "invalid_scope"})
			return
		}
		grantToken(3600, r.PostForm.Get("scope"))(w, r)
	})
	c := f.client()
	if err := c.Token(timeout(t, 5*time.Second)); !errors.Is(err, ErrInvalidScope) {
		t.Fatalf("err = %v, want ErrInvalidScope", err)
	}
	c.SetScopes([]string{"read:tickets", "edit:tickets", "read:customers"})
	if err := c.Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if c.GrantedScope() != "read:tickets edit:tickets read:customers" {
		t.Errorf("GrantedScope = %q", c.GrantedScope())
	}
}

func TestSetScopesDropsTheTokenHeld(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := f.client()
	if err := c.Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	c.SetScopes([]string{"read:tickets"})
	if c.GrantedScope() != "" {
		t.Error("a token for the old scopes is still held")
	}
	if err := c.Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	f.wantCount(t, "POST /auth/token", 2)
}

func TestToken429IsRetried(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", sequence(status(429, "Retry-After", "0"), grantToken(3600, "all")))
	if err := f.client().Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	f.wantCount(t, "POST /auth/token", 2)
}

func TestToken429PastTheDeadlineIsRateLimited(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", status(429, "Retry-After", "300"))
	err := f.client().Token(timeout(t, 5*time.Second))
	var tokErr *TokenError
	if !errors.Is(err, ErrRateLimited) || !errors.Is(err, ErrTokenRefused) || !errors.As(err, &tokErr) || tokErr.RetryAfter != 5*time.Minute {
		t.Errorf("err = %v, want a rate-limited TokenError asking for 5m0s", err)
	}
}

func TestTokenTimeoutIsATimeout(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", hang)
	err := f.client().Token(timeout(t, 300*time.Millisecond))
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
}

func TestATokenOfAnotherTypeThanBearerIsNotUsed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", answerJSON(200, map[string]any{"access_token": testToken, "token_type": "mac", "expires_in": 3600}))
	f.on("GET /api/Agent/me", agentOK)
	_, err := f.client().Me(timeout(t, 5*time.Second))
	if !errors.Is(err, ErrTokenRefused) || !strings.Contains(err.Error(), `"mac"`) || !NotSent(err) {
		t.Fatalf("err = %v, want the mac token refused before any API request", err)
	}
	f.wantCount(t, "GET /api/Agent/me", 0)
}

func TestTokenRequestsAreBoundedWhateverHaloAnswers(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", grantToken(1, "all")) // each token is stale by the next call
	f.on("GET /api/Agent/me", agentOK)
	c := f.client()
	var clock atomic.Int64
	c.now = func() time.Time { return time.Now().Add(time.Duration(clock.Add(int64(2 * time.Second)))) }
	var last error
	for range 3 * maxTokenRequests {
		_, last = c.Me(timeout(t, 5*time.Second))
	}
	if n := f.count("POST /auth/token"); n > maxTokenRequests {
		t.Errorf("%d token requests, want at most %d", n, maxTokenRequests)
	}
	if !errors.Is(last, ErrTokenRefused) || !strings.Contains(last.Error(), "times in this run") {
		t.Errorf("last err = %v, want the token limit said", last)
	}
}

func TestAStormOf503sOnTheTokenEndpointStaysBounded(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", status(503))
	c := f.client()
	for range 5 {
		_ = c.Token(timeout(t, 5*time.Second))
	}
	if n := f.count("POST /auth/token"); n > maxTokenRequests {
		t.Errorf("%d token requests, want at most %d", n, maxTokenRequests)
	}
}

// refuseToken answers 401 the way an API refuses the bearer token itself
// (RFC 6750: expired, revoked).
func refuseToken(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The token is no longer valid."`)
	w.WriteHeader(http.StatusUnauthorized)
}

func TestARefusedTokenIsRenewedOnceAndTheCallRepeated(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var calls atomic.Int32
	f.on("GET /api/Agent/me", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			refuseToken(w, r)
			return
		}
		agentOK(w, r)
	})
	c := f.readyClient(t)
	if _, err := c.Me(timeout(t, 5*time.Second)); err != nil {
		t.Fatalf("Me after a revoked token: %v, want the call repeated with a new token", err)
	}
	f.wantCount(t, "POST /auth/token", 2)
	f.wantCount(t, "GET /api/Agent/me", 2)
}

func TestATokenRefusedAgainIsErrTokenRejectedNotTheAgentsRights(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Tickets/1004", refuseToken)
	c := f.readyClient(t)
	_, err := c.Ticket(timeout(t, 5*time.Second), 1004)
	var apiErr *APIError
	if !errors.Is(err, ErrTokenRejected) || !errors.As(err, &apiErr) || !apiErr.TokenRejected || !strings.Contains(err.Error(), "invalid_token") {
		t.Fatalf("err = %v, want ErrTokenRejected", err)
	}
	f.wantCount(t, "POST /auth/token", 1+maxTokenRenewals)
	f.wantCount(t, "GET /api/Tickets/1004", 1+maxTokenRenewals)
}

// A token other calls used up while this one fetched its new token is
// refused too: the call is repeated again, with yet another token.
func TestACallOutlastsTokensUsedUpByOthers(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var calls atomic.Int32
	f.on("GET /api/Agent/me", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			refuseToken(w, r)
			return
		}
		agentOK(w, r)
	})
	c := f.readyClient(t)
	if _, err := c.Me(timeout(t, 5*time.Second)); err != nil {
		t.Fatalf("Me: %v, want it to outlast two refused tokens", err)
	}
	f.wantCount(t, "POST /auth/token", 3)
}

// Halo's 401 on a ticket the agent's teams do not cover is about the
// agent, not the token: no new token, no repeat.
func TestA401ThatIsNotAboutTheTokenIsNotRepeated(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Tickets/1004", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", "Bearer")
		w.WriteHeader(http.StatusUnauthorized)
	})
	c := f.readyClient(t)
	_, err := c.Ticket(timeout(t, 5*time.Second), 1004)
	if errors.Is(err, ErrTokenRejected) || err == nil {
		t.Fatalf("err = %v, want a plain 401", err)
	}
	f.wantCount(t, "POST /auth/token", 1)
	f.wantCount(t, "GET /api/Tickets/1004", 1)
}

// A 401 storm: every token the endpoint issues is refused by the API. The
// run's token requests stay within maxTokenRequests however many calls
// meet it, concurrent ones included.
func TestA401StormStaysWithinTheTokenBound(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", refuseToken)
	c := f.client()
	var wg sync.WaitGroup
	for range 2 * maxTokenRequests {
		wg.Go(func() {
			_, err := c.Me(timeout(t, 5*time.Second))
			if !errors.Is(err, ErrTokenRejected) && !errors.Is(err, ErrTokenRefused) {
				t.Errorf("err = %v, want the token refused", err)
			}
		})
	}
	wg.Wait()
	if n := f.count("POST /auth/token"); n > maxTokenRequests {
		t.Errorf("%d token requests, want at most %d", n, maxTokenRequests)
	}
}

// A create refused for its token never reached Halo's handling: it is
// repeated with a new token, a bounded number of times.
func TestACreateRefusedForItsTokenIsRepeatedBoundedly(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /api/Tickets", refuseToken)
	c := f.readyClient(t)
	_, err := c.CreateTicket(timeout(t, 5*time.Second), NewTicket{Summary: "s", TicketTypeID: 1, ClientID: 1})
	if !errors.Is(err, ErrTokenRejected) || !Refused(err) {
		t.Fatalf("err = %v, want the token refused (and nothing created)", err)
	}
	f.wantCount(t, "POST /api/Tickets", 1+maxTokenRenewals)
}
