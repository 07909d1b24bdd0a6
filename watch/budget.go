package watch

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"halowiz/halo"
	"halowiz/steps"
)

// Halo's rate limit, shared by every integration of the tenant (Huntress's
// included), and the share of it watch keeps to.
const (
	HaloLimit  = 300
	HaloWindow = 5 * time.Minute
	Share      = 10 // watch uses at most a tenth
	// PlannedRequests is the most Halo requests a cycle is planned to
	// send: the five checks, the version, and the ticket pages.
	PlannedRequests = 30
)

// MinEvery is the shortest --every that keeps a cycle of PlannedRequests
// within a tenth of Halo's limit: 30 requests every 5 minutes.
const MinEvery = time.Duration(PlannedRequests) * HaloWindow * Share / HaloLimit

// CheckEvery refuses an interval that would take more than a tenth of
// Halo's budget.
func CheckEvery(every time.Duration) error {
	if every < MinEvery {
		return fmt.Errorf("--every %s would use more than a tenth of Halo's %d requests per %s, which every integration of the tenant shares: a cycle sends up to %d, so the shortest interval is %s",
			every, HaloLimit, minutes(HaloWindow), PlannedRequests, MinEvery)
	}
	return nil
}

// NextWait is how long to wait after a cycle that sent haloRequests: the
// interval asked for, or longer, so that the cycles keep to a tenth of
// Halo's limit even when a tenant makes them send more than planned.
func NextWait(every time.Duration, haloRequests int) time.Duration {
	return max(every, time.Duration(haloRequests)*HaloWindow*Share/HaloLimit)
}

func minutes(d time.Duration) string { return fmt.Sprintf("%d minutes", int(d.Minutes())) }

// counter counts the requests that go out through it, each attempt of a
// retried one and the token requests included.
type counter struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// counted returns a copy of hc (a client on a clone of Go's default
// transport when nil) whose requests c counts.
func counted(hc *http.Client) (*http.Client, *counter) {
	out := &http.Client{}
	if hc != nil {
		*out = *hc
	}
	base := out.Transport
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone() // keeps HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE
		t.MaxIdleConnsPerHost = pagesInFlight + 1
		base = t
	}
	c := &counter{base: base}
	out.Transport = c
	return out, c
}

// Requests counts what one cycle sent.
type Requests struct {
	Halo, Huntress int
}

// requestsFinding reports what the cycle sent, against both rate limits,
// and what held watch's own Halo requests back (the checks' waits are in
// their steps' findings).
func requestsFinding(r Requests, waits []halo.Wait) finding {
	msg := fmt.Sprintf("This cycle sent %d requests to Halo and %d to Huntress. Halo allows %d per %s for all of a tenant's integrations together; watch keeps to a tenth, and Huntress allows 60 a minute.",
		r.Halo, r.Huntress, HaloLimit, minutes(HaloWindow))
	ev := fmt.Sprintf("Halo: %d requests (tokens and retries included); Huntress: %d", r.Halo, r.Huntress)
	var total time.Duration
	var lines []string
	retries := 0
	for _, w := range waits {
		lines = append(lines, w.String())
		if w.Reason == halo.WaitHeld {
			continue // held back with a request that waits already: no retry, no time of its own
		}
		retries++
		total += w.Delay
	}
	if retries > 0 {
		msg += fmt.Sprintf(" Reading Halo's version and tickets, watch waited %s in all before %s.", total.Round(time.Second), steps.Plural(retries, "retry", "retries"))
	}
	if len(lines) > 0 {
		ev += "; " + strings.Join(lines, "; ")
	}
	return finding{Finding: steps.Finding{ID: "watch.requests", Severity: steps.Info, Message: msg, Fix: []string{}, Evidence: ev}}
}
