package halotest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Tenant is a simulated HaloPSA tenant: an http.Handler serving the
// authorisation server under /auth and the resource server under /api, with
// state that changes as a real tenant's would. It is safe for concurrent use.
// Serve it with Start, or with any server (httptest.NewTLSServer) in tests.
type Tenant struct {
	sc   Scenario
	cfg  config
	data *dataset
	mux  *http.ServeMux
	log  *requestLog

	apiRequests atomic.Int64 // authenticated /api requests, for the bursts
	searches    atomic.Int64 // ticket searches, for SearchFailures
	windowOnce  sync.Once
	windowStart time.Time // the first authenticated /api request, for RateLimitWindow
	done        chan struct{}
	closeOnce   sync.Once

	mu           sync.Mutex
	tokens       map[string]grant
	tickets      map[int]*Ticket
	nextTicketID int
	actions      []action
}

// maxBodyBytes bounds the request bodies the tenant reads: far above
// anything a client should send, low enough that a runaway one cannot
// exhaust memory.
const maxBodyBytes = 4 << 20

// NewTenant builds the tenant sc describes.
func NewTenant(sc Scenario, opts ...Option) *Tenant {
	cfg := newConfig(opts)
	t := &Tenant{
		sc:      sc,
		cfg:     cfg,
		data:    newDataset(sc, cfg),
		log:     newRequestLog(),
		done:    make(chan struct{}),
		tokens:  map[string]grant{},
		tickets: map[int]*Ticket{},
	}
	t.seedTickets(cfg.now())
	t.addTickets(cfg.tickets)
	t.mux = t.routes()
	return t
}

// routes maps Halo's endpoints to handlers. Patterns are lower-case: paths
// are lower-cased before routing because Halo's are case-insensitive.
// Scopes are those a token needs; "" means any token will do.
func (t *Tenant) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /api/authinfo", t.getAuthInfo)
	m.HandleFunc("GET /auth/.well-known/openid-configuration", t.getOpenIDConfiguration)
	m.HandleFunc("POST /auth/token", t.postToken)
	api := func(pattern, scope string, h http.HandlerFunc) {
		m.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if t.authorized(w, r, scope) && !t.injectFault(w) {
				h(w, r)
			}
		})
	}
	api("GET /api/agent/me", "", t.getMe)
	api("GET /api/agent/{id}", "", t.getAgent)
	api("GET /api/tickettype", "", t.listTicketTypes)
	api("GET /api/tickettype/{id}", "", t.getTicketType)
	api("GET /api/status", "", t.listStatuses)
	api("GET /api/lookup", "", t.listLookup)
	api("GET /api/instanceinfo", "", t.getInstanceInfo)
	api("GET /api/client", "read:customers", t.listCustomers)
	api("GET /api/client/{id}", "read:customers", t.getCustomer)
	api("GET /api/site", "read:customers", t.listSites)
	api("GET /api/users", "read:customers", t.listUsers)
	api("GET /api/tickets", "read:tickets", t.listTickets)
	api("POST /api/tickets", "edit:tickets", t.postTickets)
	api("GET /api/tickets/{id}", "read:tickets", t.getTicket)
	api("GET /api/actions", "read:tickets", t.listActions)
	api("POST /api/actions", "edit:tickets", t.postActions)
	return m
}

// Scenario is the scenario the tenant was built from.
func (t *Tenant) Scenario() Scenario { return t.sc }

// ServeHTTP logs the request, holds it as long as the scenario says, then
// answers it: with the scenario's HTML page, or as Halo would. A request
// held until its client gave up or the tenant closed is aborted with
// http.ErrAbortHandler, which net/http servers take as "no answer".
func (t *Tenant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, tooLarge := readBody(r)
	entry := t.log.begin(r, body)
	sw := &statusWriter{ResponseWriter: w}
	defer func() { t.log.end(entry, sw.status) }()
	if tooLarge {
		writeText(sw, http.StatusRequestEntityTooLarge, "The request body is too large.")
		return
	}
	if !t.hold(r.Context()) {
		// Abort rather than return: a handler that returns without writing
		// sends an empty 200, and a request held to the end has no answer.
		panic(http.ErrAbortHandler)
	}
	if t.sc.HTMLPage {
		writeHTML(sw, http.StatusOK, loginPage)
		return
	}
	routed := r.Clone(r.Context())
	routed.URL.Path, routed.URL.RawPath = routePath(r.URL.Path), ""
	if t.sc.APIRedirect != "" && strings.HasPrefix(routed.URL.Path, "/api/") {
		redirect(sw, t.sc.APIRedirect+r.URL.Path)
		return
	}
	t.mux.ServeHTTP(sw, routed)
}

// readBody reads the request body into memory, so it can be logged, and
// puts it back for the handler; it reports whether it was too large.
func readBody(r *http.Request) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) == 0 && err == nil {
		return nil, false
	}
	return body, len(body) > maxBodyBytes
}

// Close releases every request the tenant holds (never-answers, latency)
// and makes it abort new ones. It does not wait; Server.Close does.
func (t *Tenant) Close() {
	t.closeOnce.Do(func() { close(t.done) })
}

func (t *Tenant) closed() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// drain waits up to limit for the requests being answered to finish, and
// reports whether they did.
func (t *Tenant) drain(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for t.log.inFlight() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
