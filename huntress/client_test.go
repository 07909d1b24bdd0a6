package huntress_test

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halowiz/huntress"
	"halowiz/huntress/huntresstest"
)

// simulate serves a simulated Huntress API over TLS and returns client
// options that reach it with the demo key pair.
func simulate(t *testing.T, opts ...huntresstest.Option) (*huntresstest.Server, huntress.Options) {
	t.Helper()
	sim := huntresstest.NewServer(opts...)
	ts := httptest.NewTLSServer(sim)
	t.Cleanup(ts.Close)
	t.Cleanup(sim.Release) // runs first, so held requests end before Close waits for them
	return sim, huntress.Options{
		BaseURL:    ts.URL,
		Key:        huntresstest.DemoKey,
		Secret:     huntresstest.DemoSecret,
		HTTPClient: ts.Client(),
	}
}

func deadline(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestOrganizationsDefaultsAreTheMatchingCases(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t)
	orgs, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range orgs {
		names = append(names, o.Name)
	}
	want := "Contoso Ltd|Northwind Traders|Fabrikam Inc|globex corporation|Initech|Umbrella Corp|Wayne Enterprises|Stark Industries"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("names = %s\nwant    %s", got, want)
	}
	if orgs[0].Key != "contoso" || orgs[0].AgentsCount != 42 || orgs[0].AccountID != huntresstest.DemoAccountID {
		t.Errorf("first organization decoded as %+v", orgs[0])
	}
}

func TestOrganizationsFollowsEveryPageOf500(t *testing.T) {
	t.Parallel()
	sim, opts := simulate(t, huntresstest.WithOrganizations(1201))
	orgs, err := huntress.New(opts).Organizations(deadline(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1201 {
		t.Fatalf("got %d organizations, want 1201", len(orgs))
	}
	seen := map[int64]bool{}
	for _, o := range orgs {
		if seen[o.ID] {
			t.Fatalf("organization %d came twice", o.ID)
		}
		seen[o.ID] = true
	}
	if got := sim.Stats().Requests; got != 3 {
		t.Errorf("requests = %d, want 3 pages", got)
	}
}

func TestOrganizationsLegacyPageNumbers(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithScenario(huntresstest.Scenario{Name: "legacy", LegacyPaging: true, Organizations: 1100}))
	orgs, err := huntress.New(opts).Organizations(deadline(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1100 || orgs[1099].ID != orgs[0].ID+1099 {
		t.Errorf("got %d organizations, last id %d", len(orgs), orgs[len(orgs)-1].ID)
	}
}

func TestTenPagesAreNotSlowedByTheRateBudget(t *testing.T) {
	t.Parallel()
	sim, opts := simulate(t, huntresstest.WithOrganizations(5000))
	c := huntress.New(opts)
	ctx := deadline(t, 10*time.Second)
	start := time.Now()
	orgs, err := c.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 8*time.Second { // the rate budget would hold them back a minute
		t.Errorf("%d organizations took %s", len(orgs), elapsed)
	}
	if st := sim.Stats(); st.Requests != 10 || st.RateLimited != 0 {
		t.Errorf("stats = %+v, want 10 requests and no 429", st)
	}
}

func TestRateLimitedThenSucceedsAfterRetryAfter(t *testing.T) {
	t.Parallel()
	sim, opts := simulate(t, huntresstest.WithScenario(huntresstest.Scenario{RateLimited: 1, RetryAfter: "1"}))
	start := time.Now()
	if _, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("retried after %s, before the Retry-After of 1s", elapsed)
	}
	if st := sim.Stats(); st.Requests != 2 || st.RateLimited != 1 {
		t.Errorf("stats = %+v, want one 429 then one answer", st)
	}
}

func TestRetryAfterBeyondTheDeadlineFailsAtOnce(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithScenario(huntresstest.Scenario{RateLimited: 5, RetryAfter: "120"}))
	start := time.Now()
	_, err := huntress.New(opts).Organizations(deadline(t, 20*time.Second))
	if !errors.Is(err, huntress.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second { // waiting would take the whole deadline
		t.Errorf("gave up after %s; it cannot wait 120s, so it should not wait at all", elapsed)
	}
	if !strings.Contains(err.Error(), "would pass the deadline") {
		t.Errorf("err = %v, want it to say why it did not wait", err)
	}
}

func TestGatewayErrorThenSucceeds(t *testing.T) {
	t.Parallel()
	sim, opts := simulate(t, huntresstest.WithScenario(huntresstest.Scenario{Unavailable: 1}))
	if _, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := sim.Stats().Requests; got != 2 {
		t.Errorf("requests = %d, want a 503 and a retry", got)
	}
}

func TestRefusedCredentialsSayWhatToDo(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithScenario(huntresstest.BadCredentials))
	_, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second))
	if !errors.Is(err, huntress.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	var apiErr *huntress.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Path != "/v1/organizations" {
		t.Fatalf("err = %#v, want an APIError for 401 on /v1/organizations", err)
	}
	for _, want := range []string{"refused", "huntress.io/account/api_credentials", "invalid API key or secret"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %q, want it to mention %q", err, want)
		}
	}
}

func TestWrongSecretIsRefused(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t)
	opts.Secret = "not-the-secret"
	_, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second))
	if !errors.Is(err, huntress.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
}

func TestNeverAnsweringServerEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithScenario(huntresstest.NeverAnswers))
	start := time.Now()
	_, err := huntress.New(opts).Organizations(deadline(t, 300*time.Millisecond))
	if !errors.Is(err, huntress.ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second { // a hang would take the test's whole limit
		t.Errorf("returned after %s with a 300ms deadline", elapsed)
	}
}

func TestCancelledCallIsNotATimeout(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithScenario(huntresstest.NeverAnswers))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := huntress.New(opts).Organizations(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, huntress.ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestAnswerLargerThanMaxBodyIsRefused(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t)
	opts.MaxBody = 1024
	_, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second))
	if !errors.Is(err, huntress.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "1024 bytes") {
		t.Errorf("err = %q, want it to name the limit", err)
	}
}

func TestClosedPortIsUnreachable(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := huntress.New(huntress.Options{BaseURL: "https://" + addr, Key: "k", Secret: "s"})
	_, err = c.Organizations(deadline(t, 5*time.Second))
	if !errors.Is(err, huntress.ErrUnreachable) || errors.Is(err, huntress.ErrTimeout) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
}

func TestMalformedBaseURLFailsTheCall(t *testing.T) {
	t.Parallel()
	c := huntress.New(huntress.Options{BaseURL: "ftp://user:pw@example.com", Key: "k", Secret: "pw"})
	_, err := c.Organizations(deadline(t, time.Second))
	if err == nil || strings.Contains(err.Error(), "pw@") {
		t.Fatalf("err = %v, want a base URL error without the password", err)
	}
}

func TestConcurrentCallsShareOneClient(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t)
	c := huntress.New(opts)
	ctx := deadline(t, 5*time.Second)
	errs := make(chan error, 2)
	go func() { _, err := c.Organizations(ctx); errs <- err }()
	go func() { _, err := c.Organizations(ctx); errs <- err }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestDebugTraceHasOneLinePerRequest(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithScenario(huntresstest.Scenario{RateLimited: 1, RetryAfter: "0"}))
	var trace strings.Builder
	opts.Debug = &trace
	if _, err := huntress.New(opts).Organizations(deadline(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(trace.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "429") || !strings.Contains(lines[1], "retry 1") || !strings.Contains(lines[2], "200 OK") {
		t.Errorf("trace:\n%s", trace.String())
	}
}

// A retry is said where the person is looking: the client tells OnWait why
// it waits, how long and before which retry.
func TestEveryWaitBeforeARetryIsReported(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		scenario huntresstest.Scenario
		want     string
	}{
		{huntresstest.RateLimitBurst, "Huntress's rate limit: waiting 1s as Huntress asked, retry 1 (GET /v1/organizations)"},
		{huntresstest.Unavailable, "Huntress is busy (503 Service Unavailable): waiting"},
	} {
		_, opts := simulate(t, huntresstest.WithScenario(tc.scenario))
		var waits []string
		opts.OnWait = func(_ context.Context, w huntress.Wait) { waits = append(waits, w.String()) }
		if _, err := huntress.New(opts).Organizations(deadline(t, 20*time.Second)); err != nil {
			t.Fatalf("%s: %v", tc.scenario.Name, err)
		}
		if len(waits) != 2 || !strings.HasPrefix(waits[0], tc.want) {
			t.Errorf("%s: waits %q, want two, the first %q", tc.scenario.Name, waits, tc.want)
		}
	}
}
