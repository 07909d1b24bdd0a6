package halo

import (
	"halowiz/scrub"

	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// DefaultTimeout bounds a call whose context has no deadline, so that no
// request ever waits without one.
const DefaultTimeout = 15 * time.Second

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
	Tenant       string       // optional; when empty, authinfo's tenant_id is used
	ClientID     string       // the API application's Client ID
	ClientSecret string       // never logged, never in an error
	Scopes       []string     // default DefaultScopes
	HTTPClient   *http.Client // nil: a client on a clone of http.DefaultTransport (proxy and certificate settings from the environment)
	Debug        io.Writer    // nil: off; otherwise a redacted trace of every request and answer
	MaxBody      int64        // the largest answer read; default DefaultMaxBody
	UserAgent    string       // default DefaultUserAgent
}

// Client talks to one Halo tenant. It is safe for concurrent use. Every
// method takes the deadline of its context as the deadline of the whole
// call, retries included (DefaultTimeout when the context has none).
type Client struct {
	host      string
	hostErr   error // set when Options.Host is not a hostname: every call returns it
	tenant    string
	clientID  string
	secret    string
	userAgent string
	maxBody   int64
	hc        *http.Client
	red       *scrub.Redactor
	trace     *tracer

	backoffBase time.Duration    // first retry wait before jitter; tests shorten it
	now         func() time.Time // the clock token expiry is judged by
	tokenTurn   chan struct{}    // one token fetch at a time

	mu       sync.Mutex
	authURL  string // from Discover; empty until then
	tenantID string // from Discover
	scopes   []string
	tok      *oauth2.Token
}

// New returns a Client for o. It makes no request; call Discover first to
// learn the tenant's Authorisation Server and tenant.
func New(o Options) *Client {
	host, _, err := NormalizeHost(o.Host)
	c := &Client{
		host:        host,
		hostErr:     err,
		tenant:      strings.TrimSpace(o.Tenant),
		clientID:    o.ClientID,
		secret:      o.ClientSecret,
		userAgent:   o.UserAgent,
		maxBody:     o.MaxBody,
		red:         scrub.NewRedactor(o.ClientSecret),
		backoffBase: 250 * time.Millisecond,
		now:         time.Now,
		tokenTurn:   make(chan struct{}, 1),
		scopes:      slices.Clone(o.Scopes),
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
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

// Host is the hostname the Client talks to.
func (c *Client) Host() string { return c.host }

// Redactor is the Client's redactor, which knows the client secret and
// every access token fetched so far: evidence built elsewhere from Halo's
// answers must pass through it.
func (c *Client) Redactor() *scrub.Redactor { return c.red }

// AuthURL is the Authorisation Server: the one Discover found, else
// https://Host/auth.
func (c *Client) AuthURL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.authURL != "" {
		return c.authURL
	}
	return "https://" + c.host + "/auth"
}

// Tenant is the tenant sent to the token endpoint: Options.Tenant when
// set, else the tenant_id Discover found, else empty.
func (c *Client) Tenant() string {
	if c.tenant != "" {
		return c.tenant
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tenantID
}

// tokenURL is {AuthURL}/token, with ?tenant= when a tenant is known.
func (c *Client) tokenURL() string {
	u := strings.TrimRight(c.AuthURL(), "/") + "/token"
	if t := c.Tenant(); t != "" {
		u += "?" + url.Values{"tenant": {t}}.Encode()
	}
	return u
}

// Discover asks the tenant, without credentials, where its Authorisation
// Server is: GET /api/authinfo, and when that is missing or not JSON, the
// OIDC discovery document under /auth. When both are missing but the API
// refuses /api/Agent/me for want of a token, it is Halo without discovery
// and the Authorisation Server stays https://Host/auth. It remembers the
// answer for the token requests. When nothing looks like Halo, the error
// matches ErrNotHalo and holds both answers; a network failure is a
// *NetError.
func (c *Client) Discover(ctx context.Context) (AuthInfo, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	info, err := c.authInfo(ctx)
	if err != nil && halfAnswered(err) {
		var oidcErr error
		info, oidcErr = c.openIDConfiguration(ctx)
		switch {
		case oidcErr == nil:
			err = nil
		case halfAnswered(oidcErr):
			// Both documents are missing. An API that still demands a
			// token for the agent behind it is Halo without discovery:
			// its Authorisation Server is then at the default place.
			if c.asksForToken(ctx) {
				info, err = AuthInfo{}, nil
			} else {
				err = &notHaloError{host: c.host, attempts: []error{err, oidcErr}}
			}
		default:
			err = oidcErr
		}
	}
	if err != nil {
		return AuthInfo{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if usableAuthURL(info.AuthURL) {
		c.authURL = strings.TrimRight(info.AuthURL, "/")
	}
	c.tenantID = strings.TrimSpace(string(info.TenantID))
	return info, nil
}

func (c *Client) authInfo(ctx context.Context) (AuthInfo, error) {
	var info AuthInfo
	err := c.getRequired(ctx, request{method: http.MethodGet, path: "/api/authinfo", public: true},
		&info, "auth_url", func() bool { return info.AuthURL != "" })
	return info, err
}

func (c *Client) openIDConfiguration(ctx context.Context) (AuthInfo, error) {
	var doc struct {
		Issuer string `json:"issuer"`
	}
	err := c.getRequired(ctx, request{method: http.MethodGet, path: "/auth/.well-known/openid-configuration", public: true},
		&doc, "issuer", func() bool { return doc.Issuer != "" })
	return AuthInfo{AuthURL: doc.Issuer}, err
}

// asksForToken reports whether GET /api/Agent/me, sent without a token, is
// refused with 401 the way an API refuses it (not with a web page).
func (c *Client) asksForToken(ctx context.Context) bool {
	_, err := c.send(ctx, request{method: http.MethodGet, path: "/api/Agent/me", public: true})
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized && !apiErr.HTML
}

// getRequired is getJSON for a discovery document, which is only evidence
// of Halo when the field named has a value.
func (c *Client) getRequired(ctx context.Context, r request, out any, field string, present func() bool) error {
	a, err := c.send(ctx, r)
	if err == nil {
		err = c.decode(r, a, out)
	}
	if err == nil && !present() {
		err = c.decodeError(r, a, errors.New("no "+field+" in the answer"))
	}
	return err
}

// halfAnswered reports whether something answered over HTTP, just not as
// expected: the case for trying the next discovery document. A 429 is not
// such a case, it is Halo.
func halfAnswered(err error) bool {
	var apiErr *APIError
	var decErr *DecodeError
	return (errors.As(err, &apiErr) && !errors.Is(err, ErrRateLimited)) || errors.As(err, &decErr)
}

// usableAuthURL accepts only an absolute https URL: the client secret is
// never sent in clear text.
func usableAuthURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

// withDeadline applies DefaultTimeout to a context that has no deadline.
func withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, DefaultTimeout)
}
