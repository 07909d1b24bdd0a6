package halo

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDiscoverLearnsTheAuthServerAndTenant(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("authinfo was asked with credentials")
		}
		writeJSON(w, 200, map[string]any{"auth_url": "https://acme.halopsa.com/auth/", "tenant_id": "acme"})
	})
	f.on("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("tenant"); got != "acme" {
			t.Errorf("token request tenant = %q, want acme", got)
		}
		grantToken(3600, "all")(w, r)
	})
	c := f.client()
	info, err := c.Discover(timeout(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if info.AuthURL != "https://acme.halopsa.com/auth/" || c.AuthURL() != "https://acme.halopsa.com/auth" || c.Tenant() != "acme" {
		t.Errorf("info %+v, AuthURL %q, Tenant %q", info, c.AuthURL(), c.Tenant())
	}
	if got := c.tokenURL(); got != "https://acme.halopsa.com/auth/token?tenant=acme" {
		t.Errorf("token URL = %q", got)
	}
	if err := c.Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
}

func TestDiscoverAcceptsANumericTenant(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", answerJSON(200, map[string]any{"auth_url": "https://auth.haloservicedesk.com", "tenant_id": 1234}))
	c := f.client()
	if _, err := c.Discover(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if c.Tenant() != "1234" || c.tokenURL() != "https://auth.haloservicedesk.com/token?tenant=1234" {
		t.Errorf("Tenant %q, token URL %q", c.Tenant(), c.tokenURL())
	}
}

func TestConfiguredTenantWinsOverTheDiscoveredOne(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", answerJSON(200, map[string]any{"auth_url": "https://acme.halopsa.com/auth", "tenant_id": "other"}))
	c := f.client(func(o *Options) { o.Tenant = " acme " })
	if _, err := c.Discover(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if c.Tenant() != "acme" {
		t.Errorf("Tenant = %q, want the configured acme", c.Tenant())
	}
}

func TestWithoutDiscoveryTheTokenURLIsTheHostsOwn(t *testing.T) {
	c := New(Options{Host: "acme.halopsa.com"})
	if c.AuthURL() != "https://acme.halopsa.com/auth" || c.tokenURL() != "https://acme.halopsa.com/auth/token" {
		t.Errorf("AuthURL %q, token URL %q", c.AuthURL(), c.tokenURL())
	}
}

func TestDiscoverNeverSendsTheSecretToAPlainHTTPAuthServer(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", answerJSON(200, map[string]any{"auth_url": "http://acme.halopsa.com/auth"}))
	c := f.client()
	if _, err := c.Discover(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.tokenURL(), "https://acme.halopsa.com/auth/token") {
		t.Errorf("token URL = %q, want the https fallback", c.tokenURL())
	}
}

func TestDiscoverFallsBackToTheOpenIDConfiguration(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /auth/.well-known/openid-configuration", answerJSON(200, map[string]any{
		"issuer": "https://acme.halopsa.com/auth", "token_endpoint": "https://acme.halopsa.com/auth/token"}))
	c := f.client()
	info, err := c.Discover(timeout(t, 5*time.Second))
	if err != nil || info.AuthURL != "https://acme.halopsa.com/auth" {
		t.Fatalf("Discover = %+v, %v", info, err)
	}
	f.wantCount(t, "GET /api/authinfo", 1)
}

func TestDiscoverReportsAHostThatIsNotHalo(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", answerText(200, "text/html", "<html><title>Welcome to nginx!</title></html>"))
	_, err := f.client().Discover(timeout(t, 5*time.Second))
	if !errors.Is(err, ErrNotHalo) || errors.Is(err, ErrUnreachable) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrNotHalo alone", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 404 || apiErr.Path != "/auth/.well-known/openid-configuration" {
		t.Errorf("err = %v: the OIDC 404 is not in the chain", err)
	}
	var decErr *DecodeError
	if !errors.As(err, &decErr) || !decErr.HTML || decErr.Body != "Welcome to nginx!" {
		t.Errorf("err = %v: the authinfo page is not in the chain", err)
	}
	if !strings.Contains(err.Error(), "Welcome to nginx!") {
		t.Errorf("err = %q does not say what answered", err)
	}
}

func TestDiscoverAcceptsAnAPIThatOnlyAsksForAToken(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", answerJSON(401, map[string]any{"error": "unauthorized"}))
	c := f.client()
	if _, err := c.Discover(timeout(t, 5*time.Second)); err != nil {
		t.Fatalf("Discover = %v, want Halo without discovery documents", err)
	}
	if got := c.AuthURL(); got != "https://"+testHost+"/auth" {
		t.Errorf("AuthURL = %q, want the host's own /auth", got)
	}
}

func TestDiscoverTreatsJSONWithoutAuthURLAsNotHalo(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", answerJSON(200, map[string]any{"status": "ok"}))
	f.on("GET /auth/.well-known/openid-configuration", answerJSON(200, map[string]any{}))
	_, err := f.client().Discover(timeout(t, 5*time.Second))
	if !errors.Is(err, ErrNotHalo) || !strings.Contains(err.Error(), "no auth_url") || !strings.Contains(err.Error(), `"status":"ok"`) {
		t.Errorf("err = %v", err)
	}
}

func TestDiscoverPassesRateLimitingThrough(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", status(429, "Retry-After", "600"))
	_, err := f.client().Discover(timeout(t, 5*time.Second))
	if !errors.Is(err, ErrRateLimited) || errors.Is(err, ErrNotHalo) {
		t.Errorf("err = %v, want ErrRateLimited and not ErrNotHalo", err)
	}
	f.wantCount(t, "GET /auth/.well-known/openid-configuration", 0)
}

func TestInvalidHostFailsEveryCallWithoutARequest(t *testing.T) {
	c := New(Options{Host: "https://user:pw@acme.halopsa.com"})
	if _, err := c.Me(timeout(t, time.Second)); !errors.Is(err, ErrInvalidHost) {
		t.Errorf("Me: err = %v", err)
	}
	if _, err := c.Discover(timeout(t, time.Second)); !errors.Is(err, ErrInvalidHost) {
		t.Errorf("Discover: err = %v", err)
	}
	if err := c.Token(timeout(t, time.Second)); !errors.Is(err, ErrInvalidHost) {
		t.Errorf("Token: err = %v", err)
	}
}

func TestNewCleansAPastedHost(t *testing.T) {
	if c := New(Options{Host: " https://ACME.halopsa.com/api "}); c.Host() != "acme.halopsa.com" {
		t.Errorf("Host = %q", c.Host())
	}
}

func TestDefaultClientKeepsProxyAndCertificateSettingsFromTheEnvironment(t *testing.T) {
	c := New(Options{Host: "acme.halopsa.com"})
	base := c.hc.Transport.(*meteredTransport).base
	tr, ok := base.(*http.Transport)
	if !ok {
		t.Fatalf("default transport is %T", base)
	}
	if tr == http.DefaultTransport {
		t.Error("the default transport is shared, not cloned")
	}
	if tr.Proxy == nil {
		t.Error("the default transport ignores HTTPS_PROXY and NO_PROXY")
	}
	if tr.TLSClientConfig != nil && tr.TLSClientConfig.RootCAs != nil {
		t.Error("the default transport replaces the system roots (SSL_CERT_FILE)")
	}
}

func TestGivenHTTPClientIsWrappedNotChanged(t *testing.T) {
	given := &http.Client{Timeout: time.Minute}
	c := New(Options{Host: "acme.halopsa.com", HTTPClient: given})
	if given.Transport != nil || given.CheckRedirect != nil {
		t.Error("New changed the caller's http.Client")
	}
	if c.hc.Timeout != time.Minute {
		t.Error("New dropped the caller's client settings")
	}
}
