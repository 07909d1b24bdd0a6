package retry

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestAfterReadsSecondsAndDatesAndIgnoresNonsense(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		" 120 ":                         2 * time.Minute,
		"0":                             0,
		"-5":                            0,
		"soon":                          0,
		"99999999999":                   maxAfter,
		"Tue, 01 Dec 2026 10:00:08 GMT": 8 * time.Second,
		"Tue, 01 Dec 2026 09:59:00 GMT": 0, // a date already past asks for no wait
		"Wed, 01 Dec 2027 10:00:00 GMT": maxAfter,
	}
	for v, want := range tests {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := After(h, now); got != want {
			t.Errorf("After(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestBackoffDoublesWithinJitterAndCeiling(t *testing.T) {
	for attempt, ceiling := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 8 * time.Second, 40: 8 * time.Second} {
		for range 50 {
			d := Backoff(attempt, time.Second, 8*time.Second)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("Backoff(%d) = %v, want within [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
	if d := Backoff(0, 0, time.Second); d < time.Second/2 || d > time.Second {
		t.Errorf("Backoff with no base = %v, want the ceiling's range", d)
	}
}

func TestStoppedPutsTheContextFirst(t *testing.T) {
	if err := Stopped(context.Background()); err != nil {
		t.Errorf("Stopped(live) = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Stopped(ctx); err != context.Canceled {
		t.Errorf("Stopped(cancelled) = %v", err)
	}
	// A context ended with a deadline as its cause (a step's own clock)
	// is a deadline, not a cancel.
	stepCtx, stepEnd := context.WithCancelCause(context.Background())
	stepEnd(fmt.Errorf("the step's deadline passed: %w", context.DeadlineExceeded))
	if err := Stopped(stepCtx); err != context.DeadlineExceeded {
		t.Errorf("Stopped(ended by a deadline cause) = %v", err)
	}
	// A deadline already past counts even before the context's own timer
	// has marked it done.
	past, cancelPast := context.WithDeadline(context.Background(), time.Now().Add(-time.Millisecond))
	defer cancelPast()
	if err := Stopped(past); err != context.DeadlineExceeded {
		t.Errorf("Stopped(past deadline) = %v", err)
	}
}

func TestBudgetRefusesWhatDoesNotFit(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	b := NewBudget(10 * time.Second)
	b.now = func() time.Time { return now }
	if !b.Take(6 * time.Second) {
		t.Fatal("a first wait of 6s did not fit 10s")
	}
	now = now.Add(6 * time.Second)
	if b.Take(5*time.Second) || !b.Take(4*time.Second) {
		t.Fatal("Take did not follow the budget")
	}
	if b.Used() != 10*time.Second || b.Total() != 10*time.Second {
		t.Errorf("Used %v, Total %v", b.Used(), b.Total())
	}
	var none *Budget
	if none.Take(time.Nanosecond) || none.Used() != 0 {
		t.Error("a nil Budget allowed waiting")
	}
}

func TestBudgetCountsOverlappingWaitsOnce(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	b := NewBudget(time.Second)
	b.now = func() time.Time { return now }
	// Ten requests turned away by the same window wait it out together:
	// the run is held back for the window, not ten times it.
	for i := range 10 {
		now = now.Add(10 * time.Millisecond)
		if !b.Take(500 * time.Millisecond) {
			t.Fatalf("concurrent wait %d for the same window did not fit", i)
		}
	}
	if b.Used() > 600*time.Millisecond {
		t.Errorf("budget used %s for one window", b.Used())
	}
}

func TestWindowCoversOverlapsOnce(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var w Window
	for i, c := range []struct {
		from, to time.Duration // from at
		want     time.Duration
	}{
		{0, 5 * time.Second, 5 * time.Second},
		{2 * time.Second, 4 * time.Second, 0},               // inside what is covered
		{3 * time.Second, 8 * time.Second, 3 * time.Second}, // overlaps it
		{10 * time.Second, 11 * time.Second, time.Second},   // after a gap
	} {
		if got := w.Cover(at.Add(c.from), at.Add(c.to)); got != c.want {
			t.Errorf("span %d added %s, want %s", i, got, c.want)
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("Sleep = %v", err)
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep = %v", err)
	}
}
