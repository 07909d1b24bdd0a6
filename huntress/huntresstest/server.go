package huntresstest

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"sync"
	"time"

	"halowiz/huntress"
	"halowiz/scrub/scrubtest"
)

// The key pair the simulated API accepts. They are not secrets: they open
// nothing but this simulation.
const (
	DemoKey    = "hk_demo_7f3a9c"
	DemoSecret = "hs_demo_secret_2b8e41d6"
)

// Server is the simulated Huntress API, an http.Handler. It is safe for
// concurrent use.
type Server struct {
	key, secret string
	scenario    Scenario
	mux         *http.ServeMux
	release     chan struct{}
	releaseOnce sync.Once

	mu       sync.Mutex
	orgs     []huntress.Organization
	reports  []IncidentReport
	actions  []PlatformAction
	nextID   int64
	window   []time.Time // when the requests of the last minute arrived
	stats    Stats
	inFlight int
}

// Stats counts what the server saw.
type Stats struct {
	Requests    int // every request, answered or not
	MaxInFlight int // the most requests being handled at once
	RateLimited int // requests answered 429
}

// Option changes a new Server.
type Option func(*Server)

// WithScenario sets the behaviour (Healthy by default).
func WithScenario(s Scenario) Option {
	return func(srv *Server) {
		srv.scenario = s
		if s.Organizations > 0 {
			srv.orgs = generatedOrganizations(s.Organizations)
		}
		if s.HostileNames {
			for i := range srv.orgs {
				srv.orgs[i].Name = scrubtest.Name(srv.orgs[i].Name, i)
			}
		}
	}
}

// WithOrganizations serves n organizations: the defaults first, then
// generated ones.
func WithOrganizations(n int) Option {
	return func(srv *Server) { srv.orgs = generatedOrganizations(n) }
}

// WithOrganizationList serves exactly these organizations.
func WithOrganizationList(orgs []huntress.Organization) Option {
	return func(srv *Server) { srv.orgs = slices.Clone(orgs) }
}

// WithCredentials replaces the demo key pair.
func WithCredentials(key, secret string) Option {
	return func(srv *Server) { srv.key, srv.secret = key, secret }
}

// NewServer returns a simulated API with the default organizations and the
// demo key pair, changed by opts in order.
func NewServer(opts ...Option) *Server {
	s := &Server{
		key:      DemoKey,
		secret:   DemoSecret,
		scenario: Healthy,
		orgs:     DefaultOrganizations(),
		release:  make(chan struct{}),
	}
	for _, opt := range opts {
		opt(s)
	}
	for _, o := range s.orgs {
		s.nextID = max(s.nextID, o.ID+1)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /v1/account", s.account)
	s.mux.HandleFunc("GET /v1/organizations", s.organizations)
	s.mux.HandleFunc("GET /v1/incident_reports", s.incidentReports)
	s.mux.HandleFunc("GET /v1/platform_actions", s.platformActions)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "The requested resource does not exist or you do not have permission to access it.")
	})
	return s
}

// AddOrganization adds an organization, as the Huntress portal would, and
// returns it.
func (s *Server) AddOrganization(name, key string) huntress.Organization {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := organization(s.nextID, name, key, 0)
	s.nextID++
	s.orgs = append(s.orgs, o)
	return o
}

// Organizations returns a copy of the current organizations.
func (s *Server) Organizations() []huntress.Organization {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.orgs)
}

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Release lets every held request (NeverAnswer) end, so that a test server
// can close without waiting for its clients to give up.
func (s *Server) Release() {
	s.releaseOnce.Do(func() { close(s.release) })
}

// ServeHTTP answers one request in the order Huntress would meet it:
// latency, the scenario's failures, the credentials, the rate limit, and
// only then the resource.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.enter()
	defer s.leave()
	if !s.pause(r, s.scenario.Latency) {
		return
	}
	if s.scenario.NeverAnswer {
		s.hold(r)
		return
	}
	switch sc := s.scenario; {
	case sc.RejectCredentials || !s.authorized(r):
		writeError(w, http.StatusUnauthorized, "Unauthorized: invalid API key or secret")
	case n <= sc.RateLimited:
		s.refuse(w, sc.RetryAfter)
	case n <= sc.RateLimited+sc.Unavailable:
		writeError(w, http.StatusServiceUnavailable, "Service temporarily unavailable")
	default:
		if wait, over := s.overLimit(); over {
			s.refuse(w, retryAfterSeconds(wait))
			return
		}
		s.mux.ServeHTTP(w, r)
	}
}

func (s *Server) authorized(r *http.Request) bool {
	key, secret, ok := r.BasicAuth()
	keyOK := subtle.ConstantTimeCompare([]byte(key), []byte(s.key)) == 1
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(s.secret)) == 1
	return ok && keyOK && secretOK
}

func (s *Server) refuse(w http.ResponseWriter, retryAfter string) {
	s.mu.Lock()
	s.stats.RateLimited++
	s.mu.Unlock()
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeError(w, http.StatusTooManyRequests, "Rate limit exceeded: 60 requests per minute")
}

// enter counts a request and returns its number, starting at 1.
func (s *Server) enter() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Requests++
	s.inFlight++
	s.stats.MaxInFlight = max(s.stats.MaxInFlight, s.inFlight)
	return s.stats.Requests
}

func (s *Server) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
}

// pause waits d, or less if the client goes away; false means it went.
func (s *Server) pause(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.release:
		return false
	}
}

func (s *Server) hold(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.release:
	}
}
