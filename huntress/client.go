package huntress

import (
	"cmp"
	"context"
	"fmt"
	"halowiz/scrub"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultBaseURL is the Huntress API's address.
const DefaultBaseURL = "https://api.huntress.io"

// DefaultMaxBody is the largest answer the client reads: a page of 500
// organizations is a few hundred kilobytes.
const DefaultMaxBody = 4 << 20

// DefaultTimeout bounds a call whose context has no deadline of its own (the
// contract's default --timeout).
const DefaultTimeout = 15 * time.Second

// Huntress allows 60 requests a minute per account on a sliding window. A
// token bucket admits at most burst + rate × 60 s requests in any 60 s, so
// 20 + 40 keeps this client inside the window on its own while the first 20
// requests (the account and 19 pages of 500 organizations) go out at once.
const (
	limiterBurst     = 20
	limiterPerMinute = 40
)

// Options configures a Client. Key and Secret are the Huntress API key pair.
type Options struct {
	BaseURL    string       // default DefaultBaseURL; tests point it at huntresstest
	Key        string       // the public API key
	Secret     string       // the API secret key; never shown anywhere
	HTTPClient *http.Client // nil: a clone of http.DefaultTransport (HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE)
	Debug      io.Writer    // nil: silent; otherwise one line per request, never a header
	MaxBody    int64        // default DefaultMaxBody
	// Timeout bounds a call (its pages and retries included) whose context
	// has no sooner deadline; default DefaultTimeout.
	Timeout time.Duration
	// OnWait, when set, is told of every wait before a retry, with the
	// context of the call that waits.
	OnWait func(ctx context.Context, w Wait)
}

// Client reads the Huntress API. It is safe for concurrent use; all its
// requests share one rate budget.
type Client struct {
	base    *url.URL
	baseErr error
	key     string
	secret  string
	http    *http.Client
	limiter *rate.Limiter
	maxBody int64
	timeout time.Duration
	redact  *scrub.Redactor
	debug   *debugLog
	onWait  func(ctx context.Context, w Wait)
}

// New returns a Client. A malformed BaseURL is reported by the first call.
func New(o Options) *Client {
	c := &Client{
		key:     o.Key,
		secret:  o.Secret,
		http:    httpClient(o.HTTPClient),
		limiter: rate.NewLimiter(rate.Limit(limiterPerMinute/60.0), limiterBurst),
		maxBody: o.MaxBody,
		timeout: cmp.Or(o.Timeout, DefaultTimeout),
		redact:  scrub.NewRedactor(),
		onWait:  o.OnWait,
	}
	c.redact.AddBasicAuth(o.Key, o.Secret)
	c.debug = &debugLog{w: o.Debug, redact: c.redact}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	c.base, c.baseErr = parseBaseURL(o.BaseURL)
	return c
}

// httpClient copies the caller's client (or a fresh one) and stops it from
// following redirects: a redirect would carry the credentials to wherever
// it points, and the Huntress API never redirects a GET.
func httpClient(given *http.Client) *http.Client {
	hc := http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	if given != nil {
		hc = *given
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("huntress: base URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("huntress: base URL %q is not an http(s) address without credentials", u.Redacted())
	}
	return u, nil
}

// withDeadline bounds a call by the client's timeout, unless ctx ends
// sooner.
func (c *Client) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.timeout)
}

// debugLog writes the optional request trace. Lines pass the redactor, and
// the writer is shared by concurrent calls, hence the lock.
type debugLog struct {
	mu     sync.Mutex
	w      io.Writer
	redact *scrub.Redactor
}

func (d *debugLog) printf(format string, args ...any) {
	if d.w == nil {
		return
	}
	line := scrub.Line(d.redact.Redact(fmt.Sprintf(format, args...)))
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "huntress: %s\n", line)
}
