package halotest

import (
	"cmp"
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"
	"time"
)

// tokenLifetime is the expires_in the token endpoint answers.
const tokenLifetime = time.Hour

// knownScopes are the scope names Halo applications can be granted.
var knownScopes = []string{
	"all", "all:standard", "admin",
	"read:tickets", "edit:tickets", "read:calendar", "edit:calendar",
	"read:customers", "edit:customers", "read:crm", "edit:crm",
	"editMine:timesheets", "read:timesheets", "edit:timesheets",
	"read:contracts", "edit:contracts", "read:suppliers", "edit:suppliers",
	"read:items", "edit:items", "read:projects", "edit:projects",
	"read:sales", "edit:sales", "read:quotes", "edit:quotes", "read:sos", "edit:sos",
	"read:pos", "edit:pos", "read:invoices", "edit:invoices", "read:reporting", "edit:reporting",
	"read:software", "edit:software", "read:softwarelicensing", "edit:softwarelicensing",
	"read:kb", "edit:kb", "read:assets", "edit:assets", "access:chat", "access:adpasswordreset",
}

// grant is what an access token allows, until when, and how often it was
// used.
type grant struct {
	scopes  []string
	expires time.Time
	uses    int
}

// covers reports whether the grant allows scope; edit:X implies read:X.
func (g grant) covers(scope string) bool {
	if scope == "" || slices.Contains(g.scopes, "all") || slices.Contains(g.scopes, scope) {
		return true
	}
	edit, ok := strings.CutPrefix(scope, "read:")
	return ok && slices.Contains(g.scopes, "edit:"+edit)
}

// authInfoJSON is the unauthenticated answer of GET /api/authinfo.
type authInfoJSON struct {
	AuthURL  string `json:"auth_url"`
	TenantID string `json:"tenant_id"`
}

// GET /api/authinfo: where the authorisation server is, so clients need only
// the resource server's hostname.
func (t *Tenant) getAuthInfo(w http.ResponseWriter, r *http.Request) {
	if t.sc.NoDiscovery {
		writeText(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, authInfoJSON{AuthURL: t.authURL(r), TenantID: cmp.Or(t.sc.AuthTenant, TenantID)})
}

// authURL is the authorisation server discovery names: this host's, or the
// one the scenario names instead.
func (t *Tenant) authURL(r *http.Request) string {
	return cmp.Or(t.sc.AuthServer, "https://"+r.Host+"/auth")
}

// GET /auth/.well-known/openid-configuration: OIDC discovery; the issuer is
// the auth URL authinfo names, as discovery clients check.
func (t *Tenant) getOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	if t.sc.NoDiscovery {
		writeText(w, http.StatusNotFound, "Not Found")
		return
	}
	issuer := t.authURL(r)
	writeJSON(w, http.StatusOK, struct {
		Issuer        string `json:"issuer"`
		TokenEndpoint string `json:"token_endpoint"`
	}{issuer, issuer + "/token"})
}

// POST /auth/token: the OAuth2 client-credentials grant, with OpenIddict's
// error answers. A ?tenant= other than TenantID finds no such application,
// hence invalid_client (inferred; Halo's exact answer is not known).
func (t *Tenant) postToken(w http.ResponseWriter, r *http.Request) {
	if t.sc.TokenRedirect != "" {
		redirect(w, t.sc.TokenRedirect)
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a valid form.")
		return
	}
	form := r.PostForm
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if basicID, basicSecret, ok := r.BasicAuth(); ok && id == "" {
		id, secret = basicID, basicSecret
	}
	tenant := cmp.Or(r.URL.Query().Get("tenant"), form.Get("tenant"))
	switch {
	case form.Get("grant_type") != "client_credentials":
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type",
			"The specified 'grant_type' is not supported.")
	case id == "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request",
			"The mandatory 'client_id' parameter is missing.")
	case t.sc.RejectCredentials || (tenant != "" && !strings.EqualFold(tenant, TenantID)) ||
		subtle.ConstantTimeCompare([]byte(id), []byte(t.cfg.clientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(t.cfg.clientSecret)) != 1:
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client",
			"The specified client credentials are invalid.")
	default:
		scopes, ok := t.grantable(form.Get("scope"))
		if !ok {
			writeOAuthError(w, http.StatusBadRequest, "invalid_scope",
				"This client application is not allowed to use the specified scope.")
			return
		}
		token := rand.Text()
		lifetime := cmp.Or(t.sc.TokenLifetime, tokenLifetime)
		t.mu.Lock()
		t.tokens[token] = grant{scopes: scopes, expires: t.cfg.now().Add(lifetime)}
		t.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, struct {
			AccessToken string `json:"access_token"`
			TokenType   string `json:"token_type"`
			ExpiresIn   int    `json:"expires_in"`
			Scope       string `json:"scope"`
		}{token, cmp.Or(t.sc.TokenType, "Bearer"), int(lifetime.Seconds()), strings.Join(scopes, " ")})
	}
}

// grantable returns the scopes a token asking for requested gets: all of
// them, or none when one is unknown or not granted to the application. No
// scope asked means everything the application has.
func (t *Tenant) grantable(requested string) ([]string, bool) {
	app := t.sc.Scopes
	if app == nil {
		app = []string{"all"}
	}
	asked := strings.Fields(requested)
	if len(asked) == 0 {
		return slices.Clone(app), true
	}
	for _, s := range asked {
		if !slices.Contains(knownScopes, s) || !(slices.Contains(app, "all") || slices.Contains(app, s)) {
			return nil, false
		}
	}
	return asked, true
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}{code, description})
}

// authorized checks the bearer token and its scope, answering 401 or 403
// itself when they do not do.
func (t *Tenant) authorized(w http.ResponseWriter, r *http.Request, scope string) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", "Bearer")
		w.WriteHeader(http.StatusUnauthorized)
		return false
	}
	t.mu.Lock()
	g, ok := t.tokens[token]
	if ok {
		g.uses++
		t.tokens[token] = g
	}
	t.mu.Unlock()
	revoked := t.sc.TokensRefused || (t.sc.TokenUses > 0 && g.uses > t.sc.TokenUses)
	if !ok || !t.cfg.now().Before(g.expires) || revoked {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		return false
	}
	if !g.covers(scope) {
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="`+scope+`"`)
		w.WriteHeader(http.StatusForbidden)
		return false
	}
	return true
}
