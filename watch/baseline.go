package watch

import (
	"fmt"
	"slices"
	"time"

	"halowiz/halo"
	"halowiz/steps"
)

// Baseline is the last good value of each thing Huntress relies on in
// Halo, each with when it was last seen good. A thing is recorded only by
// a cycle that found it good, so a cycle that finds it broken compares it
// with the last time it worked.
type Baseline struct {
	Token      *TokenMark      `json:"token,omitempty"`
	Agent      *AgentMark      `json:"agent,omitempty"`
	TicketType *TicketTypeMark `json:"ticket_type,omitempty"`
	Resolution *StatusMark     `json:"resolution_status,omitempty"`
	Halo       *VersionMark    `json:"halo,omitempty"`
}

// Empty reports whether nothing was ever recorded.
func (b Baseline) Empty() bool {
	return b.Token == nil && b.Agent == nil && b.TicketType == nil && b.Resolution == nil && b.Halo == nil
}

// TokenMark: Halo issued a token to the client ID.
type TokenMark struct {
	At       time.Time `json:"at"`
	ClientID string    `json:"client_id"`
}

// AgentMark is the agent the application logged in as and what let it see
// Huntress's tickets.
type AgentMark struct {
	At          time.Time  `json:"at"`
	ID          int        `json:"id"`
	Name        string     `json:"name"`
	Teams       []TeamMark `json:"teams,omitempty"` // memberships that see unassigned and others' tickets
	Departments []string   `json:"departments,omitempty"`
}

// TeamMark is a team membership that let the agent see the team's
// unassigned tickets and those of other agents.
type TeamMark struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// TicketTypeMark is the default ticket type, when Halo would take
// Huntress's tickets on it. Setting is what the setup named.
type TicketTypeMark struct {
	At      time.Time `json:"at"`
	Setting string    `json:"setting"`
	ID      int       `json:"id"`
	Name    string    `json:"name"`
}

// StatusMark is the status after resolution, when it closed tickets.
type StatusMark struct {
	At      time.Time `json:"at"`
	Setting string    `json:"setting"`
	ID      int       `json:"id"`
	Name    string    `json:"name"`
}

// VersionMark is Halo's version at the last cycle without drift.
type VersionMark struct {
	At      time.Time `json:"at"`
	Version string    `json:"version"`
}

// observed is what one cycle saw of the things the baseline records.
type observed struct {
	at          time.Time
	cfg         steps.Config
	rep         steps.Report
	haloVersion string // "" when it could not be read
}

// step returns the result of one of the five steps, and whether it ran.
func (o observed) step(id steps.ID) (steps.Result, bool) {
	r, ok := o.rep.Step(id)
	return r, ok && r.Status != steps.StatusSkipped
}

// update records in b what the cycle found good. A thing whose drift
// finding stands keeps its last good mark: the agent step passes when the
// agent lost one of two teams, and recording the agent as it is now would
// clear watch.agent-changed after one cycle with nothing fixed. The version
// moves only when the cycle found nothing failing, so that an upgrade stays
// named while what it broke is broken.
func (b Baseline) update(o observed, drifted []steps.Finding) Baseline {
	stands := func(id string) bool {
		return slices.ContainsFunc(drifted, func(f steps.Finding) bool { return f.ID == id })
	}
	if r, ok := o.step(steps.Application); ok && r.Status != steps.StatusFail && !stands(driftToken) {
		b.Token = &TokenMark{At: o.at, ClientID: o.cfg.ClientID}
	}
	if m, ok := agentMark(o); ok && !stands(driftAgent) {
		b.Agent = m
	}
	if t := o.rep.Facts.TicketType; t != nil && t.Safe() && !stands(driftTicketType) {
		b.TicketType = &TicketTypeMark{At: o.at, Setting: o.cfg.TicketType, ID: t.ID, Name: t.Name}
	}
	if s := o.rep.Facts.ResolutionStatus; s != nil && s.Closed && !stands(driftResolution) {
		b.Resolution = &StatusMark{At: o.at, Setting: o.cfg.ResolutionStatus, ID: s.ID, Name: s.Name}
	}
	if o.haloVersion != "" && (!hasFail(drifted) || b.Halo == nil) {
		b.Halo = &VersionMark{At: o.at, Version: o.haloVersion}
	}
	return b
}

// agentMark is the agent as a good agent step saw it.
func agentMark(o observed) (*AgentMark, bool) {
	r, ok := o.step(steps.Agent)
	a := o.rep.Facts.Agent
	if !ok || r.Status == steps.StatusFail || a == nil {
		return nil, false
	}
	m := &AgentMark{At: o.at, ID: a.ID, Name: a.Name}
	m.Teams, m.Departments = sight(a)
	return m, true
}

// sight is what of an agent's memberships lets it see tickets: the teams
// whose unassigned and other agents' tickets it sees, and its departments.
func sight(a *halo.Agent) (teams []TeamMark, departments []string) {
	for _, t := range a.Teams {
		if seesTickets(t) {
			teams = append(teams, TeamMark{ID: t.TeamID, Name: t.TeamName})
		}
	}
	for _, d := range a.Departments {
		departments = append(departments, d.DepartmentName)
	}
	slices.Sort(departments)
	return teams, departments
}

// seesTickets reports whether a team membership lets the agent see the
// team's unassigned tickets and those assigned to other agents.
func seesTickets(t halo.TeamMembership) bool {
	return t.UnassignedAccess != nil && *t.UnassignedAccess && t.OtherAgentAccess != nil && *t.OtherAgentAccess
}

// baselineFinding says what the drift check compared with: nothing yet,
// or the last good cycle, which nothing the cycle could see has changed
// since. next is the baseline after this cycle.
func baselineFinding(base, next Baseline, drifted []steps.Finding, o observed) []finding {
	switch {
	case len(drifted) > 0:
		return nil
	case base.Empty() && next.Empty():
		return []finding{{Finding: steps.Finding{ID: "watch.baseline", Severity: steps.Info,
			Message: "No cycle has found this setup good yet, so there is nothing to compare with: the first cycle whose checks pass becomes the baseline.",
			Fix:     []string{}}}}
	case base.Empty():
		return []finding{{Finding: steps.Finding{ID: "watch.baseline", Severity: steps.Info,
			Message: "This is the first cycle for this tenant: what it found good is kept as the baseline, and the next cycles say when any of it changes.",
			Fix:     []string{}}}}
	}
	var parts []string
	_, application := o.step(steps.Application)
	_, agent := o.step(steps.Agent)
	_, mapping := o.step(steps.Mapping)
	if base.Token != nil && application {
		parts = append(parts, "the token")
	}
	if base.Agent != nil && agent {
		parts = append(parts, fmt.Sprintf("agent %q", base.Agent.Name))
	}
	if base.TicketType != nil && mapping {
		parts = append(parts, fmt.Sprintf("ticket type %q", base.TicketType.Name))
	}
	if base.Resolution != nil && mapping {
		parts = append(parts, fmt.Sprintf("status after resolution %q", base.Resolution.Name))
	}
	if base.Halo != nil && o.haloVersion != "" {
		parts = append(parts, "Halo "+base.Halo.Version)
	}
	if len(parts) == 0 {
		return nil // nothing could be seen; the steps say why
	}
	return []finding{{Finding: steps.Finding{ID: "watch.unchanged", Severity: steps.Pass,
		Message: "Nothing Huntress relies on has changed in Halo since the last good cycle: " + steps.JoinAnd(parts) + ".",
		Fix:     []string{}, Evidence: "compared with the last good cycle, " + stamp(latest(base))}}}
}

// latest is when the baseline was last added to.
func latest(b Baseline) time.Time {
	var ts []time.Time
	if b.Token != nil {
		ts = append(ts, b.Token.At)
	}
	if b.Agent != nil {
		ts = append(ts, b.Agent.At)
	}
	if b.TicketType != nil {
		ts = append(ts, b.TicketType.At)
	}
	if b.Resolution != nil {
		ts = append(ts, b.Resolution.At)
	}
	if b.Halo != nil {
		ts = append(ts, b.Halo.At)
	}
	var t time.Time
	for _, at := range ts {
		if at.After(t) {
			t = at
		}
	}
	return t
}
