package watch

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"halowiz/steps"
)

// drift compares what a cycle saw with the baseline: each thing that was
// good at the last good cycle and is not now is a finding. A thing the
// cycle could not see (its step was skipped, or could not read it) is not
// judged: its id is in blind, and its finding stands as it was.
func drift(base Baseline, o observed) (found []steps.Finding, blind []string) {
	judges := []struct {
		id    string
		judge func(Baseline, observed) (*steps.Finding, bool)
	}{{driftToken, tokenDrift}, {driftAgent, agentDrift}, {driftTicketType, ticketTypeDrift}, {driftResolution, resolutionDrift}, {driftVersion, versionDrift}}
	for _, j := range judges {
		f, judged := j.judge(base, o)
		switch {
		case !judged:
			blind = append(blind, j.id)
		case f != nil:
			found = append(found, *f)
		}
	}
	return found, blind
}

// The drift findings' ids.
const (
	driftToken      = "watch.token-refused"
	driftAgent      = "watch.agent-changed"
	driftTicketType = "watch.ticket-type-changed"
	driftResolution = "watch.resolution-status-changed"
	driftVersion    = "watch.halo-upgraded"
)

// tokenRefusals are the application findings that mean the credential no
// longer gets a token, as opposed to Halo being slow or out of reach.
var tokenRefusals = []string{"application.invalid-client", "application.token-refused", "application.scope-missing"}

// tokenDrift is watch.token-refused. An application step that failed
// without a refusal (Halo out of reach, too slow) says nothing of the token.
func tokenDrift(base Baseline, o observed) (*steps.Finding, bool) {
	r, ran := o.step(steps.Application)
	if base.Token == nil || base.Token.ClientID != o.cfg.ClientID {
		return nil, true
	}
	if !ran {
		return nil, false
	}
	cause, ok := firstOf(r, tokenRefusals)
	if !ok {
		return nil, r.Status != steps.StatusFail
	}
	return &steps.Finding{
		ID: driftToken, Severity: steps.Fail,
		Message: fmt.Sprintf("Halo no longer issues a token to client ID %s, as it did at the last good cycle (%s): the client secret was rotated or the application changed, and Huntress cannot log in either.",
			o.cfg.ClientID, stamp(base.Token.At)),
		Fix: []string{
			"In Halo, open Configuration > Integrations > HaloPSA API > View Applications and open the application Huntress uses: check that it is active and whether its secret was regenerated.",
			"If it was, enter the new Client Secret in Huntress (Integrations > HaloPSA) and give it to halowiz (the wizard, or HALO_CLIENT_SECRET).",
			"The finding " + cause.ID + " above has the full fix.",
		},
		Evidence: "last token issued " + stamp(base.Token.At) + "; now " + cause.ID + ": " + cause.Evidence,
	}, true
}

// agentTrouble are the agent findings that mean the agent can no longer
// do or see what it did, and what each says happened.
var agentTrouble = map[string]string{
	"agent.disabled":              "it is disabled",
	"agent.no-team":               "it is in no team and no department",
	"agent.unassigned-hidden":     "it can no longer see unassigned tickets",
	"agent.others-hidden":         "it can no longer see tickets assigned to other agents",
	"agent.cannot-read-tickets":   "it may no longer list tickets",
	"agent.cannot-read-customers": "it may no longer list clients",
	"agent.unknown":               "Halo no longer says which agent the application logs in as",
}

// agentDrift is watch.agent-changed. An agent step that could not read
// the agent, and found nothing wrong with it, says nothing of it.
func agentDrift(base Baseline, o observed) (*steps.Finding, bool) {
	r, ran := o.step(steps.Agent)
	if base.Agent == nil {
		return nil, true
	}
	if !ran {
		return nil, false
	}
	was := base.Agent
	var changes []string
	for _, f := range r.Findings {
		if what, ok := agentTrouble[f.ID]; ok {
			changes = append(changes, what+" ("+f.ID+")")
		}
	}
	if a := o.rep.Facts.Agent; a != nil {
		if a.ID != 0 && a.ID != was.ID {
			changes = append(changes, fmt.Sprintf("the application now logs in as %q (id %d), not %q (id %d)", a.Name, a.ID, was.Name, was.ID))
		}
		teams, departments := sight(a)
		for _, t := range was.Teams {
			if !slices.ContainsFunc(teams, func(n TeamMark) bool { return n.ID == t.ID }) {
				changes = append(changes, "no longer sees the unassigned and other agents' tickets of team "+t.Name)
			}
		}
		for _, d := range was.Departments {
			if !slices.Contains(departments, d) {
				changes = append(changes, "no longer in department "+d)
			}
		}
	}
	if len(changes) == 0 {
		return nil, o.rep.Facts.Agent != nil
	}
	return &steps.Finding{
		ID: driftAgent, Severity: steps.Fail,
		Message: fmt.Sprintf("The API agent %q changed since the last good cycle (%s): %s. Huntress acts as this agent, so its tickets fail or drop out of its sight.",
			was.Name, stamp(was.At), strings.Join(changes, "; ")),
		Fix: []string{
			"In Halo, open Configuration > Teams & Agents > Agents > " + was.Name + " and undo the change: enable it, and restore its teams (" + teamList(was) + ") with Can see unassigned Tickets and Can see Tickets assigned to other Agents.",
			"Check the application's Agent to log in as in Configuration > Integrations > HaloPSA API > View Applications.",
			"The agent findings above have the full fix.",
			"If the change was made on purpose and the agent still sees Huntress's tickets, delete watch-state.json (next to halowiz's saved settings): the next good cycle becomes the new baseline.",
		},
		Evidence: fmt.Sprintf("last good: agent %d %q, teams [%s], departments [%s]; now: %s", was.ID, was.Name, teamList(was),
			strings.Join(was.Departments, ", "), agentEvidence(r)),
	}, true
}

// ticketTypeDrift is watch.ticket-type-changed; a mapping step that did
// not list the ticket types (refused, unanswered, rate-limited, out of
// time) says nothing of the type.
func ticketTypeDrift(base Baseline, o observed) (*steps.Finding, bool) {
	r, ran := o.step(steps.Mapping)
	was := base.TicketType
	if was == nil || was.Setting != o.cfg.TicketType {
		return nil, true
	}
	if !ran || o.rep.Facts.TicketTypes == nil || r.Has("mapping.timeout") {
		return nil, false
	}
	var what string
	switch now := o.rep.Facts.TicketType; {
	case now == nil:
		what = "it no longer exists, or the agent can no longer see it"
	case len(now.Blocking) > 0:
		what = "it now requires " + strings.Join(now.Blocking, ", ") + " with no default, so Halo refuses Huntress's tickets"
	default:
		return nil, true
	}
	return &steps.Finding{
		ID: driftTicketType, Severity: steps.Fail,
		Message: fmt.Sprintf("The default ticket type %q changed since the last good cycle (%s): %s.", was.Name, stamp(was.At), what),
		Fix: []string{
			"In Halo, open Configuration > Tickets > Ticket Types > " + was.Name + " and give each new mandatory field a default (or make it optional), or restore the type.",
			"The mapping findings above (mapping.mandatory-fields, mapping.ticket-type-missing) have the full fix.",
		},
		Evidence: fmt.Sprintf("last good: ticket type %d %q with no mandatory field lacking a default; now: %s", was.ID, was.Name, what),
	}, true
}

// resolutionDrift is watch.resolution-status-changed; a mapping step that
// did not judge the statuses (a list refused, unanswered, rate-limited, out
// of time: nothing says then which close) says nothing of the status.
func resolutionDrift(base Baseline, o observed) (*steps.Finding, bool) {
	r, ran := o.step(steps.Mapping)
	was := base.Resolution
	if was == nil || was.Setting != o.cfg.ResolutionStatus {
		return nil, true
	}
	if !ran || o.rep.Facts.ClosedBy == "" || r.Has("mapping.timeout") {
		return nil, false
	}
	var what string
	switch now := o.rep.Facts.ResolutionStatus; {
	case now == nil:
		what = "it no longer exists"
	case !now.Closed:
		what = "it no longer closes tickets (Halo now counts it open)"
	default:
		return nil, true
	}
	return &steps.Finding{
		ID: driftResolution, Severity: steps.Fail,
		Message: fmt.Sprintf("The status after resolution %q changed since the last good cycle (%s): %s, so tickets Huntress resolves stay open.", was.Name, stamp(was.At), what),
		Fix: []string{
			"In Halo, open Configuration > Tickets > Status and restore " + was.Name + " as a closed status, or choose another closed status as Status after Huntress Resolution (in Huntress and in halowiz).",
			"The mapping findings above have the full fix.",
		},
		Evidence: fmt.Sprintf("last good: status %d %q, closed; now: %s", was.ID, was.Name, what),
	}, true
}

// versionDrift is watch.halo-upgraded; a version that could not be read
// says nothing.
func versionDrift(base Baseline, o observed) (*steps.Finding, bool) {
	switch {
	case base.Halo == nil:
		return nil, true
	case o.haloVersion == "":
		return nil, false
	case o.haloVersion == base.Halo.Version:
		return nil, true
	}
	return &steps.Finding{
		ID: driftVersion, Severity: steps.Info,
		Message: fmt.Sprintf("Halo was upgraded from %s to %s since the last good cycle (%s). Upgrades have changed lists and pickers integrations rely on; the checks above were run again.",
			base.Halo.Version, o.haloVersion, stamp(base.Halo.At)),
		Fix:      []string{"If Huntress's tickets misbehave from now on, send a test ticket (--send-test-ticket) and check Halo's release notes."},
		Evidence: "GET /api/InstanceInfo: app_version " + o.haloVersion + " (was " + base.Halo.Version + ")",
	}, true
}

// firstOf is the first finding of r with one of the ids.
func firstOf(r steps.Result, ids []string) (steps.Finding, bool) {
	for _, f := range r.Findings {
		if slices.Contains(ids, f.ID) {
			return f, true
		}
	}
	return steps.Finding{}, false
}

func teamList(a *AgentMark) string {
	names := make([]string, len(a.Teams))
	for i, t := range a.Teams {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

func agentEvidence(r steps.Result) string {
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Evidence, "GET /api/Agent") {
			return f.Evidence
		}
	}
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	return strings.Join(ids, ", ")
}

// stamp writes a time the way findings show it.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }
