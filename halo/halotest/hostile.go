package halotest

import (
	"encoding/json"
	"net/http"
	"strings"

	"halowiz/scrub/scrubtest"
)

// What a tenant nobody vouches for answers: text meant to drive the
// terminal of whoever reads it, redirects off the host, tokens that stop
// working, and create answers about tickets that are not the one created.

// Each kind of name carries its own run of payloads, so that every kind
// meets every payload across the records of the tenant.
const (
	hostileAgent = iota
	hostileTeam
	hostileDepartment
	hostileClient
	hostileSite
	hostileUser
	hostileTicketType
	hostileStatus
)

// hostileName is name with a payload when the scenario sends hostile text.
func (d *dataset) hostileName(name string, kind, id int) string {
	if !d.hostile || name == "" {
		return name
	}
	return scrubtest.Name(name, kind+id)
}

// decorate gives every record's name its payload, once, when the dataset is
// built. Teams and departments, shared by every tenant, get theirs as they
// are sent (agentWire, ticketWire).
func (d *dataset) decorate() {
	for i := range d.agents {
		a := &d.agents[i]
		a.first = d.hostileName(a.first, hostileAgent, a.id)
		a.last = d.hostileName(a.last, hostileAgent+1, a.id)
	}
	for i := range d.customers {
		d.customers[i].name = d.hostileName(d.customers[i].name, hostileClient, d.customers[i].id)
	}
	for i := range d.sites {
		d.sites[i].name = d.hostileName(d.sites[i].name, hostileSite, d.sites[i].id)
	}
	for i := range d.users {
		d.users[i].name = d.hostileName(d.users[i].name, hostileUser, d.users[i].id)
	}
	for i := range d.ticketTypes {
		d.ticketTypes[i].name = d.hostileName(d.ticketTypes[i].name, hostileTicketType, d.ticketTypes[i].id)
	}
	for i := range d.statuses {
		d.statuses[i].name = d.hostileName(d.statuses[i].name, hostileStatus, d.statuses[i].id)
	}
}

// agentWire is the agent as sent, team and department names included.
func (d *dataset) agentWire(a agent) agentJSON {
	j := a.wire()
	if tm, ok := teamNamed(j.Team); ok {
		j.Team = d.hostileName(j.Team, hostileTeam, tm.id)
	}
	for i := range j.Teams {
		j.Teams[i].TeamName = d.hostileName(j.Teams[i].TeamName, hostileTeam, j.Teams[i].TeamID)
	}
	for i := range j.Departments {
		j.Departments[i].DepartmentName = d.hostileName(j.Departments[i].DepartmentName, hostileDepartment, j.Departments[i].DepartmentID)
	}
	return j
}

// teamWire is a ticket's team as sent.
func (d *dataset) teamWire(name string) string {
	tm, ok := teamNamed(name)
	if !ok {
		return name
	}
	return d.hostileName(name, hostileTeam, tm.id)
}

// hostileRefusalText is hostile-refusal's answer to a ticket creation:
// what reads like a workflow's refusal, one line per payload.
func hostileRefusalText() string {
	var b strings.Builder
	for i := range scrubtest.Payloads {
		b.WriteString(scrubtest.Name("The ticket was refused by workflow rule ", i) + "\n")
	}
	return b.String()
}

// redirect answers 307 to target, as a server that moved (or means to
// catch what a client carries along) does.
func redirect(w http.ResponseWriter, target string) {
	w.Header().Set("Location", target)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusTemporaryRedirect)
}

// writeAnonymous answers the agent with its identity fields null, the rest
// as it is.
func writeAnonymous(w http.ResponseWriter, a agentJSON) {
	var obj map[string]any
	_ = json.Unmarshal(mustMarshal(a), &obj)
	for _, k := range []string{"id", "name", "firstname", "surname", "email"} {
		obj[k] = nil
	}
	writeJSON(w, http.StatusOK, obj)
}

// searchFault reports whether this ticket search is one of the scenario's
// failing ones, counting it.
func (t *Tenant) searchFault() bool {
	if t.sc.SearchFailures <= 0 {
		return false
	}
	return t.searches.Add(1) <= int64(t.sc.SearchFailures)
}

// searchFailedText is the body of a failed search: an unhandled error, as
// ASP.NET reports it without details.
const searchFailedText = "An error has occurred."
