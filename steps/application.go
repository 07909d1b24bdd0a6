package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"halowiz/halo"
)

// huntressScopes are the application permissions the integration needs.
var huntressScopes = []string{"read:tickets", "edit:tickets", "read:customers"}

// checkApplication asks Halo for an access token with the application's
// client ID and secret, the way Huntress does.
func checkApplication(ctx context.Context, s *session, out *Facts) []Finding {
	if s.cfg.ClientID == "" || s.cfg.ClientSecret == "" {
		return []Finding{missingCredentials(s.cfg)}
	}
	c := s.halo()
	authURL := c.AuthURL()
	getToken := func() error {
		return s.call(ctx, Application, "Requesting an access token from "+authURL+"/token", c.Token)
	}
	err := getToken()
	var findings []Finding
	if errors.Is(err, halo.ErrInvalidScope) && len(s.cfg.Scopes) == 0 {
		// The application may grant Huntress's permissions without "all".
		c.SetScopes(huntressScopes)
		if err = getToken(); err == nil {
			findings = append(findings, Finding{
				ID:       "application.scope-all-refused",
				Severity: Info,
				Message:  "The application does not grant the scope all; it does grant " + strings.Join(huntressScopes, ", ") + ", which is what Huntress needs.",
				Fix:      []string{},
			})
		}
	}
	evidence := "POST " + authURL + "/token (client_id " + s.cfg.ClientID + ", client_secret [redacted])"
	if err != nil {
		return append(findings, tokenFailure(s.cfg, err, evidence+": "+err.Error()))
	}
	granted := c.GrantedScope()
	out.GrantedScope = granted
	if missing := missingScopes(granted); len(missing) > 0 {
		return append(findings, Finding{
			ID:       "application.scope-missing",
			Severity: Fail,
			Message:  "The application's access token lacks " + strings.Join(missing, ", ") + ": Huntress needs to read tickets, edit tickets and read customers.",
			Fix:      scopeFix(),
			Evidence: evidence + ": granted scope " + fmt.Sprintf("%q", granted),
		})
	}
	msg := "Halo issued an access token to client ID " + s.cfg.ClientID + "."
	if granted != "" {
		msg = fmt.Sprintf("Halo issued an access token to client ID %s (scope %s).", s.cfg.ClientID, granted)
	}
	return append(findings, Finding{ID: "application.token", Severity: Pass, Message: msg, Fix: []string{}, Evidence: evidence + ": 200"})
}

func missingCredentials(c Config) Finding {
	var missing []string
	if c.ClientID == "" {
		missing = append(missing, "client ID (--client-id or HALO_CLIENT_ID)")
	}
	if c.ClientSecret == "" {
		missing = append(missing, "client secret (HALO_CLIENT_SECRET or the keyring)")
	}
	return Finding{
		ID:       "application.credentials-missing",
		Severity: Fail,
		Message:  "No " + strings.Join(missing, " and ") + " to log in with.",
		Fix: []string{
			"In Halo, open " + apiDetailsPath + " > View Applications and open (or create with New) the application for Huntress.",
			"Set Authentication Method to Client ID and Secret (Services), Login Type to Agent and Agent to log in as to the API-only agent.",
			"Copy the Client ID and the Client Secret (Halo shows the secret only once), then save the application.",
			"Run the wizard (halowiz) to store them, or set HALO_CLIENT_ID and HALO_CLIENT_SECRET for this run.",
		},
	}
}

// tokenFailure turns a token error into its finding.
func tokenFailure(c Config, err error, evidence string) Finding {
	switch {
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
				"If Halo shows a Tenant on its API details page, give it to halowiz (--tenant or HALO_TENANT).",
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
