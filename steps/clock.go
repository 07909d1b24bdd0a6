package steps

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errStepDeadline is the cause a step's context ends with when the step's
// own deadline passes.
var errStepDeadline = errors.New("the step's deadline passed")

// stepClock is a step's deadline, which waits for Halo's rate limit move on
// by as long as they last: a step held back by the tenant's limit is not a
// step that hangs.
type stepClock struct {
	mu       sync.Mutex
	deadline time.Time
	timer    *time.Timer
}

// startClock returns a context that ends with errStepDeadline when budget
// (plus every extension) has passed, or when parent ends.
func startClock(parent context.Context, budget time.Duration) (context.Context, *stepClock, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	c := &stepClock{deadline: time.Now().Add(budget)}
	c.timer = time.AfterFunc(budget, func() { c.expire(cancel) })
	return ctx, c, func() { c.timer.Stop(); cancel(context.Canceled) }
}

// expire ends the step, unless its deadline moved on meanwhile.
func (c *stepClock) expire(cancel context.CancelCauseFunc) {
	c.mu.Lock()
	left := time.Until(c.deadline)
	if left > 0 {
		c.timer.Reset(left)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	cancel(errStepDeadline)
}

// extend moves the deadline on by d.
func (c *stepClock) extend(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = c.deadline.Add(d)
}

// budget is the step's allowance so far, extensions included.
func (c *stepClock) until() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deadline
}
