package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxAfter caps what a Retry-After may ask for: a day is already absurd.
const maxAfter = 24 * time.Hour

// After is how long a Retry-After header asks to wait, read as
// delay-seconds or as an HTTP-date. It is 0 when the header is absent,
// unreadable, negative or a date already past: the server did not ask for a
// wait, so the caller backs off on its own.
func After(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(maxAfter/time.Second))) * time.Second
	}
	if when, err := http.ParseTime(v); err == nil && when.After(now) {
		return min(when.Sub(now), maxAfter)
	}
	return 0
}

// Backoff is the wait before attempt number attempt+1 (attempt counts from
// 1): base doubled for each attempt, at most ceiling, with "equal jitter":
// half of it fixed and half random, so that clients do not retry in step and
// no wait is so short that the retry is wasted.
func Backoff(attempt int, base, ceiling time.Duration) time.Duration {
	d := ceiling
	if attempt >= 1 && attempt < 32 {
		d = min(base<<(attempt-1), ceiling)
	}
	if d <= 0 {
		d = ceiling
	}
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// RoundWait is a wait as progress lines and findings show it: in whole
// seconds, or in milliseconds under a second.
func RoundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// Transient reports whether an answer with this status is the server (or a
// gateway in front of it) being busy: the same request may well succeed a
// moment later.
func Transient(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Sleep waits d, or until ctx ends, and then returns ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stopped says whether an attempt under ctx ended because ctx did: it is
// context.Canceled when ctx was cancelled, context.DeadlineExceeded when
// ctx's deadline has passed (even if its timer has not fired yet), and nil
// otherwise. A context cancelled with a cause that is a deadline counts as
// a deadline. It comes first when an error is classified: whatever layer
// noticed it (the dial, the TLS handshake, a half-read body, a JSON parser
// given the half), a request cut off by its deadline timed out.
func Stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
			return context.DeadlineExceeded // ended by a deadline of its own kind, e.g. a step's
		}
		return err
	}
	if deadline, ok := ctx.Deadline(); ok && !time.Now().Before(deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

// Window counts spans of time that overlap once: it remembers the end of
// the latest span covered. Its zero value has covered nothing. It is not
// safe for concurrent use.
type Window struct {
	covered time.Time
}

// Uncovered is how much of the span from start to end lies past every span
// covered so far: zero or less when none of it does.
func (w *Window) Uncovered(start, end time.Time) time.Duration {
	if w.covered.After(start) {
		start = w.covered
	}
	return end.Sub(start)
}

// Cover covers the span from start to end, and returns the part of it no
// earlier span covered (Uncovered), or 0 when there is none.
func (w *Window) Cover(start, end time.Time) time.Duration {
	added := w.Uncovered(start, end)
	if added <= 0 {
		return 0
	}
	w.covered = end
	return added
}

// Budget is how long one run may be held back, in all, waiting for rate
// limits to let it through. It counts wall-clock time: waits that overlap
// (several requests turned away by the same window) count once. Every
// client of the run draws on the same Budget, so a tenant that keeps
// answering 429 ends the run in bounded time. It is safe for concurrent
// use; a nil *Budget allows no waiting.
type Budget struct {
	mu    sync.Mutex
	total time.Duration
	used  time.Duration
	waits Window // the waits reserved so far
	now   func() time.Time
}

// NewBudget returns a Budget of total.
func NewBudget(total time.Duration) *Budget {
	return &Budget{total: max(total, 0), now: time.Now}
}

// Take reserves a wait of d starting now, and reports whether the part of
// it not already covered by other waits fits in what is left.
func (b *Budget) Take(d time.Duration) bool {
	if b == nil {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	end := now.Add(d)
	if added := b.waits.Uncovered(now, end); added > 0 && b.used+added > b.total {
		return false
	}
	b.used += b.waits.Cover(now, end)
	return true
}

// Used is how much waiting has been reserved so far.
func (b *Budget) Used() time.Duration {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// Total is the whole budget.
func (b *Budget) Total() time.Duration {
	if b == nil {
		return 0
	}
	return b.total
}
