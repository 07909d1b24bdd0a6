package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"halowiz/halo/halotest"
	"halowiz/steps"
	"halowiz/watch"
	"halowiz/watch/watchtest"
)

// watchDemo serves the scenario's simulated world and primes a state in a
// temporary directory with a good cycle against the healthy world an hour
// ago, so that the first cycle shows what changed since. Nothing touches
// the real keyring, settings or watch state.
func (a *app) watchDemo(ctx context.Context, o watchOptions) (watchRun, error) {
	sc, err := watchScenario(o.scenario)
	if err != nil {
		return watchRun{}, usageError("%v", err)
	}
	now := time.Now()
	var timeout time.Duration // the checks' default
	if o.values.set["timeout"] {
		timeout = o.values.timeout
	}
	primed, err := watchtest.Prime(ctx, now.Add(-time.Hour), timeout)
	if err != nil {
		return watchRun{}, fmt.Errorf("prime the demo's last good cycle: %w", err)
	}
	w, err := watchtest.Start(sc, now)
	if err != nil {
		return watchRun{}, err
	}
	dir, err := os.MkdirTemp("", "halowiz-watch-demo-")
	if err != nil {
		w.Close()
		return watchRun{}, err
	}
	r := watchRun{cfg: w.Config(), env: w.Env(), statePath: filepath.Join(dir, watch.StateFile),
		cleanup: func() { w.Close(); _ = os.RemoveAll(dir) }}
	if timeout > 0 {
		r.cfg.Timeout = timeout
	}
	var st watch.State
	st.SetTenant(steps.CleanHost(r.cfg.Host), r.cfg.ClientID, primed)
	if err := watch.SaveState(r.statePath, st); err != nil {
		r.cleanup()
		return watchRun{}, err
	}
	r.note = fmt.Sprintf("halowiz: demo %q: %s. Its last good cycle, an hour ago, was against the healthy world; nothing real is read or written.", sc.Name, sc.Summary)
	return r, nil
}

// watchScenario finds a watch scenario, or makes one of a tenant
// scenario: Halo in that state, Huntress's reports healthy.
func watchScenario(name string) (watchtest.Scenario, error) {
	if sc, ok := watchtest.Lookup(name); ok {
		return sc, nil
	}
	if sc, ok := halotest.Lookup(name); ok {
		return watchtest.Scenario{Name: sc.Name, Summary: sc.Summary, Halo: sc.Name}, nil
	}
	var names []string
	for _, sc := range watchtest.Scenarios() {
		names = append(names, sc.Name)
	}
	return watchtest.Scenario{}, fmt.Errorf("unknown scenario %q; the watch scenarios are: %s (and every scenario of halowiz demo --scenario list)",
		name, strings.Join(names, ", "))
}
