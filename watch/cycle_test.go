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
	st, err := watchtest.Prime(ctx(t), now.Add(-time.Hour))
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
