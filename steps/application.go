package steps

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"halowiz/halo"
)

// huntressScopes are the application permissions the integration needs.
var huntressScopes = []string{"read:tickets", "edit:tickets", "read:customers"}

// LoginScopes are the scopes the checks of rep logged in with: cfg's when
// it names some, Huntress's own permissions when the application refused
// "all" (application.scope-all-refused), else nil (the client's default,
// "all"). A caller that logs in again after the checks asks for the same.
func LoginScopes(cfg Config, rep Report) []string {
	if len(cfg.Scopes) > 0 {
		return slices.Clone(cfg.Scopes)
	}
	if r, ok := rep.Step(Application); ok && r.Has("application.scope-all-refused") {
		return slices.Clone(huntressScopes)
	}
	return nil
}

// checkApplication asks Halo for an access token with the application's
// client ID and secret exactly as Huntress does: POST https://HOST/auth/token
// with no tenant parameter. A pass means Huntress will get a token. What
// /api/authinfo named is only a cross-check.
func checkApplication(ctx context.Context, s *session, out *Facts) []Finding {
	if s.cfg.ClientID == "" || s.cfg.ClientSecret == "" {
		return []Finding{missingCredentials(s.cfg)}
	}
	c := s.halo()
	f := s.snapshot()
	tokenURL := c.TokenURL()
	getToken := func() error {
		return s.call(ctx, Application, "Requesting an access token the way Huntress does (POST "+tokenURL+", no tenant)", c.Token)
	}
	err := getToken()
	var findings []Finding
	scope := "all"
	if errors.Is(err, halo.ErrInvalidScope) && len(s.cfg.Scopes) == 0 {
		// The application may grant Huntress's permissions without "all".
		c.SetScopes(huntressScopes)
		scope = strings.Join(huntressScopes, " ")
		if err = getToken(); err == nil {
			findings = append(findings, Finding{
				ID:       "application.scope-all-refused",
				Severity: Info,
				Message:  "The application does not grant the scope all; it does grant " + strings.Join(huntressScopes, ", ") + ", which is what Huntress needs.",
				Fix:      []string{},
			})
		}
	} else if len(s.cfg.Scopes) > 0 {
		scope = strings.Join(s.cfg.Scopes, " ")
	}
	evidence := fmt.Sprintf("POST %s (grant_type client_credentials, client_id %s, client_secret [redacted], scope %q; no tenant, as Huntress sends it)", tokenURL, s.cfg.ClientID, scope)
	if err != nil {
		findings = append(findings, tokenFailure(f.Host, err, evidence+": "+err.Error()))
		return append(findings, authCrossCheck(f, tokenURL, s.cfg.Tenant, false)...)
	}
	granted := c.GrantedScope()
	out.GrantedScope = granted
	findings = append(findings, authCrossCheck(f, tokenURL, s.cfg.Tenant, true)...)
	if missing := missingScopes(granted); len(missing) > 0 {
		return append(findings, Finding{
			ID:       "application.scope-missing",
			Severity: Fail,
			Message:  "The application's access token lacks " + strings.Join(missing, ", ") + ": Huntress needs to read tickets, edit tickets and read customers.",
			Fix:      scopeFix(),
			Evidence: evidence + ": granted scope " + fmt.Sprintf("%q", granted),
		})
	}
	msg := "Halo issued an access token to client ID " + s.cfg.ClientID + " at " + tokenURL + ", where Huntress asks for one."
	if granted != "" {
		msg = fmt.Sprintf("Halo issued an access token to client ID %s at %s, where Huntress asks for one (scope %s).", s.cfg.ClientID, tokenURL, granted)
	}
	return append(findings, Finding{ID: "application.token", Severity: Pass, Message: msg, Fix: []string{}, Evidence: evidence + ": 200"})
}

// authCrossCheck compares what /api/authinfo named (and a tenant the admin
// gave) with the path Huntress takes, a token request to tokenURL, and says
// so when they differ.
func authCrossCheck(f Facts, tokenURL, givenTenant string, worked bool) []Finding {
	tenant := strings.TrimSpace(f.Tenant)
	givenTenant = strings.TrimSpace(givenTenant)
	if impliedTenant(tenant, f.Host) {
		tenant = "" // the tenant the hostname already names is no news
	}
	if impliedTenant(givenTenant, f.Host) || strings.EqualFold(givenTenant, tenant) {
		givenTenant = ""
	}
	elsewhere := f.AuthURL != "" && !ownAuthServer(f.AuthURL, f.Host)
	if !elsewhere && tenant == "" && givenTenant == "" {
		return nil
	}
	var named []string
	if elsewhere {
		named = append(named, "its Authorisation Server is "+f.AuthURL)
	}
	if tenant != "" {
		named = append(named, "its tenant is "+tenant)
	}
	said := "Halo's /api/authinfo says " + strings.Join(named, " and ")
	if len(named) == 0 {
		said = "You gave the tenant " + givenTenant
	} else if givenTenant != "" {
		said += "; you gave the tenant " + givenTenant
	}
	ev := fmt.Sprintf("/api/authinfo: auth_url %q, tenant_id %q; given tenant %q; Huntress's token request: %s", f.AuthURL, tenant, givenTenant, tokenURL)
	if worked {
		return []Finding{{ID: "application.auth-cross-check", Severity: Info,
			Message:  said + ". Huntress reads neither: it posts to " + tokenURL + " with no tenant, and Halo issued a token there, so nothing needs changing.",
			Fix:      []string{},
			Evidence: ev}}
	}
	return []Finding{{ID: "application.auth-server-elsewhere", Severity: Warn,
		Message: said + ". Huntress reads neither: it always posts to " + tokenURL + " with no tenant, and Halo refused there. If this tenant can only log in through another Authorisation Server or with a tenant, Huntress cannot log in to it as it is.",
		Fix: []string{
			"In Halo, open " + apiDetailsPath + " and compare the Authorisation Server with https://" + f.Host + "/auth, and look at the Tenant field.",
			"If the Authorisation Server is on another host (a trial or shared one), ask Halo support to serve authentication on " + f.Host + ", or ask Huntress support how to connect this tenant.",
			"Fix the application's credentials first if the finding above says they were refused: that is the usual cause.",
		},
		Evidence: ev}}
}

// impliedTenant reports whether tenant is empty or the first label of the
// tenant's halopsa.com hostname, which names the tenant already.
func impliedTenant(tenant, host string) bool {
	label, _, _ := strings.Cut(host, ".")
	return tenant == "" || strings.EqualFold(tenant, label)
}

// ownAuthServer reports whether authURL is https://host/auth, the
// Authorisation Server Huntress assumes.
func ownAuthServer(authURL, host string) bool {
	u, err := url.Parse(strings.TrimSpace(authURL))
	return err == nil && strings.EqualFold(u.Scheme, "https") && strings.EqualFold(u.Hostname(), host) &&
		(u.Port() == "" || u.Port() == "443") && strings.EqualFold(strings.TrimRight(u.Path, "/"), "/auth")
}

func missingCredentials(c Config) Finding {
	var missing []string
	if c.ClientID == "" {
		missing = append(missing, "client ID ("+how(taskGiveClientID)+")")
	}
	if c.ClientSecret == "" {
		missing = append(missing, "client secret ("+how(taskGiveClientSecret)+")")
	}
	return Finding{
		ID:       "application.credentials-missing",
		Severity: Fail,
		Message:  "No " + strings.Join(missing, " and ") + " to log in with.",
		Fix: []string{
			applicationOpen,
			applicationLogin,
			applicationCopy,
			"Run the wizard (halowiz) to store them, or set HALO_CLIENT_ID and HALO_CLIENT_SECRET for this run.",
		},
	}
}

// tokenFailure turns a token error into its finding.
func tokenFailure(host string, err error, evidence string) Finding {
	var tokErr *halo.TokenError
	busy := errors.As(err, &tokErr) && tokErr.Status >= 500
	switch {
	case errors.Is(err, halo.ErrRateLimited):
		return Finding{
			ID: "application.rate-limited", Severity: Fail,
			Message: "Halo's rate limit (300 requests per rolling 5 minutes, shared by every integration of the tenant) kept turning the token request away, for longer than this run waits.",
			Fix: []string{
				"Wait a few minutes and check again, or let the run wait longer with --rate-limit-wait.",
				"If it keeps happening, another integration is using most of the tenant's API budget; Huntress will be slowed down too.",
			},
			Evidence: evidence,
		}
	case busy:
		return Finding{
			ID: "application.unreachable", Severity: Fail,
			Message: fmt.Sprintf("Halo's authorisation server answered %d: it is failing or busy, which says nothing about the application's settings.", tokErr.Status),
			Fix: []string{
				"Check again in a few minutes.",
				"If it persists, check Halo's status page or ask HaloPSA support.",
			},
			Evidence: evidence,
		}
	case errors.Is(err, halo.ErrInvalidClient):
		return Finding{
			ID: "application.invalid-client", Severity: Fail,
			Message: "Halo refused the client ID or the client secret (invalid_client).",
			Fix: []string{
				"In Halo, open " + apiDetailsPath + " > View Applications and open the application Huntress uses.",
				"Copy the Client ID again after saving: Halo can change the Client ID when the application is saved.",
				"If you no longer have the Client Secret (Halo shows it only once), generate a new one and copy it.",
				"Save the application in Halo before you submit the form in Huntress.",
				"Give halowiz the new values (the wizard, or HALO_CLIENT_ID and HALO_CLIENT_SECRET) and check again.",
				ReAddIntegration,
			},
			Evidence: evidence,
		}
	case errors.Is(err, halo.ErrInvalidScope):
		return Finding{
			ID: "application.scope-missing", Severity: Fail,
			Message:  "The application is not allowed the permissions Huntress needs: read tickets, edit tickets and read customers.",
			Fix:      scopeFix(),
			Evidence: evidence,
		}
	case errors.Is(err, halo.ErrTimeout):
		return timeoutFinding(Application, "The authorisation server did not answer within the deadline.", evidence)
	case errors.Is(err, halo.ErrTokenRefused):
		return Finding{
			ID: "application.token-refused", Severity: Fail,
			Message: "Halo's authorisation server refused to issue a token: " + err.Error(),
			Fix: []string{
				"In Halo, open " + apiDetailsPath + " > View Applications and open the application Huntress uses.",
				"Check that it is Active, that Authentication Method is Client ID and Secret (Services) and that Login Type is Agent.",
				"Check that Agent to log in as is your API-only agent, then save.",
				"Check that " + apiDetailsPath + " shows https://" + host + "/auth as the Authorisation Server: Huntress asks for its token there, with no tenant.",
			},
			Evidence: evidence,
		}
	}
	return Finding{
		ID: "application.unreachable", Severity: Fail,
		Message: "Could not reach Halo's authorisation server: " + err.Error(),
		Fix: []string{
			"Check that the Authorisation Server in " + apiDetailsPath + " is reachable from this machine.",
			"Check your proxy (HTTPS_PROXY) and firewall, then check again.",
		},
		Evidence: evidence,
	}
}

// missingScopes returns the Huntress permissions a granted scope string does
// not cover. An empty string means Halo did not say, which is not a finding.
func missingScopes(granted string) []string {
	if strings.TrimSpace(granted) == "" {
		return nil
	}
	have := map[string]bool{}
	for _, s := range strings.Fields(granted) {
		have[strings.ToLower(s)] = true
	}
	if have["all"] || have["all:standard"] {
		return nil
	}
	var missing []string
	for _, need := range huntressScopes {
		if have[need] {
			continue
		}
		if area, ok := strings.CutPrefix(need, "read:"); ok && have["edit:"+area] {
			continue
		}
		missing = append(missing, need)
	}
	return missing
}
