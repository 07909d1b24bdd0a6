package huntress

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retries are safe because the client only reads. They stop at maxAttempts
// or when the wait would pass the deadline, whichever comes first.
const (
	maxAttempts = 5
	backoffBase = 500 * time.Millisecond
	backoffCap  = 8 * time.Second
)

// retryable reports whether an answer with this status is worth repeating:
// the rate limit and the gateway errors of a busy or restarting service.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryDelay is how long to wait before attempt number attempt+1: what the
// server asked for in Retry-After, otherwise an exponential backoff with
// jitter, so that many clients do not retry in step.
func retryDelay(h http.Header, attempt int, now time.Time) (time.Duration, bool) {
	if d, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		return d, true
	}
	ceiling := min(backoffBase<<attempt, backoffCap)
	return equalJitter(ceiling), false
}

// parseRetryAfter reads Retry-After as delay-seconds or as an HTTP date.
// A date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	when, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(when.Sub(now), 0), true
}

// equalJitter picks a wait uniformly in [ceiling/2, ceiling]: random enough to
// spread clients, never so short that a retry is wasted.
func equalJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 1 {
		return ceiling
	}
	half := ceiling / 2
	return half + rand.N(ceiling-half+1)
}
