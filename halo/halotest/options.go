package halotest

import "time"

// The demo tenant's fixed identity. The demo and the tests type these in, so
// they are constants; WithCredentials sets others.
const (
	// ClientID is the Client ID of the tenant's Huntress API application.
	ClientID = "halowiz-demo"
	// ClientSecret is that application's secret. It is a demo value, never
	// valid anywhere but in this simulation.
	ClientSecret = "hwDemo.4kQ9vT2xLr7mNc8ZpW3sYb6HfJ0aEgU5"
	// TenantID is what /api/authinfo answers as tenant_id, and the only
	// ?tenant= value the token endpoint accepts.
	TenantID = "acme"
	// DefaultHost is the hostname a scenario is served under unless it names
	// another.
	DefaultHost = "acme.halopsa.com"
	// APIAgentID is the id of the API-only agent the application logs in as.
	APIAgentID = 12
)

// Option changes how NewTenant and Start build a tenant.
type Option func(*config)

type config struct {
	clientID     string
	clientSecret string
	customers    int
	latency      time.Duration
	latencySet   bool
	now          func() time.Time
	tickets      []Ticket
	appVersion   string
}

func newConfig(opts []Option) config {
	c := config{clientID: ClientID, clientSecret: ClientSecret, now: time.Now, appVersion: DefaultAppVersion}
	for _, opt := range opts {
		opt(&c)
	}
	return c
}

// WithCredentials gives the application the Client ID id and the secret
// secret, in place of ClientID and ClientSecret.
func WithCredentials(id, secret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = id, secret }
}

// WithCustomers adds n generated clients (each with a main site and a General
// User) after the named ones, for benchmarks and pagination tests.
func WithCustomers(n int) Option {
	return func(c *config) { c.customers = max(n, 0) }
}

// WithLatency delays every answer by d, replacing the scenario's own latency
// (so WithLatency(0) makes the slow scenario fast). The wait ends early when
// the request's context ends or the tenant is closed.
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency, c.latencySet = max(d, 0), true }
}

// WithClock makes now the tenant's clock, for answers (ticket dates) that
// must not change between runs of a golden test.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithTickets adds tickets to the tenant's history, after the seeded ones,
// as whatever logged them (Huntress, a technician) left them. IDs are
// given in order. What a ticket leaves empty is filled as Halo would: the
// default ticket type, the client's main site and General User, the team
// Service Desk (which the API agent sees), and hasbeenclosed and
// dateclosed from a closed status.
func WithTickets(tickets ...Ticket) Option {
	return func(c *config) { c.tickets = append(c.tickets, tickets...) }
}

// WithAppVersion makes GET /api/InstanceInfo answer version v, as a tenant
// after a Halo upgrade does.
func WithAppVersion(v string) Option {
	return func(c *config) {
		if v != "" {
			c.appVersion = v
		}
	}
}
