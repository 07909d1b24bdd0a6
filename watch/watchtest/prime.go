package watchtest

import (
	"context"
	"fmt"
	"time"

	"halowiz/watch"
)

// Prime runs one cycle against the healthy world, each request within
// timeout (0: the checks' default), and returns the state it leaves: the
// "last good cycle" a scenario's world is then compared with, as if the
// change had happened between two cycles. The healthy world is closed
// again before Prime returns.
func Prime(ctx context.Context, now time.Time, timeout time.Duration) (watch.TenantState, error) {
	healthy, _ := Lookup("healthy")
	w, err := Start(healthy, now)
	if err != nil {
		return watch.TenantState{}, err
	}
	defer w.Close()
	cfg := w.Config()
	if timeout > 0 {
		cfg.Timeout = timeout
	}
	c := watch.Run(ctx, watch.Config{Steps: cfg}, watch.Env{Steps: w.Env(), Now: func() time.Time { return now }}, watch.TenantState{})
	if !c.Report.OK() || c.State.Baseline.Empty() {
		return watch.TenantState{}, fmt.Errorf("the healthy world's cycle did not pass")
	}
	c.Notified() // as if its changes had been sent
	return c.State, nil
}
