package halo

import (
	"fmt"
	"halowiz/retry"
	"halowiz/statusline"
	"time"
)

// WaitReason says why a call waits before repeating a request.
type WaitReason int

// The reasons for a Wait.
const (
	WaitRateLimit WaitReason = iota + 1 // Halo answered 429: its rate limit (300 requests per rolling 5 minutes) turned the request away
	WaitBusy                            // a gateway in front of Halo answered 502, 503 or 504
	WaitRefused                         // the connection was refused before the request left
	WaitHeld                            // another request of the run met Halo's rate limit: this one waits with it
)

// Wait is one pause before a retry, as a Client reports it to
// Options.OnWait and to the debug trace.
type Wait struct {
	Reason  WaitReason
	Delay   time.Duration
	Retry   int    // the retry the wait comes before: 1 for the first
	Asked   bool   // Halo asked for the wait with Retry-After
	Status  int    // the status that caused a WaitBusy
	Request string // e.g. "GET /api/Client"
}

// String says what is waited for, how long and for which retry, the way
// progress lines show it: "Halo's rate limit: waiting 8s, retry 3".
func (w Wait) String() string {
	var why string
	switch w.Reason {
	case WaitRateLimit:
		why = "Halo's rate limit"
	case WaitBusy:
		why = fmt.Sprintf("Halo is busy (%s)", statusline.Text(w.Status))
	case WaitRefused:
		why = "Halo refused the connection"
	case WaitHeld:
		return fmt.Sprintf("Halo's rate limit: holding back for %s (%s)", retry.RoundWait(w.Delay), w.Request)
	default:
		why = "retrying"
	}
	asked := ""
	if w.Asked {
		asked = " as Halo asked"
	}
	return fmt.Sprintf("%s: waiting %s%s, retry %d (%s)", why, retry.RoundWait(w.Delay), asked, w.Retry, w.Request)
}
