package steps

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"halowiz/halo"
)

// checkAgent reads the agent the application logs in as and probes what it
// can do: list clients (Customers read) and list tickets (Tickets read).
func checkAgent(ctx context.Context, s *session, out *Facts) []Finding {
	c := s.halo()
	var findings []Finding
	var probes []Finding
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		probes = probeAgent(ctx, s, c)
	}()

	var me halo.Agent
	detail := "" // what the agent's details added, for the evidence
	err := s.call(ctx, Agent, "Reading the agent behind the token (GET /api/Agent/me)", func(ctx context.Context) error {
		var err error
		me, err = c.Me(ctx)
		return err
	})
	var detailsErr error
	detailsReq := fmt.Sprintf("GET /api/Agent/%d?includedetails=true", me.ID)
	if err == nil && len(me.Teams) == 0 && len(me.Departments) == 0 {
		// /Agent/me may leave memberships out (or send them empty); only
		// the agent's details can say it is in no team.
		detailsErr = s.call(ctx, Agent, "Reading the agent's teams and departments ("+detailsReq+")", func(ctx context.Context) error {
			full, err := c.Agent(ctx, me.ID)
			if err == nil {
				me = full
				detail = "no teams or departments; " + detailsReq + ":"
			}
			return err
		})
	}
	wg.Wait()
	switch {
	case err != nil:
		findings = append(findings, agentUnreadable(err))
	case detailsErr != nil:
		// Without the details halowiz cannot say the agent is in no team.
		out.Agent = &me
		for _, f := range judgeAgent(me, detail) {
			if f.ID != "agent.no-team" {
				findings = append(findings, f)
			}
		}
		if refused(detailsErr) {
			findings = append(findings, Finding{ID: "agent.membership-unknown", Severity: Warn,
				Message:  "Halo showed no teams or departments for the agent on /Agent/me and refused to show its details, so halowiz cannot tell whether it is in a team. The test ticket proves whether it sees what it creates.",
				Fix:      membershipFix(me.Name),
				Evidence: "GET /api/Agent/me: no teams or departments; " + detailsReq + ": " + detailsErr.Error()})
		} else {
			findings = append(findings, callFailure(Agent, "read the agent's teams and departments (/Agent/me showed none)", detailsReq, detailsErr))
		}
	default:
		out.Agent = &me
		findings = append(findings, judgeAgent(me, detail)...)
	}
	findings = append(findings, probes...)
	findings = append(findings, Finding{
		ID:       "agent.permissions-unverified",
		Severity: Info,
		Message:  "Halo's API does not show the agent's ticket permissions (Can add new Tickets, Can view Unassigned Tickets, Can view Tickets assigned to other Agents); a test ticket proves them by doing (" + how(taskSendTestTicket) + ").",
		Fix:      []string{},
	})
	return findings
}

// judgeAgent checks the agent record against the setup article.
func judgeAgent(a halo.Agent, detail string) []Finding {
	var f []Finding
	who := agentLabel(a.Name)
	ev := agentEvidence(a, detail)
	if a.IsAPIAgent != nil && !*a.IsAPIAgent {
		f = append(f, Finding{
			ID: "agent.not-api-only", Severity: Warn,
			Message: who + " is not an API-only agent: it uses a licence, can log in to Halo and can be assigned tickets.",
			Fix: []string{
				"In Halo, open Configuration > Teams & Agents > Agents and create a new agent for Huntress (or open " + who + ").",
				"On its Details tab tick Is an API-only Agent and save.",
				"In " + apiDetailsPath + " > View Applications, set Agent to log in as to that agent and save the application.",
			},
			Evidence: ev,
		})
	}
	if a.IsDisabled != nil && *a.IsDisabled {
		f = append(f, Finding{
			ID: "agent.disabled", Severity: Fail,
			Message: who + " is disabled, so Halo refuses what the integration asks of it.",
			Fix: []string{
				"In Halo, open Configuration > Teams & Agents > Agents, show inactive agents and open " + who + ".",
				"Clear Is Disabled (or pick an enabled API-only agent as the application's Agent to log in as) and save.",
			},
			Evidence: ev,
		})
	}
	if len(a.Teams) == 0 && len(a.Departments) == 0 {
		return append(f, Finding{
			ID: "agent.no-team", Severity: Fail,
			Message:  who + " is in no team and no department, so it cannot see the tickets Huntress creates.",
			Fix:      membershipFix(a.Name),
			Evidence: ev,
		})
	}
	if len(a.Departments) == 0 {
		if anyExplicitlyFalse(a.Teams, unassigned) && !anyTrue(a.Teams, unassigned) {
			f = append(f, Finding{
				ID: "agent.unassigned-hidden", Severity: Fail,
				Message:  who + " cannot see unassigned tickets in any of its teams (" + teamNames(a.Teams) + "). Huntress's tickets start unassigned, so reading them back fails with a 401.",
				Fix:      membershipFix(a.Name),
				Evidence: ev,
			})
		}
		if anyExplicitlyFalse(a.Teams, others) && !anyTrue(a.Teams, others) {
			fix := membershipFix(a.Name)
			if len(f) > 0 && f[len(f)-1].ID == "agent.unassigned-hidden" {
				fix = []string{"The fix above, for unassigned tickets, covers this too."}
			}
			f = append(f, Finding{
				ID: "agent.others-hidden", Severity: Fail,
				Message:  who + " cannot see tickets assigned to other agents in any of its teams (" + teamNames(a.Teams) + "), so it loses sight of Huntress's tickets once a technician takes them.",
				Fix:      fix,
				Evidence: ev,
			})
		}
	}
	if len(f) == 0 {
		f = append(f, Finding{
			ID: "agent.membership", Severity: Pass,
			Message: fmt.Sprintf("%s is an API-only agent in %s.", who, membershipSummary(a)),
			Fix:     []string{}, Evidence: ev,
		})
	}
	if len(a.Departments) > 0 {
		f = append(f, Finding{
			ID: "agent.department-level", Severity: Info,
			Message: "Halo's API does not name department membership levels. Make sure " + who + "'s membership of " + departmentNames(a.Departments) + " is View All.",
			Fix:     []string{},
		})
	}
	return f
}

// probeAgent proves by behaviour that the agent can list clients and tickets.
func probeAgent(ctx context.Context, s *session, c *halo.Client) []Finding {
	var customers, tickets error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		customers = s.call(ctx, Agent, "Listing one client as the agent (GET /api/Client?count=1)", func(ctx context.Context) error {
			_, err := c.ProbeCustomers(ctx)
			return err
		})
	}()
	go func() {
		defer wg.Done()
		tickets = s.call(ctx, Agent, "Listing one ticket as the agent (GET /api/Tickets?count=1)", func(ctx context.Context) error {
			_, err := c.ProbeTickets(ctx)
			return err
		})
	}()
	wg.Wait()
	return []Finding{
		probeFinding("agent.cannot-read-customers", "list clients", "Customers Access Level", "GET /api/Client?count=1", customers),
		probeFinding("agent.cannot-read-tickets", "list tickets", "Tickets Access Level", "GET /api/Tickets?count=1", tickets),
	}
}

func probeFinding(id, action, label, request string, err error) Finding {
	if err == nil {
		return Finding{
			ID: strings.Replace(id, "cannot-", "can-", 1), Severity: Pass,
			Message: "The agent can " + action + ".", Fix: []string{}, Evidence: request + ": 200",
		}
	}
	if !refused(err) {
		return callFailure(Agent, action, request, err)
	}
	fix := append([]string{"Halo refused to let the agent " + action + ": check its " + label + " first."}, agentPermissionFix("")...)
	fix = append(fix, scopeFix()[1])
	return Finding{
		ID: id, Severity: Fail,
		Message:  "The agent cannot " + action + ": " + err.Error(),
		Fix:      fix,
		Evidence: request + ": " + err.Error(),
	}
}

// agentUnreadable reports that Halo would not say who the token belongs to.
func agentUnreadable(err error) Finding {
	if apiErr := haloRefusal(err); apiErr == nil || apiErr.Status < 400 {
		return callFailure(Agent, "read the agent behind the token", "GET /api/Agent/me", err)
	}
	return Finding{
		ID: "agent.unknown", Severity: Fail,
		Message: "Halo would not say which agent the application logs in as: " + err.Error(),
		Fix: []string{
			"In Halo, open " + apiDetailsPath + " > View Applications and open the application Huntress uses.",
			"Set Login Type to Agent and Agent to log in as to your API-only agent, then save.",
		},
		Evidence: "GET /api/Agent/me: " + err.Error(),
	}
}

type teamFlag func(halo.TeamMembership) *bool

func unassigned(t halo.TeamMembership) *bool { return t.UnassignedAccess }
func others(t halo.TeamMembership) *bool     { return t.OtherAgentAccess }

func anyTrue(teams []halo.TeamMembership, flag teamFlag) bool {
	for _, t := range teams {
		if v := flag(t); v != nil && *v {
			return true
		}
	}
	return false
}

func anyExplicitlyFalse(teams []halo.TeamMembership, flag teamFlag) bool {
	for _, t := range teams {
		if v := flag(t); v != nil && !*v {
			return true
		}
	}
	return false
}

func teamNames(teams []halo.TeamMembership) string {
	names := make([]string, 0, len(teams))
	for _, t := range teams {
		names = append(names, t.TeamName)
	}
	return strings.Join(names, ", ")
}

func departmentNames(ds []halo.DepartmentMembership) string {
	names := make([]string, 0, len(ds))
	for _, d := range ds {
		names = append(names, d.DepartmentName)
	}
	return strings.Join(names, ", ")
}

func membershipSummary(a halo.Agent) string {
	var parts []string
	if len(a.Teams) > 0 {
		parts = append(parts, PluralWord(len(a.Teams), "team ", "teams ")+teamNames(a.Teams))
	}
	if len(a.Departments) > 0 {
		parts = append(parts, PluralWord(len(a.Departments), "department ", "departments ")+departmentNames(a.Departments))
	}
	return strings.Join(parts, " and ")
}

// agentEvidence shows the agent record; detail says what the details
// request added, when /Agent/me showed no membership.
func agentEvidence(a halo.Agent, detail string) string {
	b := func(p *bool) string {
		if p == nil {
			return "unset"
		}
		return fmt.Sprint(*p)
	}
	var teams []string
	for _, t := range a.Teams {
		teams = append(teams, fmt.Sprintf("%s (unassigned_access %s, otheragent_access %s)", t.TeamName, b(t.UnassignedAccess), b(t.OtherAgentAccess)))
	}
	if detail != "" {
		detail += " "
	}
	return fmt.Sprintf("GET /api/Agent/me: %sid %d, name %q, isapiagent %s, isdisabled %s, teams [%s], departments [%s]",
		detail, a.ID, a.Name, b(a.IsAPIAgent), b(a.IsDisabled), strings.Join(teams, "; "), departmentNames(a.Departments))
}
