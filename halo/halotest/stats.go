package halotest

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Request is one request as the tenant's log keeps it. The Authorization
// header is not kept, and a token request's client_secret is redacted.
type Request struct {
	Method string
	Path   string // as sent, case kept
	Query  string // the raw query
	Body   []byte // nil when there was none
	Status int    // 0 while in flight, or when never answered
}

// Stats is a snapshot of what the tenant was asked.
type Stats struct {
	Requests int // every request received, answered or not
	// ByRoute counts requests by "METHOD /path", the path lower-cased as
	// routed: "POST /api/tickets", "GET /api/tickets/1004".
	ByRoute        map[string]int
	InFlight       int // requests being answered now
	MaxInFlight    int // the most ever answered at once
	TicketsCreated int
}

// requestLog records requests; it has its own lock so that logging never
// waits for the tenant's state.
type requestLog struct {
	mu      sync.Mutex
	entries []*Request
	stats   Stats
}

func newRequestLog() *requestLog {
	return &requestLog{stats: Stats{ByRoute: map[string]int{}}}
}

func routeKey(method, path string) string {
	return strings.ToUpper(method) + " " + routePath(path)
}

// routePath is the path as the tenant routes it: lower-cased, without a
// trailing slash.
func routePath(path string) string {
	path = strings.ToLower(path)
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	return path
}

func (l *requestLog) begin(r *http.Request, body []byte) *Request {
	e := &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: redactBody(r.URL.Path, body)}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	l.stats.Requests++
	l.stats.ByRoute[routeKey(r.Method, r.URL.Path)]++
	l.stats.InFlight++
	l.stats.MaxInFlight = max(l.stats.MaxInFlight, l.stats.InFlight)
	return e
}

func (l *requestLog) end(e *Request, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Status = status
	l.stats.InFlight--
}

func (l *requestLog) inFlight() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats.InFlight
}

func (l *requestLog) ticketCreated() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats.TicketsCreated++
}

// redactBody keeps a request body for the log, without the client secret of
// a token request: tests print logs, and secrets never reach test output.
func redactBody(path string, body []byte) []byte {
	if body == nil || routePath(path) != "/auth/token" {
		return body
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return []byte("[unreadable form, not kept]")
	}
	if form.Has("client_secret") {
		form.Set("client_secret", "[redacted]")
	}
	return []byte(form.Encode())
}

// Stats returns a snapshot of the request counts.
func (t *Tenant) Stats() Stats {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	s := t.log.stats
	s.ByRoute = maps.Clone(s.ByRoute)
	return s
}

// Count is how many method requests reached path (any case, no query):
// Count("POST", "/api/Tickets").
func (t *Tenant) Count(method, path string) int {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	return t.log.stats.ByRoute[routeKey(method, path)]
}

// Requests returns the log, oldest first.
func (t *Tenant) Requests() []Request {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	list := make([]Request, len(t.log.entries))
	for i, e := range t.log.entries {
		list[i] = *e
	}
	return list
}

// Bodies returns the bodies of the method requests to path (any case), in
// order: what a client sent, for tests that check it against Halo's schema.
func (t *Tenant) Bodies(method, path string) [][]byte {
	key := routeKey(method, path)
	var bodies [][]byte
	for _, r := range t.Requests() {
		if routeKey(r.Method, r.Path) == key {
			bodies = append(bodies, r.Body)
		}
	}
	return bodies
}
