package halo

import (
	"cmp"
	"halowiz/retry"
	"halowiz/scrub"

	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// DefaultTimeout bounds a call when Options.Timeout is zero: no request
// ever waits without a deadline.
const DefaultTimeout = 15 * time.Second

// DefaultRateLimitWait is how long a run may be held back, in all, by
// Halo's rate limit when Options.RateLimit is nil.
const DefaultRateLimitWait = 60 * time.Second

// Defaults for the Options left empty.
const (
	DefaultMaxBody   = 4 << 20
	DefaultUserAgent = "halowiz"
)

// DefaultScopes is what a Client asks the token endpoint for unless told
// otherwise: everything the application was granted.
var DefaultScopes = []string{"all"}

// Options configures a Client. Only Host, ClientID and ClientSecret are
// needed; the rest have defaults.
type Options struct {
	Host         string       // bare hostname from NormalizeHost; the base URL is https://Host
	ClientID     string       // the API application's Client ID
	ClientSecret string       // never logged, never in an error
	Scopes       []string     // default DefaultScopes
	HTTPClient   *http.Client // nil: a client on a clone of http.DefaultTransport (proxy and certificate settings from the environment)
	Debug        io.Writer    // nil: off; otherwise a redacted trace of every request and answer
	MaxBody      int64        // the largest answer read; default DefaultMaxBody
	UserAgent    string       // default DefaultUserAgent
	// Timeout is the deadline of one call, its retries included but not
	// the time spent waiting out Halo's rate limit; default DefaultTimeout.
	// A context deadline that comes sooner wins.
	Timeout time.Duration
	// RateLimit is how long the run may wait, in all, for Halo's rate limit
	// (shared with every client of the run); nil: DefaultRateLimitWait.
	RateLimit *retry.Budget
	// OnWait, when set, is told of every wait before a retry, with the
	// context of the call that waits.
	OnWait func(context.Context, Wait)
}

// Client talks to one Halo tenant. It is safe for concurrent use.
//
// The secret and every token go only to https://Host: the token request is
// POST https://Host/auth/token, exactly as the Huntress integration makes
// it, whatever a discovery document names; no redirect is followed.
type Client struct {
	host      string
	hostErr   error // set when Options.Host is not a hostname: every call returns it
	clientID  string
	secret    string
	userAgent string
	maxBody   int64
	timeout   time.Duration
	hc        *http.Client
	red       *scrub.Redactor
	trace     *tracer
	limit     *retry.Budget
	onWait    func(context.Context, Wait)

	backoffBase time.Duration    // first retry wait before jitter; tests shorten it
	rateBase    time.Duration    // first wait after a 429 without Retry-After; tests shorten it
	now         func() time.Time // the clock token expiry is judged by
	tokenTurn   chan struct{}    // one token fetch at a time

	mu        sync.Mutex
	scopes    []string
	tok       *oauth2.Token
	tokAt     time.Time // when tok was issued
	tokTries  int       // token requests made so far (each attempt counts)
	holdUntil time.Time // no request leaves before this: Halo's rate limit asked for a pause
}

// New returns a Client for o. It makes no request.
func New(o Options) *Client {
	host, _, err := NormalizeHost(o.Host)
	c := &Client{
		host:        host,
		hostErr:     err,
		clientID:    o.ClientID,
		secret:      o.ClientSecret,
		userAgent:   cmp.Or(o.UserAgent, DefaultUserAgent),
		maxBody:     o.MaxBody,
		timeout:     cmp.Or(o.Timeout, DefaultTimeout),
		red:         scrub.NewRedactor(o.ClientSecret),
		limit:       o.RateLimit,
		onWait:      o.OnWait,
		backoffBase: 250 * time.Millisecond,
		rateBase:    time.Second,
		now:         time.Now,
		tokenTurn:   make(chan struct{}, 1),
		scopes:      slices.Clone(o.Scopes),
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.timeout < 0 {
		c.timeout = DefaultTimeout
	}
	if c.limit == nil {
		c.limit = retry.NewBudget(DefaultRateLimitWait)
	}
	if len(c.scopes) == 0 {
		c.scopes = slices.Clone(DefaultScopes)
	}
	if o.Debug != nil {
		c.trace = &tracer{w: o.Debug, red: c.red}
	}
	c.hc = c.httpClient(o.HTTPClient)
	return c
}

// httpClient wraps the caller's client (or a default one) so that every
// request is metered and traced, and redirects are shown rather than
// followed: a redirected API call is evidence of a wrong host, and
// following it could carry the token somewhere else.
func (c *Client) httpClient(given *http.Client) *http.Client {
	hc := &http.Client{}
	if given != nil {
		*hc = *given
	}
	base := hc.Transport
	if base == nil {
		if given == nil {
			base = defaultTransport()
		} else {
			base = http.DefaultTransport
		}
	}
	hc.Transport = &meteredTransport{
		base:    base,
		limiter: rate.NewLimiter(rate.Every(rateEvery), rateBurst),
		trace:   c.trace,
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return hc
}

// defaultTransport clones http.DefaultTransport, which keeps HTTPS_PROXY,
// NO_PROXY and SSL_CERT_FILE working, with room for the concurrent pages
// of a client list.
func defaultTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = maxPagesInFlight + 1
	return t
}

// TokenURL is where the client credentials go: the tenant's own host, at
// the path the Huntress integration posts to, with no tenant parameter.
func (c *Client) TokenURL() string { return "https://" + c.host + "/auth/token" }

// Discover asks the tenant, without credentials, whether it is a Halo API:
// GET /api/authinfo, and when that is missing or not JSON, the OIDC
// discovery document under /auth. When both are missing but the API refuses
// /api/Agent/me for want of a token, it is Halo without discovery (a tenant
// need not have /api/authinfo). What the documents name is only reported:
// the token request always goes to TokenURL, as Huntress's does. When
// nothing looks like Halo, the error matches ErrNotHalo and holds both
// answers; a network failure is a *NetError.
func (c *Client) Discover(ctx context.Context) (AuthInfo, error) {
	info, err := c.authInfo(ctx)
	if err == nil {
		info.Source = "/api/authinfo"
		return info, nil
	}
	if !halfAnswered(err) {
		return AuthInfo{}, err
	}
	info, oidcErr := c.openIDConfiguration(ctx)
	switch {
	case oidcErr == nil:
		info.Source = "/auth/.well-known/openid-configuration"
		return info, nil
	case !halfAnswered(oidcErr):
		return AuthInfo{}, oidcErr
	}
	// Both documents are missing. An API that still demands a token for
	// the agent behind it is Halo without discovery.
	asks, askErr := c.asksForToken(ctx)
	switch {
	case asks:
		return AuthInfo{Source: "/api/Agent/me (401 without a token)"}, nil
	case askErr != nil && !halfAnswered(askErr):
		return AuthInfo{}, askErr // a timeout or a cut connection is not "not Halo"
	}
	return AuthInfo{}, &notHaloError{host: c.host, attempts: []error{err, oidcErr}}
}

func (c *Client) authInfo(ctx context.Context) (AuthInfo, error) {
	var info AuthInfo
	err := c.getChecked(ctx, request{method: http.MethodGet, path: "/api/authinfo", public: true},
		&info, func() error { return present(info.AuthURL, "auth_url") })
	return info, err
}

func (c *Client) openIDConfiguration(ctx context.Context) (AuthInfo, error) {
	var doc struct {
		Issuer string `json:"issuer"`
	}
	err := c.getChecked(ctx, request{method: http.MethodGet, path: "/auth/.well-known/openid-configuration", public: true},
		&doc, func() error { return present(doc.Issuer, "issuer") })
	return AuthInfo{AuthURL: doc.Issuer}, err
}

// asksForToken reports whether GET /api/Agent/me, sent without a token, is
// refused with 401 the way an API refuses it (not with a web page).
func (c *Client) asksForToken(ctx context.Context) (bool, error) {
	_, err := c.send(ctx, request{method: http.MethodGet, path: "/api/Agent/me", public: true})
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized && !apiErr.HTML, err
}

// present is the check of a discovery document, which is only evidence of
// Halo when the field named has a value.
func present(value, field string) error {
	if value == "" {
		return errors.New("no " + field + " in the answer")
	}
	return nil
}

// halfAnswered reports whether something answered over HTTP, just not as
// expected: the case for trying the next discovery document. A 429 is not
// such a case, it is Halo.
func halfAnswered(err error) bool {
	var apiErr *APIError
	var decErr *DecodeError
	return (errors.As(err, &apiErr) && !errors.Is(err, ErrRateLimited)) || errors.As(err, &decErr)
}
