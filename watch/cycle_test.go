package watch_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/report"
	"halowiz/steps"
	"halowiz/watch"
	"halowiz/watch/watchtest"
)

var now = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// contractSeverity is the contract's table of watch.* ids.
var contractSeverity = map[string]steps.Severity{
	"watch.huntress-psa-action": steps.Fail, "watch.token-refused": steps.Fail, "watch.agent-changed": steps.Fail,
	"watch.ticket-type-changed": steps.Fail, "watch.resolution-status-changed": steps.Fail, "watch.halo-upgraded": steps.Info,
	"watch.ticket-missing": steps.Fail, "watch.ticket-duplicate": steps.Warn, "watch.ticket-open-after-close": steps.Warn,
	"watch.ticket-wrong-client": steps.Warn, "watch.flow-proven": steps.Pass, "watch.flow-unproven": steps.Info,
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// world serves a scenario for one test.
func world(t testing.TB, name string, opts ...watchtest.Option) *watchtest.World {
	t.Helper()
	sc, ok := watchtest.Lookup(name)
	if !ok {
		t.Fatalf("no watch scenario %q", name)
	}
	w, err := watchtest.Start(sc, now, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

// cycle runs one cycle against w after prev.
func cycle(t testing.TB, w *watchtest.World, prev watch.TenantState, change ...func(*steps.Config)) watch.Cycle {
	t.Helper()
	cfg := w.Config()
	cfg.Timeout = 5 * time.Second
	for _, c := range change {
		c(&cfg)
	}
	return watch.Run(ctx(t), watch.Config{Steps: cfg}, watch.Env{Steps: w.Env(), Now: func() time.Time { return now }}, prev)
}

// primed is the state of a good cycle an hour before now.
func primed(t testing.TB) watch.TenantState {
	t.Helper()
	st, err := watchtest.Prime(ctx(t), now.Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func watchStep(t testing.TB, rep steps.Report) steps.Result {
	t.Helper()
	r, ok := rep.Step(watch.Step)
	if !ok || len(rep.Steps) != 6 || rep.Steps[5].Step != watch.Step {
		t.Fatalf("the report has no sixth step watch: %+v", rep.Steps)
	}
	return r
}

func ids(r steps.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID+"("+string(f.Severity)+")")
	}
	return out
}

func TestEveryScenarioProvokesItsFindings(t *testing.T) {
	base := primed(t)
	for _, sc := range watchtest.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			w := world(t, sc.Name)
			c := cycle(t, w, base)
			ws := watchStep(t, c.Report)
			for _, id := range sc.Provokes {
				if !ws.Has(id) {
					t.Errorf("no %s; the watch step reported %v", id, ids(ws))
				}
			}
			failing := false
			for _, f := range ws.Findings {
				failing = failing || f.Severity == steps.Fail
				if want, ok := contractSeverity[f.ID]; ok && f.Severity != want {
					t.Errorf("%s is %s, the contract says %s", f.ID, f.Severity, want)
				}
				if strings.HasPrefix(f.ID, "watch.") && f.Severity != steps.Info && f.Severity != steps.Pass && !slices.Contains(sc.Provokes, f.ID) {
					t.Errorf("%s (%s) is not among what %s provokes: %s", f.ID, f.Severity, sc.Name, f.Message)
				}
			}
			wantOK := sc.Halo == ""
			for _, id := range sc.Provokes {
				wantOK = wantOK && contractSeverity[id] != steps.Fail
			}
			if c.Report.OK() != wantOK || failing && wantOK {
				t.Errorf("ok = %t, want %t", c.Report.OK(), wantOK)
			}
			if created := w.Halo.Tenant.Stats().TicketsCreated; created != 0 {
				t.Errorf("a cycle without --send-test-ticket created %d tickets", created)
			}
			var js bytes.Buffer
			if err := report.JSON(&js, c.Report); err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{halotest.ClientSecret, huntresstest.DemoSecret} {
				if bytes.Contains(js.Bytes(), []byte(secret)) {
					t.Errorf("the JSON document carries a secret")
				}
			}
		})
	}
}

func TestHealthyCycleProvesEveryReport(t *testing.T) {
	c := cycle(t, world(t, "healthy"), primed(t))
	ws := watchStep(t, c.Report)
	if ws.Status != steps.StatusPass || !c.Report.OK() {
		t.Fatalf("healthy watch step %s: %v", ws.Status, ids(ws))
	}
	for _, f := range ws.Findings {
		if f.ID == "watch.flow-proven" && !strings.Contains(f.Message, "Each of the 5 incident reports Huntress sent in the last 7 days has its Halo ticket (3 found by Huntress's link") {
			t.Errorf("flow-proven says %q; want the five reports sent this week, two of them found by summary", f.Message)
		}
	}
}

func TestTwoCyclesCarryDriftThroughTheStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "halowiz", watch.StateFile)
	healthy := world(t, "healthy")
	first := cycle(t, healthy, watch.TenantState{})
	if !watchStep(t, first.Report).Has("watch.baseline") || !first.Report.OK() {
		t.Fatalf("first cycle: %v", ids(watchStep(t, first.Report)))
	}
	var st watch.State
	st.SetTenant(halotest.DefaultHost, halotest.ClientID, first.State)
	if err := watch.SaveState(path, st); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}

	// Between the cycles someone disables the API agent.
	loaded, err := watch.LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	second := cycle(t, world(t, "agent-disabled"), loaded.Tenant(halotest.DefaultHost, halotest.ClientID))
	ws := watchStep(t, second.Report)
	if !ws.Has("watch.agent-changed") || second.Report.OK() {
		t.Fatalf("second cycle: %v", ids(ws))
	}
	var changed []string
	for _, ch := range second.Changes {
		changed = append(changed, ch.ID+":"+string(ch.Was)+">"+string(ch.Now))
	}
	for _, want := range []string{"agent.disabled:>fail", "watch.agent-changed:>fail", "watch.baseline:info>"} {
		if !slices.Contains(changed, want) {
			t.Errorf("changes %v lack %s", changed, want)
		}
	}

	// The agent is enabled again: the drift clears, and says so.
	third := cycle(t, healthy, second.State)
	changed = changed[:0]
	for _, ch := range third.Changes {
		if ch.Notable() {
			changed = append(changed, ch.ID+":"+string(ch.Was)+">"+string(ch.Now))
		}
	}
	if !third.Report.OK() || !slices.Contains(changed, "watch.agent-changed:fail>") {
		t.Errorf("third cycle ok %t, notable changes %v", third.Report.OK(), changed)
	}
}

func TestASecondIdenticalCycleChangesNothing(t *testing.T) {
	w := world(t, "ticket-missing")
	first := cycle(t, w, primed(t))
	second := cycle(t, w, first.State)
	for _, ch := range second.Changes {
		if ch.Notable() {
			t.Errorf("nothing changed, yet %s went from %q to %q", ch.ID, ch.Was, ch.Now)
		}
	}
}

func TestCycleWithoutHuntressKeyStillWatchesHalo(t *testing.T) {
	c := cycle(t, world(t, "healthy"), primed(t), func(c *steps.Config) { c.HuntressKey, c.HuntressSecret = "", "" })
	ws := watchStep(t, c.Report)
	if !ws.Has("watch.huntress-not-checked") || !ws.Has("watch.unchanged") || ws.Has("watch.flow-proven") {
		t.Errorf("without Huntress: %v", ids(ws))
	}
}

func TestSendTestTicketIsTheOnlyWrite(t *testing.T) {
	w := world(t, "healthy")
	c := cycle(t, w, primed(t), func(c *steps.Config) { c.SendTestTicket = true })
	if tr, _ := c.Report.Step(steps.Ticket); !tr.Has("ticket.created") || w.Halo.Tenant.Stats().TicketsCreated != 1 {
		t.Errorf("with --send-test-ticket: %v, %d created", tr.Findings, w.Halo.Tenant.Stats().TicketsCreated)
	}
}

// unreachable is a transport to a Halo that never answers.
type unreachable struct{}

func (unreachable) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("dial tcp: connection refused")
}

func TestFindingsACycleCouldNotJudgeStand(t *testing.T) {
	w := world(t, "agent-lost-visibility")
	before := cycle(t, w, primed(t))
	for _, id := range []string{"watch.agent-changed", "watch.ticket-missing"} {
		if before.State.Findings[id].Severity != steps.Fail {
			t.Fatalf("the cycle before has no failing %s: %v", id, ids(watchStep(t, before.Report)))
		}
	}
	cases := []struct {
		name  string
		run   func() watch.Cycle
		stand []string
	}{
		{"Huntress refuses the key", func() watch.Cycle {
			return cycle(t, w, before.State, func(c *steps.Config) { c.HuntressSecret = "not-the-secret" })
		}, []string{"watch.ticket-missing", "watch.agent-changed"}},
		{"Halo out of reach", func() watch.Cycle {
			cfg := w.Config()
			cfg.Timeout = 5 * time.Second
			env := w.Env()
			env.HTTPClient = &http.Client{Transport: unreachable{}}
			return watch.Run(ctx(t), watch.Config{Steps: cfg}, watch.Env{Steps: env, Now: func() time.Time { return now }}, before.State)
		}, []string{"watch.ticket-missing", "watch.agent-changed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.run()
			for _, ch := range got.Changes {
				if ch.Cleared() && slices.Contains(c.stand, ch.ID) {
					t.Errorf("%s shows as cleared, though the cycle could not judge it: %v", ch.ID, ids(watchStep(t, got.Report)))
				}
			}
			for _, id := range c.stand {
				now, was := got.State.Findings[id], before.State.Findings[id]
				if now.Severity != was.Severity || !slices.Equal(now.Keys, was.Keys) {
					t.Errorf("%s stands as %+v, was %+v", id, now, was)
				}
			}
		})
	}
}

// rateLimited answers the first request to each of its paths with 429 and
// Retry-After: 1, as Halo's rate limit does, and counts every request.
type rateLimited struct {
	base  http.RoundTripper
	paths []string
	mu    sync.Mutex
	seen  map[string]int
}

func (l *rateLimited) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.seen[r.URL.Path]++
	first := l.seen[r.URL.Path] == 1 && slices.Contains(l.paths, r.URL.Path)
	l.mu.Unlock()
	if first {
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}},
			Body: http.NoBody, Request: r, ProtoMajor: 1, ProtoMinor: 1}, nil
	}
	return l.base.RoundTrip(r)
}

func (l *rateLimited) count(path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen[path]
}

// TestWatchWaitsForTheRateLimitAsTheChecksDo: watch's own Halo requests
// say when they wait ("Halo's rate limit: waiting 1s as Halo asked, retry 1"), and draw on
// the one budget the checks draw on.
func TestWatchWaitsForTheRateLimitAsTheChecksDo(t *testing.T) {
	cases := []struct {
		name    string
		paths   []string
		budget  time.Duration
		waited  bool // watch's own request waited and was tried again
		version int  // requests for the version
	}{
		{"watch's own request waits and says so", []string{"/api/InstanceInfo"}, 5 * time.Second, true, 2},
		{"the checks used the budget up", []string{"/api/Agent/me", "/api/InstanceInfo"}, 1500 * time.Millisecond, false, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := world(t, "healthy")
			env := w.Env()
			hc := *env.HTTPClient
			limited := &rateLimited{base: hc.Transport, paths: c.paths, seen: map[string]int{}}
			hc.Transport = limited
			env.HTTPClient = &hc
			var mu sync.Mutex
			var said []string
			env.Progress = func(e steps.Event) {
				// A request held back with the one Halo turned away
				// ("holding back") may come or not, as they interleave.
				if e.Step == watch.Step && e.Kind == steps.Waiting && !strings.Contains(e.What, "holding back") {
					mu.Lock()
					said = append(said, e.What)
					mu.Unlock()
				}
			}
			cfg := w.Config()
			cfg.Timeout, cfg.RateLimitWait = 5*time.Second, c.budget
			got := watch.Run(ctx(t), watch.Config{Steps: cfg}, watch.Env{Steps: env, Now: func() time.Time { return now }}, primed(t))
			mu.Lock()
			defer mu.Unlock()
			wantSaid := 0
			if c.waited {
				wantSaid = 1
			}
			if len(said) != wantSaid || (c.waited && said[0] != "Halo's rate limit: waiting 1s as Halo asked, retry 1 (GET /api/InstanceInfo)") {
				t.Errorf("progress said %q", said)
			}
			if n := limited.count("/api/InstanceInfo"); n != c.version {
				t.Errorf("%d requests for the version, want %d", n, c.version)
			}
			for _, f := range watchStep(t, got.Report).Findings {
				if f.ID == "watch.requests" && strings.Contains(f.Message, "watch waited 1s in all before 1 retry") != c.waited {
					t.Errorf("watch.requests: %s", f.Message)
				}
			}
		})
	}
}
