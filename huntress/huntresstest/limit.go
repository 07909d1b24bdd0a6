package huntresstest

import (
	"strconv"
	"time"
)

// Huntress's limit: 60 requests a minute per account, on a sliding window.
const (
	limitRequests = 60
	limitWindow   = time.Minute
)

// overLimit records a request against the sliding window, or reports how
// long until the window has room if it is full.
func (s *Server) overLimit() (time.Duration, bool) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cut := 0
	for cut < len(s.window) && now.Sub(s.window[cut]) >= limitWindow {
		cut++
	}
	s.window = s.window[cut:]
	if len(s.window) >= limitRequests {
		return limitWindow - now.Sub(s.window[0]), true
	}
	s.window = append(s.window, now)
	return 0, false
}

// retryAfterSeconds renders a wait as Retry-After delay-seconds, rounded up.
func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}
