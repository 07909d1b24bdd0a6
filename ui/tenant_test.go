package ui

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/keystore"
	"halowiz/steps"
)

// tenant is the simulated Halo tenant (and Huntress API) a test runs the
// real checks against, as `halowiz demo` does.
type tenant struct {
	opts Options
	deps Deps
	dir  string
	gate *gate
}

// gate holds a check's progress at the first event it matches, so that a
// test can capture the screen while the check waits. Its times are frozen
// too: every event is moved to fixedNow, keeping its deadline's distance.
type gate struct {
	match    func(steps.Event) bool
	reached  chan struct{}
	release  chan struct{}
	once     sync.Once
	expected atomic.Int64 // the activities of the gated run so far
}

func newGate(match func(steps.Event) bool) *gate {
	return &gate{match: match, reached: make(chan struct{}), release: make(chan struct{})}
}

func (g *gate) wrap(progress func(steps.Event)) func(steps.Event) {
	var mu sync.Mutex
	activities := int64(0)
	return func(e steps.Event) {
		if !e.Started.IsZero() {
			if !e.Deadline.IsZero() {
				e.Deadline = fixedNow.Add(e.Deadline.Sub(e.Started))
			}
			e.Started = fixedNow
		}
		mu.Lock()
		if e.Kind == steps.Activity {
			activities++
		}
		seen := activities
		mu.Unlock()
		progress(e)
		if g != nil && g.match != nil && g.match(e) {
			g.once.Do(func() {
				g.expected.Store(seen)
				close(g.reached)
			})
			<-g.release
		}
	}
}

// startTenant serves scenario and builds the wizard's inputs for it: the
// demo's values, the real checks, an in-memory keyring and a temporary
// directory for the settings and reports.
func startTenant(t *testing.T, scenario string, g *gate) *tenant {
	t.Helper()
	sc, ok := halotest.Lookup(scenario)
	if !ok {
		t.Fatalf("no scenario %q", scenario)
	}
	srv, err := halotest.Start(sc, halotest.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	hunt := httptest.NewTLSServer(huntresstest.NewServer())
	t.Cleanup(hunt.Close)
	env := steps.Env{HTTPClient: srv.Client(), HuntressHTTPClient: hunt.Client(), HuntressURL: hunt.URL}
	if g != nil {
		t.Cleanup(func() { close(g.release) })
	}
	// A relative directory of a fixed name, so that the paths on screen,
	// and where they wrap, are the same on every machine.
	dir := filepath.Join(runDir, t.Name())
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	tn := &tenant{dir: dir, gate: g}
	tn.opts = Options{
		Config: steps.Config{Host: sc.HostName(), Tenant: halotest.TenantID, ClientID: halotest.ClientID, ClientSecret: halotest.ClientSecret,
			TicketType: "Incident", ResolutionStatus: sc.Resolution(), HuntressKey: huntresstest.DemoKey, HuntressSecret: huntresstest.DemoSecret, Timeout: steps.DefaultTimeout},
		Demo: &Demo{Scenario: sc.Name, Summary: sc.Summary},
	}
	tn.deps = Deps{
		Check: func(ctx context.Context, cfg steps.Config, progress func(steps.Event)) steps.Report {
			e := env
			e.Progress = g.wrap(progress)
			return steps.Run(ctx, cfg, e)
		},
		Secrets:      keystore.NewMemoryKeyring(),
		SaveSettings: func(s keystore.Settings) error { return keystore.SaveSettings(filepath.Join(dir, "config.json"), s) },
		SettingsPath: filepath.Join(dir, "config.json"),
		ReportDir:    dir,
		Version:      "halowiz test",
		Now:          clock,
	}
	return tn
}

// runDir holds what the wizard writes during the screen tests; TestMain
// removes it.
const runDir = "testdata/run"

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
