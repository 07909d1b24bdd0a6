package halo

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDiscoverOnlyReportsWhatAuthinfoNames(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/authinfo", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("authinfo was asked with credentials")
		}
		writeJSON(w, 200, map[string]any{"auth_url": "https://auth.elsewhere.example/auth/", "tenant_id": 1234})
	})
	f.on("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			t.Errorf("token request query = %q, want none: Huntress sends no tenant", r.URL.RawQuery)
		}
		grantToken(3600, "all")(w, r)
	})
	c := f.client()
	info, err := c.Discover(timeout(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if info.AuthURL != "https://auth.elsewhere.example/auth/" || info.TenantID != "1234" || info.Source != "/api/authinfo" {
		t.Errorf("info %+v", info)
	}
	if err := c.Token(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	f.wantCount(t, "POST /auth/token", 1)
}

func TestTheTokenURLIsTheHostsOwnAsHuntressUsesIt(t *testing.T) {
	c := New(Options{Host: "https://Acme.halopsa.com/api"})
	if got := c.TokenURL(); got != "https://acme.halopsa.com/auth/token" {
		t.Errorf("TokenURL = %q", got)
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
	info, err := c.Discover(timeout(t, 5*time.Second))
	if err != nil {
		t.Fatalf("Discover = %v, want Halo without discovery documents", err)
	}
	if info.AuthURL != "" || !strings.Contains(info.Source, "/api/Agent/me") {
		t.Errorf("info %+v, want nothing named, told by /api/Agent/me", info)
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
	if c := New(Options{Host: " https://ACME.halopsa.com/api "}); c.host != "acme.halopsa.com" {
		t.Errorf("Host = %q", c.host)
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
