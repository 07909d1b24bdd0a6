package huntress

import (
	"fmt"
	"halowiz/retry"
	"halowiz/statusline"
	"net/http"
	"time"
)

// Wait is one pause before the client repeats a request Huntress turned
// away (429, its rate limit) or a gateway failed (502, 503, 504), as the
// client reports it to Options.OnWait: the person waiting sees why.
type Wait struct {
	Status  int
	Delay   time.Duration
	Retry   int    // the retry the wait comes before: 1 for the first
	Asked   bool   // Huntress asked for the wait with Retry-After
	Request string // e.g. "GET /v1/organizations"
}

// String says what is waited for, how long and for which retry, the way
// progress lines show it: "Huntress's rate limit: waiting 1s as Huntress
// asked, retry 1 (GET /v1/organizations)".
func (w Wait) String() string {
	why := fmt.Sprintf("Huntress is busy (%s)", statusline.Text(w.Status))
	if w.Status == http.StatusTooManyRequests {
		why = "Huntress's rate limit"
	}
	asked := ""
	if w.Asked {
		asked = " as Huntress asked"
	}
	return fmt.Sprintf("%s: waiting %s%s, retry %d (%s)", why, retry.RoundWait(w.Delay), asked, w.Retry, w.Request)
}
