package ui

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"halowiz/demo"
	"halowiz/halo/halotest"
	"halowiz/steps"
)

// tenant is the simulated Halo tenant (and Huntress API) a test runs the
// real checks against, as `halowiz demo` does.
type tenant struct {
	opts    Options
	deps    Deps
	dir     string
	gate    *gate
	secrets *fakeSecrets
	setups  *setups
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
// demo's finished setup, the real checks, a keyring that remembers what it
// was given and a temporary directory for the settings and reports.
func startTenant(t *testing.T, scenario string, g *gate) *tenant {
	t.Helper()
	d, err := demo.Start(scenario, halotest.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	env := d.Env()
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
	tn := &tenant{dir: dir, gate: g, secrets: &fakeSecrets{}, setups: &setups{}}
	tn.opts = Options{Config: d.Config(), Demo: &Demo{Scenario: d.Scenario.Name, Summary: d.Scenario.Summary}}
	tn.deps = Deps{
		Check: func(ctx context.Context, cfg steps.Config, progress func(steps.Event)) steps.Report {
			e := env
			e.Progress = g.wrap(progress)
			e.Front = steps.FrontWizard
			return steps.Run(ctx, cfg, e)
		},
		Secrets:      tn.secrets,
		SaveSetup:    tn.setups.save,
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
