package halo

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSecret has characters that JSON and URL encoding change, so that the
// redaction of its echoed forms is tested too.
const (
	testSecret = "s3cr3t/Q9x+Zk=&vAlue<>"
	testToken  = "tok-A1b2C3d4E5f6G7h8"
	testHost   = "acme.halopsa.com"
)

// fakeHalo is a small local Halo for one test: a TLS server with routes
// matched case-insensitively, as Halo matches paths, and a hit counter.
// It grants testToken at POST /auth/token unless a test says otherwise.
type fakeHalo struct {
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   map[string]int
}

func newFake(t testing.TB) *fakeHalo {
	t.Helper()
	f := &fakeHalo{routes: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshakes cut short by a test's deadline
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	f.on("POST /auth/token", grantToken(3600, "all"))
	return f
}

// on routes "METHOD /path" to h.
func (f *fakeHalo) on(route string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[strings.ToLower(route)] = h
}

func (f *fakeHalo) serve(w http.ResponseWriter, r *http.Request) {
	key := strings.ToLower(r.Method + " " + r.URL.Path)
	f.mu.Lock()
	f.hits[key]++
	h := f.routes[key]
	f.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// count is how often route was requested.
func (f *fakeHalo) count(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[strings.ToLower(route)]
}

// wantCount fails the test unless route was requested want times.
func (f *fakeHalo) wantCount(t testing.TB, route string, want int) {
	t.Helper()
	if n := f.count(route); n != want {
		t.Errorf("%s was requested %d times, want %d", route, n, want)
	}
}

// httpClient dials the fake whatever host a URL names and verifies its
// certificate as httptest's (issued for example.com), so that requests can
// name acme.halopsa.com as they would in production.
func (f *fakeHalo) httpClient() *http.Client {
	tr := f.srv.Client().Transport.(*http.Transport).Clone()
	addr := f.srv.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	tr.TLSClientConfig.ServerName = "example.com"
	return &http.Client{Transport: tr}
}

// client is a Client for the fake with short retry waits.
func (f *fakeHalo) client(mods ...func(*Options)) *Client {
	o := Options{Host: testHost, ClientID: "client-id", ClientSecret: testSecret, HTTPClient: f.httpClient()}
	for _, m := range mods {
		m(&o)
	}
	return fastRetries(New(o))
}

// readyClient is client with its token already fetched, so that a test's
// short deadline covers only the call under test.
func (f *fakeHalo) readyClient(t testing.TB, mods ...func(*Options)) *Client {
	t.Helper()
	c := f.client(mods...)
	if err := c.Token(timeout(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	return c
}

func fastRetries(c *Client) *Client {
	c.backoffBase = 5 * time.Millisecond
	c.rateBase = 5 * time.Millisecond
	return c
}

func grantToken(expiresIn int, scope string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"access_token": testToken, "token_type": "Bearer", "expires_in": expiresIn, "scope": scope,
		})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func decodeJSONBody(r *http.Request, v any) error { return json.NewDecoder(r.Body).Decode(v) }

func writeText(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// answerJSON replies with a fixed status and JSON body.
func answerJSON(status int, v any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, v) }
}

// answerText replies with a fixed status, content type and body.
func answerText(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeText(w, status, contentType, body) }
}

// hang never answers; it returns when the client gives up. The body is
// read first: only then does the server notice a connection closed by the
// client.
// hang never answers: it waits for the client to give up and then aborts
// the exchange, rather than return and so send an empty 200 that a slow
// client could still read as an answer.
func hang(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
	panic(http.ErrAbortHandler)
}

func timeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}
