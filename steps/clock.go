package steps

import (
	"context"
	"fmt"
	"sync"
	"time"

	"halowiz/retry"
)

// errStepDeadline is the cause a step's context ends with when the step's
// own deadline passes. It is a deadline (errors.Is DeadlineExceeded), so
// whatever notices it classifies it as a timeout, not as a cancel.
var errStepDeadline = fmt.Errorf("the step's deadline passed: %w", context.DeadlineExceeded)

// stepClock is a step's deadline, which waits for Halo's rate limit move on
// by as long as they last: a step held back by the tenant's limit is not a
// step that hangs. Overlapping waits move it on once, as the run's budget
// counts them.
type stepClock struct {
	mu       sync.Mutex
	deadline time.Time
	waits    retry.Window // the waits already added
	stopped  bool
	timer    *time.Timer
}

// startClock returns a context that ends with errStepDeadline when budget
// (plus every extension) has passed, or when parent ends.
func startClock(parent context.Context, budget time.Duration) (context.Context, *stepClock, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	c := &stepClock{deadline: time.Now().Add(budget)}
	c.timer = time.AfterFunc(budget, func() { c.expire(cancel) })
	return ctx, c, func() { c.stop(); cancel(context.Canceled) }
}

// expire ends the step, unless its deadline moved on meanwhile.
func (c *stepClock) expire(cancel context.CancelCauseFunc) {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return
	}
	if left := time.Until(c.deadline); left > 0 {
		c.timer.Reset(left)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	cancel(errStepDeadline)
}

func (c *stepClock) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	c.timer.Stop()
}

// extend moves the deadline on by the part of a wait of d, starting now,
// that no earlier wait already covered.
func (c *stepClock) extend(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	c.deadline = c.deadline.Add(c.waits.Cover(now, now.Add(d)))
}

// until is the step's deadline, extensions included.
func (c *stepClock) until() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deadline
}
