package halotest

import "net/http"

// agent is a Halo agent with the memberships that decide what it sees.
type agent struct {
	id                int
	first, last       string
	email             string
	apiOnly, disabled bool
	admin             bool
	defaultTeam       string
	teams             []membership
	departments       []int // department ids, all at membershipViewAll
}

// membership is one team an agent belongs to, with the two per-team flags
// Huntress asks for.
type membership struct {
	team        team
	unassigned  bool // "Can see unassigned Tickets for this Team"
	otherAgents bool // "Can see Tickets assigned to other Agents in this Team"
}

// The teams of the tenant; a department membership sees all of its teams.
var teams = []team{
	{id: 1, name: "Service Desk", departmentID: 1},
	{id: 2, name: "Projects", departmentID: 1},
	{id: 3, name: "Security Operations", departmentID: 2},
}

func teamNamed(name string) (team, bool) {
	for _, t := range teams {
		if t.name == name {
			return t, true
		}
	}
	return team{}, false
}

// buildAgents returns two technicians and the API agent, whose settings are
// what the agent scenarios break.
func buildAgents(sc Scenario) []agent {
	serviceDesk := teams[0]
	api := agent{
		id: APIAgentID, first: "Huntress", last: "API", email: "huntress-api@acme-it.com",
		apiOnly: !sc.AgentNotAPIOnly, disabled: sc.AgentDisabled,
		defaultTeam: serviceDesk.name,
		teams:       []membership{{team: serviceDesk, unassigned: true, otherAgents: true}},
		departments: []int{serviceDesk.departmentID},
	}
	switch {
	case sc.AgentNoMembership:
		api.defaultTeam, api.teams, api.departments = "", nil, nil
	case sc.TeamFlagsOff:
		api.teams[0].unassigned, api.teams[0].otherAgents = false, false
		api.departments = nil
	}
	return []agent{
		{id: 1, first: "Alex", last: "Morgan", email: "alex.morgan@acme-it.com", admin: true,
			defaultTeam: serviceDesk.name, departments: []int{serviceDesk.departmentID},
			teams: []membership{{team: serviceDesk, unassigned: true, otherAgents: true}}},
		{id: 5, first: "Sam", last: "Lee", email: "sam.lee@acme-it.com",
			defaultTeam: serviceDesk.name,
			teams:       []membership{{team: serviceDesk, unassigned: true, otherAgents: true}}},
		api,
	}
}

func (a agent) name() string { return a.first + " " + a.last }

// canSee is Halo's ticket visibility as the Huntress article explains it: an
// agent sees its own tickets, every ticket of a team in a department it is a
// member of, and in its own teams the unassigned and other agents' tickets
// only when the team membership allows it.
func (a agent) canSee(tk *Ticket) bool {
	if tk.AgentID == a.id {
		return true
	}
	tm, ok := teamNamed(tk.Team)
	if !ok {
		return false
	}
	for _, dept := range a.departments {
		if dept == tm.departmentID {
			return true
		}
	}
	for _, m := range a.teams {
		if m.team.id != tm.id {
			continue
		}
		if tk.AgentID == 0 {
			return m.unassigned
		}
		return m.otherAgents
	}
	return false
}

// agentJSON is the schema Uname.
type agentJSON struct {
	ID          int              `json:"id"`
	Name        string           `json:"name"`
	Firstname   string           `json:"firstname"`
	Surname     string           `json:"surname"`
	Email       string           `json:"email"`
	IsAgent     bool             `json:"is_agent"`
	IsAPIAgent  bool             `json:"isapiagent"`
	IsDisabled  bool             `json:"isdisabled"`
	IsAdmin     bool             `json:"is_admin"`
	Team        string           `json:"team"`
	Teams       []membershipJSON `json:"teams"`
	Departments []departmentJSON `json:"departments"`
}

// membershipJSON is the schema UnameSection.
type membershipJSON struct {
	ID               int    `json:"id"`
	AgentID          int    `json:"agent_id"`
	TeamID           int    `json:"team_id"`
	TeamName         string `json:"team_name"`
	DepartmentID     int    `json:"department_id"`
	UnassignedAccess bool   `json:"unassigned_access"`
	OtherAgentAccess bool   `json:"otheragent_access"`
	ForTickets       bool   `json:"fortickets"`
	IsManager        bool   `json:"is_manager"`
}

// departmentJSON is the schema UnameDepartment.
type departmentJSON struct {
	ID                 int    `json:"id"`
	AgentID            int    `json:"agent_id"`
	DepartmentID       int    `json:"department_id"`
	DepartmentName     string `json:"department_name"`
	MembershipLevel    int    `json:"membershiplevel"`
	IncludeTeamsInTree bool   `json:"includeteamsintree"`
}

func (a agent) wire() agentJSON {
	j := agentJSON{
		ID: a.id, Name: a.name(), Firstname: a.first, Surname: a.last, Email: a.email,
		IsAgent: true, IsAPIAgent: a.apiOnly, IsDisabled: a.disabled, IsAdmin: a.admin,
		Team:        a.defaultTeam,
		Teams:       []membershipJSON{},
		Departments: []departmentJSON{},
	}
	for i, m := range a.teams {
		j.Teams = append(j.Teams, membershipJSON{
			ID: a.id*10 + i + 1, AgentID: a.id, TeamID: m.team.id, TeamName: m.team.name,
			DepartmentID: m.team.departmentID, UnassignedAccess: m.unassigned,
			OtherAgentAccess: m.otherAgents, ForTickets: true,
		})
	}
	for i, dept := range a.departments {
		j.Departments = append(j.Departments, departmentJSON{
			ID: a.id*10 + i + 1, AgentID: a.id, DepartmentID: dept, DepartmentName: departments[dept],
			MembershipLevel: membershipViewAll, IncludeTeamsInTree: true,
		})
	}
	return j
}

// GET /api/Agent/me: the agent the application logs in as.
func (t *Tenant) getMe(w http.ResponseWriter, _ *http.Request) {
	a, _ := t.data.agent(APIAgentID)
	if t.sc.AgentAnonymous {
		writeAnonymous(w, t.data.agentWire(a))
		return
	}
	j := t.data.agentWire(a)
	if t.sc.MeWithoutMemberships {
		j.Teams, j.Departments = nil, nil // only the details carry them
	}
	writeJSON(w, http.StatusOK, j)
}

// GET /api/Agent/{id}
func (t *Tenant) getAgent(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	a, found := t.data.agent(id)
	switch {
	case !ok || !found:
		writeText(w, http.StatusNotFound, "Agent not found")
		return
	case t.sc.AgentDetailsRefused:
		writeText(w, http.StatusForbidden, "You do not have permission to view this Agent")
		return
	}
	writeJSON(w, http.StatusOK, t.data.agentWire(a))
}
