package halo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"halowiz/retry"
)

// rateLimitedFor answers 429 with Halo's text and no Retry-After until
// window has passed since the first request, then hands over to next.
func rateLimitedFor(window time.Duration, next http.HandlerFunc) http.HandlerFunc {
	var once sync.Once
	var start time.Time
	return func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { start = time.Now() })
		if time.Since(start) < window {
			writeText(w, http.StatusTooManyRequests, "text/plain", "Rate Limit Reached - 300 Requests per rolling 5 minute window")
			return
		}
		next(w, r)
	}
}

func TestARollingWindowOf429sWithoutRetryAfterIsRiddenOut(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", rateLimitedFor(2*time.Second, agentOK))
	var mu sync.Mutex
	var waits []Wait
	c := f.readyClient(t, func(o *Options) {
		// Shorter than the window, so waits must not count against it;
		// long enough that a loaded machine still answers one request in it.
		o.Timeout = time.Second
		o.OnWait = func(_ context.Context, w Wait) { mu.Lock(); waits = append(waits, w); mu.Unlock() }
	})
	c.rateBase = 50 * time.Millisecond
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("Me = %v, want the window ridden out", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waits) < 2 {
		t.Fatalf("waits %v, want several", waits)
	}
	for i, w := range waits {
		if w.Reason != WaitRateLimit || w.Retry != i+1 || w.Asked || w.Request != "GET /api/Agent/me" {
			t.Errorf("wait %d = %+v", i, w)
		}
		if i > 0 && w.Delay < waits[i-1].Delay/2 {
			t.Errorf("wait %d (%s) did not grow from %s", i, w.Delay, waits[i-1].Delay)
		}
	}
	if got := waits[0].String(); got[:len("Halo's rate limit: waiting")] != "Halo's rate limit: waiting" {
		t.Errorf("wait reads %q", got)
	}
}

func TestRateLimitWaitsStopAtTheRunsBudget(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", rateLimitedFor(time.Hour, agentOK))
	budget := retry.NewBudget(300 * time.Millisecond)
	c := f.readyClient(t, func(o *Options) { o.RateLimit = budget })
	c.rateBase = 100 * time.Millisecond
	start := time.Now()
	_, err := c.Me(context.Background())
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	if budget.Used() > 300*time.Millisecond {
		t.Errorf("waited %s of a 300ms budget", budget.Used())
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("gave up after %s", elapsed)
	}
}

func TestACreateTurnedAwayBy429IsRepeatedButNotOneAGatewayLost(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var posts atomic.Int32
	f.on("POST /api/Tickets", func(w http.ResponseWriter, r *http.Request) {
		switch posts.Add(1) {
		case 1:
			writeText(w, http.StatusTooManyRequests, "text/plain", "Rate Limit Reached")
		case 2:
			writeText(w, http.StatusBadGateway, "text/plain", "Bad Gateway")
		default:
			writeJSON(w, 200, map[string]any{"id": 5})
		}
	})
	c := f.readyClient(t)
	_, err := c.CreateTicket(timeout(t, 5*time.Second), NewTicket{Summary: "s"})
	if NotSent(err) || Refused(err) || err == nil {
		t.Fatalf("err = %v, want the 502 (outcome unknown)", err)
	}
	if n := posts.Load(); n != 2 {
		t.Errorf("%d POSTs, want 2: the 429 repeated, the 502 not", n)
	}
}

func TestARateLimitWindowOnTheTokenEndpointIsRiddenOutToo(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /auth/token", rateLimitedFor(2*time.Second, grantToken(3600, "all")))
	f.on("GET /api/Agent/me", agentOK)
	c := f.client(func(o *Options) { o.Timeout = time.Second })
	c.rateBase = 50 * time.Millisecond
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("Me = %v, want the token endpoint's window ridden out", err)
	}
	if n := f.count("POST /auth/token"); n > maxTokenRequests {
		t.Errorf("%d token requests", n)
	}
}

func TestACallEndedByADeadlineCauseIsATimeoutNotACancel(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", hang)
	c := f.readyClient(t)
	ctx, end := context.WithCancelCause(context.Background())
	time.AfterFunc(200*time.Millisecond, func() { end(fmt.Errorf("the step's deadline passed: %w", context.DeadlineExceeded)) })
	_, err := c.Me(ctx)
	if !errors.Is(err, ErrTimeout) || errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
}

func TestRequestsHeldBackByTheRateLimitSayTheyWait(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", rateLimitedFor(300*time.Millisecond, agentOK))
	f.on("GET /api/Tickets", answerJSON(200, map[string]any{"record_count": 0, "tickets": []any{}}))
	var mu sync.Mutex
	var held []Wait
	c := f.readyClient(t, func(o *Options) {
		o.OnWait = func(_ context.Context, w Wait) {
			if w.Reason == WaitHeld {
				mu.Lock()
				held = append(held, w)
				mu.Unlock()
			}
		}
	})
	c.rateBase = 200 * time.Millisecond
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.hold(150 * time.Millisecond) // as if another request had just been turned away
	if _, err := c.ProbeTickets(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(held) == 0 || held[0].Request != "GET /api/Tickets" || !strings.Contains(held[0].String(), "holding back") {
		t.Errorf("held waits %+v, want the ticket list's", held)
	}
}
