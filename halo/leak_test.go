package halo

import (
	"halowiz/scrub"

	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// echo answers with everything the request carried (its URL, body and
// Authorization header) plus the secret, and the token when the request
// carried one, in the given form: what a careless server or proxy does at
// its worst.
func echo(code int, form string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sent, _ := io.ReadAll(r.Body)
		text := fmt.Sprintf("you sent %s with body %s and Authorization %q; secret %s",
			r.URL, sent, r.Header.Get("Authorization"), testSecret)
		if r.Header.Get("Authorization") != "" {
			text += "; token " + testToken
		}
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], strings.ReplaceAll(header[i+1], "SECRET", testSecret))
		}
		switch form {
		case "json":
			writeJSON(w, code, map[string]any{"error": "invalid_client", "error_description": text,
				"message": text, "access_token": "tok-issued-elsewhere", "client_secret": testSecret})
		case "html":
			writeText(w, code, "text/html", "<html><title>"+html.EscapeString(text)+"</title><body>"+text+"</body></html>")
		default:
			writeText(w, code, "text/plain", text+"\n"+text)
		}
	}
}

// syncBuffer is a debug writer that several requests may write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecretAndTokenNeverReachAnErrorOrTheDebugTrace(t *testing.T) {
	t.Parallel()
	me := func(ctx context.Context, c *Client) error { _, err := c.Me(ctx); return err }
	token := func(ctx context.Context, c *Client) error { return c.Token(ctx) }
	tests := []struct {
		name     string
		route    string
		handler  http.HandlerFunc
		run      func(context.Context, *Client) error
		deadline time.Duration
		maxBody  int64
	}{
		{"token 401 JSON", "POST /auth/token", echo(401, "json"), token, 0, 0},
		{"token 400 text", "POST /auth/token", echo(400, "text"), token, 0, 0},
		{"token 403 HTML", "POST /auth/token", echo(403, "html"), token, 0, 0},
		{"token 404", "POST /auth/token", echo(404, "text"), token, 0, 0},
		{"token 429", "POST /auth/token", echo(429, "json", "Retry-After", "900"), token, 0, 0},
		{"token 200 not a token", "POST /auth/token", echo(200, "html"), token, 0, 0},
		{"token 200 form without a token", "POST /auth/token", echo(200, "text"), token, 0, 0},
		{"token redirect", "POST /auth/token", echo(302, "text", "Location", "https://sso.example/?client_secret=SECRET"), token, 0, 0},
		{"token timeout", "POST /auth/token", hang, token, 300 * time.Millisecond, 0},
		{"API 400 text", "GET /api/Agent/me", echo(400, "text"), me, 0, 0},
		{"API 401 HTML", "GET /api/Agent/me", echo(401, "html"), me, 0, 0},
		{"API 403 JSON", "GET /api/Agent/me", echo(403, "json"), me, 0, 0},
		{"API 500 JSON", "GET /api/Agent/me", echo(500, "json"), me, 0, 0},
		{"API 503 retried", "GET /api/Agent/me", echo(503, "text"), me, 0, 0},
		{"API 429 past the deadline", "GET /api/Agent/me", echo(429, "json", "Retry-After", "600"), me, 0, 0},
		{"API 200 not the JSON expected", "GET /api/Agent/me", echo(200, "text"), me, 0, 0},
		{"API 200 HTML", "GET /api/Agent/me", echo(200, "html"), me, 0, 0},
		{"API redirect", "GET /api/Agent/me", echo(307, "text", "Location", "https://x.example/?access_token="+testToken), me, 0, 0},
		{"API answer too large", "GET /api/Agent/me", echo(200, "json"), me, 0, 64},
		{"API timeout", "GET /api/Agent/me", hang, me, 300 * time.Millisecond, 0},
		{"ticket create 400", "POST /api/Tickets", echo(400, "text"), func(ctx context.Context, c *Client) error {
			_, err := c.CreateTicket(ctx, NewTicket{Summary: "secret is " + testSecret})
			return err
		}, 0, 0},
		{"client list 500", "GET /api/Client", echo(500, "json"), func(ctx context.Context, c *Client) error {
			_, err := c.Customers(ctx)
			return err
		}, 0, 0},
		{"discovery of something else", "GET /api/authinfo", echo(404, "html"), func(ctx context.Context, c *Client) error {
			_, err := c.Discover(ctx)
			return err
		}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.on(tt.route, tt.handler)
			debug := &syncBuffer{}
			c := f.client(func(o *Options) { o.Debug = debug; o.MaxBody = tt.maxBody })
			deadline := cmpOr(tt.deadline, 5*time.Second)
			err := tt.run(timeout(t, deadline), c)
			if err == nil {
				t.Fatal("no error")
			}
			assertNoSecret(t, "error", err.Error()+"\n"+fmt.Sprintf("%+v %#v", err, err))
			assertNoSecret(t, "debug trace", debug.String())
			if !strings.Contains(debug.String(), "halo: ") {
				t.Error("the debug trace is empty")
			}
		})
	}
}

func TestDebugTraceOfASuccessfulCheckHoldsNoSecret(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", answerJSON(200, map[string]any{"auth_url": "https://acme.halopsa.com/auth", "tenant_id": "acme"}))
	f.on("GET /api/Agent/me", agentOK)
	debug := &syncBuffer{}
	c := f.client(func(o *Options) { o.Debug = debug })
	ctx := timeout(t, 5*time.Second)
	if _, err := c.Discover(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Me(ctx); err != nil {
		t.Fatal(err)
	}
	trace := debug.String()
	assertNoSecret(t, "debug trace", trace)
	for _, want := range []string{
		"GET https://acme.halopsa.com/api/authinfo -> 200 OK",
		"POST https://acme.halopsa.com/auth/token sent",
		"client_secret=" + scrub.Redacted,
		`"access_token":"` + scrub.Redacted + `"`,
		"GET https://acme.halopsa.com/api/Agent/me -> 200 OK",
	} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
}

// assertNoSecret fails when text holds the secret or the token in any
// form: every encoding of them keeps these distinctive middles.
func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, part := range []string{"Q9x", "A1b2C3d4E5f6G7h8", "Bearer tok"} {
		if strings.Contains(text, part) {
			t.Errorf("%s holds %q:\n%s", where, part, text)
		}
	}
}

func cmpOr(d, fallback time.Duration) time.Duration {
	if d != 0 {
		return d
	}
	return fallback
}
