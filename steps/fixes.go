package steps

import (
	"errors"
	"net/http"
	"strings"

	"halowiz/halo"
)

// Fix text shared by more than one check, in Halo's own labels. Text used by
// one check only lives in that check's file.

const apiDetailsPath = "Configuration > Integrations > HaloPSA API"

// agentPermissionFix is the setup article's whole permission list for the
// API-only agent.
func agentPermissionFix(agent string) []string {
	fix := []string{
		"In Halo, open Configuration > Teams & Agents > Agents > " + agentLabel(agent) + " and open its Permissions (or the Role that grants them).",
	}
	fix = append(fix, permissionLines(true)...)
	return append(fix, "Save the agent, then check again: Halo applies the change to new access tokens.", ReAddIntegration)
}

// membershipFix is the article's team and department advice: the agent must
// see the tickets Huntress creates, wherever Halo routes them.
func membershipFix(agent string) []string {
	return []string{
		"In Halo, open Configuration > Teams & Agents > Agents > " + agentLabel(agent) + " > Departments & Teams.",
		memberOfTeams,
		memberDefaultTeam,
		"On each team membership tick Can see unassigned Tickets for this Team and Can see Tickets assigned to other Agents in this Team.",
		memberDepartment,
		"For an API-only agent, clear Can be assigned to on its team memberships.",
		"Save the agent, then check again.",
		ReAddIntegration,
	}
}

// scopeFix says where the application's permissions are ticked.
func scopeFix() []string {
	return []string{
		"In Halo, open " + apiDetailsPath + " > View Applications and open the application Huntress uses.",
		applicationScopes,
		"Save the application, then check again.",
		ReAddIntegration,
	}
}

// ReAddIntegration is the article's way out of a setup that spun forever:
// after correcting Halo, Huntress's side must start over.
const ReAddIntegration = "In Huntress, if the HaloPSA setup was left spinning, remove the HaloPSA integration, add it again and rerun its test: a stuck setup does not recover in place."

func agentLabel(name string) string {
	if name == "" {
		return "the API-only agent"
	}
	return name
}

// timeoutFinding is the finding for a step that got no answer in time.
func timeoutFinding(id ID, msg, evidence string) Finding {
	fix := []string{
		"Check again: Halo may have been briefly slow.",
		"If it keeps happening, " + how(taskLongerTimeout) + "; and check your proxy (HTTPS_PROXY) and firewall.",
	}
	return Finding{ID: string(id) + ".timeout", Severity: Fail, Message: msg, Fix: fix, Evidence: evidence}
}

// huntressTimeout is the finding of Huntress not answering in time.
const huntressTimeout = "mapping.huntress-timeout"

// TimedOut reports whether a request of the run got no answer in time,
// from Halo (a step's timeout) or from Huntress: the fixes of both tell the
// wizard's admin that the next check gives each request longer.
func (r Report) TimedOut() bool {
	for _, s := range r.Steps {
		for _, f := range s.Findings {
			if strings.HasSuffix(f.ID, ".timeout") || f.ID == huntressTimeout {
				return true
			}
		}
	}
	return false
}

// haloRefusal is the *APIError in err when it may be Halo refusing the
// request itself, which callers tell apart by status. It is nil for
// anything else, and for what callFailure tells apart: a fault (5xx), the
// rate limit (429) and a refused access token (401 invalid_token), which
// is not about the agent's rights.
func haloRefusal(err error) *halo.APIError {
	var apiErr *halo.APIError
	if !errors.As(err, &apiErr) || apiErr.Status >= 500 || apiErr.Status == http.StatusTooManyRequests || apiErr.TokenRejected {
		return nil
	}
	return apiErr
}

// refused reports whether Halo answered a request with a refusal of the
// agent's rights (401 or 403), as opposed to a fault or an odd answer.
func refused(err error) bool {
	apiErr := haloRefusal(err)
	return apiErr != nil && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden)
}

// callFailure is the finding for a request that did not succeed for a reason
// other than the refusal the caller handles itself: a timeout, Halo's rate
// limit, an unreachable host, or an answer halowiz cannot use.
func callFailure(id ID, action, request string, err error) Finding {
	evidence := requestEvidence(request, err)
	var netErr *halo.NetError
	var tokErr *halo.TokenError
	switch {
	case errors.Is(err, halo.ErrTimeout):
		return timeoutFinding(id, "Halo did not answer within the deadline when asked to "+action+".", evidence)
	case errors.Is(err, halo.ErrTokenRejected) || errors.As(err, &tokErr):
		return tokenLost(id, action, err, evidence)
	case errors.Is(err, halo.ErrRateLimited):
		return Finding{ID: string(id) + ".rate-limited", Severity: Fail,
			Message: "Halo's rate limit (300 requests per 5 minutes, shared by every integration of the tenant) stopped the request to " + action + ".",
			Fix: []string{
				"Wait a few minutes and check again.",
				"If it keeps happening, another integration is using most of the tenant's API budget; Huntress will be slowed down too.",
			},
			Evidence: evidence}
	case errors.As(err, &netErr):
		return Finding{ID: string(id) + ".unreachable", Severity: Fail,
			Message:  "The connection to Halo failed while trying to " + action + ": " + err.Error(),
			Fix:      []string{"Check this machine's network connection, proxy (HTTPS_PROXY) and firewall, then check again."},
			Evidence: evidence}
	}
	return Finding{ID: string(id) + ".bad-answer", Severity: Fail,
		Message: "Halo answered the request to " + action + " in a way halowiz cannot use: " + err.Error(),
		Fix: []string{
			"Check again in a few minutes: Halo may have had a passing fault.",
			"If it persists, " + how(taskWriteReport) + " and send it to Halo support; it has no secrets in it.",
		},
		Evidence: evidence}
}

// tokenLost is the finding for a step whose access token Halo stopped
// accepting (or stopped issuing) after the application step got one: the
// token was refused on a fresh one too, or halowiz reached its bound on
// token requests.
func tokenLost(id ID, action string, err error, evidence string) Finding {
	return Finding{ID: string(id) + ".token-refused", Severity: Fail,
		Message: "Halo stopped accepting halowiz's access token during the run, so halowiz could not " + action + " (it asked for a new token, and stops asking after a few): " + err.Error(),
		Fix: []string{
			"In Halo, open " + apiDetailsPath + " > View Applications and open the application Huntress uses.",
			"Check that it is Active, that Agent to log in as is your API-only agent and that this agent is enabled, then save.",
			"If someone regenerated the Client Secret meanwhile, give halowiz (and Huntress) the new one.",
			"Check again; if Halo keeps refusing tokens it has just issued, ask HaloPSA support: Huntress will meet the same refusals.",
		},
		Evidence: evidence}
}

// requestEvidence is a request and what came of it, without saying the
// request twice when the error already names it.
func requestEvidence(request string, err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, request) {
		return msg
	}
	if method, path, ok := strings.Cut(request, " "); ok && strings.HasPrefix(msg, method+" "+strings.SplitN(path, "?", 2)[0]) {
		return msg
	}
	return request + ": " + msg
}
