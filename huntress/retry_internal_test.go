package huntress

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 30 ", 30 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"Sun, 01 Mar 2026 12:00:05 GMT", 5 * time.Second, true},
		{"Sunday, 01-Mar-26 12:01:00 GMT", time.Minute, true},
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0, true}, // in the past: now
		{"99999999999", 24 * time.Hour, true},      // capped, no overflow
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %t; want %s, %t", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRetryDelayBacksOffWithinBounds(t *testing.T) {
	for attempt := range 8 {
		ceiling := min(backoffBase<<attempt, backoffCap)
		for range 50 {
			d, asked := retryDelay(http.Header{}, attempt, time.Now())
			if asked || d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: delay %s outside [%s, %s]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestRetryDelayPrefersRetryAfter(t *testing.T) {
	h := http.Header{"Retry-After": {"3"}}
	if d, asked := retryDelay(h, 4, time.Now()); d != 3*time.Second || !asked {
		t.Errorf("retryDelay = %s, %t; want the server's 3s", d, asked)
	}
}

func TestOnlyRateLimitAndGatewayErrorsAreRetried(t *testing.T) {
	for status, want := range map[int]bool{200: false, 400: false, 401: false, 403: false, 404: false, 429: true, 500: false, 502: true, 503: true, 504: true} {
		if got := retryable(status); got != want {
			t.Errorf("retryable(%d) = %t, want %t", status, got, want)
		}
	}
}

// The token bucket admits at most burst + rate × 60 s requests in any minute;
// that must stay within Huntress's 60.
func TestRateBudgetFitsHuntressWindow(t *testing.T) {
	if limiterBurst+limiterPerMinute > 60 {
		t.Errorf("burst %d + %d a minute can exceed 60 requests in a minute", limiterBurst, limiterPerMinute)
	}
	if limiterBurst < 11 {
		t.Errorf("burst %d would slow the account call and 10 pages", limiterBurst)
	}
}
