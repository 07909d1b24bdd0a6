package steps

import (
	"halowiz/halo"
	"io"
	"net/http"
	"time"

	"halowiz/retry"
)

// DefaultTimeout is the per-request deadline when Config.Timeout is zero.
const DefaultTimeout = halo.DefaultTimeout

// Config is everything the checks need, already resolved from flags,
// environment, the saved setup and the keyring.
type Config struct {
	Host         string // as the admin typed or pasted it; the hostname step cleans it
	Tenant       string
	ClientID     string
	ClientSecret string
	Scopes       []string // nil: "all", falling back to Huntress's minimum

	TicketType       string // id or exact name
	ResolutionStatus string // id or exact name
	TestClient       string // id or exact name; empty: the MSP's own company
	Mapping          []SavedMapping

	HuntressKey    string
	HuntressSecret string

	Timeout        time.Duration // per request, not counting waits for Halo's rate limit
	RateLimitWait  time.Duration // how long the run may wait for rate limits in all; 0: DefaultRateLimitWait
	SendTestTicket bool
	Only           []ID // the steps asked for; empty means all
}

// SavedMapping is one Huntress organization mapped to a Halo client.
type SavedMapping struct {
	OrgID      int64
	OrgName    string
	ClientID   int
	ClientName string
}

// Env is what the checks touch outside the Config: the network, the debug
// trace and the progress callback. The zero value uses the real network.
type Env struct {
	HTTPClient         *http.Client // for Halo; nil uses Go's default transport and proxy settings
	HuntressHTTPClient *http.Client // for Huntress; nil likewise
	HuntressURL        string       // empty: the real Huntress API
	Debug              io.Writer    // redacted request trace; nil is off
	Progress           func(Event)  // called from the checks' goroutines
	// RateLimit is how long the run may wait for Halo's rate limit, in
	// all, shared with the caller's own Halo clients (halowiz watch's
	// cycle); nil: a budget of Config.RateLimitWait for the checks alone.
	RateLimit *retry.Budget
	// Front is who reads the findings: the fix lines that say how to do
	// something in halowiz itself are worded for it (see Front).
	Front Front
}

// DefaultRateLimitWait is how long a run may be held back by rate limits
// when Config.RateLimitWait is zero.
const DefaultRateLimitWait = halo.DefaultRateLimitWait

func (c Config) rateLimitWait() time.Duration {
	if c.RateLimitWait <= 0 {
		return DefaultRateLimitWait
	}
	return c.RateLimitWait
}

// RateLimitBudget is a new budget of RateLimitWait (DefaultRateLimitWait
// when zero), for a run that shares it between the checks (Env.RateLimit)
// and Halo clients of its own.
func (c Config) RateLimitBudget() *retry.Budget { return retry.NewBudget(c.rateLimitWait()) }

func (c Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// wants reports whether the step was asked for.
func (c Config) wants(id ID) bool {
	if len(c.Only) == 0 {
		return true
	}
	for _, o := range c.Only {
		if o == id {
			return true
		}
	}
	return false
}

// secrets lists the values no finding may contain.
func (c Config) secrets() []string {
	var s []string
	for _, v := range []string{c.ClientSecret, c.HuntressSecret} {
		if len(v) >= 4 {
			s = append(s, v)
		}
	}
	return s
}
