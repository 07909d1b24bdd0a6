package halotest

import "net/http"

// status is a ticket status (schema TStatus). Halo sends no closed flag:
// TStatus.type is the kind of record the status belongs to (0 for ticket
// statuses), and closed statuses are the ones GET /api/Status leaves out
// when asked to excludeclosed. closed is that hidden property.
type status struct {
	id          int
	name, short string
	seq         int
	colour      string
	closed      bool
}

const (
	statusNew      = 1
	statusResolved = 8
	statusClosed   = 9 // Halo's built-in Closed
	// recordTicket is TStatus.type for ticket statuses.
	recordTicket = 0
)

func buildStatuses(sc Scenario) []status {
	all := []status{
		{id: statusNew, name: "New", short: "N", seq: 1, colour: "#3a87ad"},
		{id: 2, name: "In Progress", short: "IP", seq: 2, colour: "#f89406"},
		{id: 3, name: "Waiting on Customer", short: "WC", seq: 3, colour: "#999999"},
		// Resolved is open: the tenant's workflow closes it after a few days,
		// as many MSPs set Halo up.
		{id: statusResolved, name: "Resolved", short: "R", seq: 8, colour: "#468847"},
		{id: statusClosed, name: "Closed", short: "C", seq: 9, colour: "#333333", closed: true},
		{id: 10, name: "Cancelled", short: "X", seq: 10, colour: "#b94a48", closed: true},
	}
	if !sc.NoClosedStatus {
		return all
	}
	var open []status
	for _, s := range all {
		if !s.closed {
			open = append(open, s)
		}
	}
	return open
}

// statusJSON is the schema TStatus.
type statusJSON struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	ShortName string `json:"shortname"`
	Type      int    `json:"type"`
	Sequence  int    `json:"sequence"`
	Colour    string `json:"colour"`
}

func (s status) wire() statusJSON {
	return statusJSON{ID: s.id, Name: s.name, ShortName: s.short, Type: recordTicket, Sequence: s.seq, Colour: s.colour}
}

// GET /api/Status[?excludeclosed=true]: a plain array. A tenant whose
// build ignores the filter (ExcludeClosedIgnored) answers the full list.
func (t *Tenant) listStatuses(w http.ResponseWriter, r *http.Request) {
	if t.sc.StatusListGarbled {
		writeRawJSON(w, http.StatusOK, []byte(`{"record_count":6,"statuses":"The status list is not available right now."}`))
		return
	}
	excludeClosed := boolParam(query(r), "excludeclosed") && !t.sc.ExcludeClosedIgnored
	list := []statusJSON{}
	for _, s := range t.data.statuses {
		if excludeClosed && s.closed {
			continue
		}
		list = append(list, s.wire())
	}
	writeJSON(w, http.StatusOK, list)
}

// lookupValue is one value of a Halo lookup list (schema Lookup).
type lookupValue struct {
	id, list, seq int
	name          string
}

// The lookup lists a ticket's Impact and Urgency take their ids from.
const (
	lookupImpact  = 12
	lookupUrgency = 27
)

func buildLookups() []lookupValue {
	return []lookupValue{
		{id: 1, list: lookupImpact, seq: 1, name: "Company Wide"},
		{id: 2, list: lookupImpact, seq: 2, name: "Multiple Users"},
		{id: 3, list: lookupImpact, seq: 3, name: "Single User"},
		{id: 1, list: lookupUrgency, seq: 1, name: "High"},
		{id: 2, list: lookupUrgency, seq: 2, name: "Medium"},
		{id: 3, list: lookupUrgency, seq: 3, name: "Low"},
	}
}

// lookupJSON is the schema Lookup.
type lookupJSON struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	LookupID int    `json:"lookupid"`
	Sequence int    `json:"sequence"`
	Inactive bool   `json:"inactive"`
}

// GET /api/Lookup?lookupid=N: a plain array, empty for lists the tenant
// does not have.
func (t *Tenant) listLookup(w http.ResponseWriter, r *http.Request) {
	list := intParam(query(r), "lookupid", 0)
	values := []lookupJSON{}
	for _, v := range t.data.lookups {
		if v.list == list {
			values = append(values, lookupJSON{ID: v.id, Name: v.name, LookupID: v.list, Sequence: v.seq})
		}
	}
	writeJSON(w, http.StatusOK, values)
}

// instanceInfoJSON is the answer of GET /api/InstanceInfo. The OpenAPI
// document gives it no schema; the fields are those integrators read.
type instanceInfoJSON struct {
	AppName    string `json:"app_name"`
	AppVersion string `json:"app_version"`
	AgentURL   string `json:"agent_url"`
	PortalURL  string `json:"portal_url"`
	AuthURL    string `json:"auth_url"`
}

// DefaultAppVersion is the Halo version the tenant claims to run unless
// WithAppVersion says otherwise.
const DefaultAppVersion = "2.184.12"

// GET /api/InstanceInfo
func (t *Tenant) getInstanceInfo(w http.ResponseWriter, r *http.Request) {
	base := "https://" + r.Host
	writeJSON(w, http.StatusOK, instanceInfoJSON{
		AppName: "HaloPSA", AppVersion: t.cfg.appVersion,
		AgentURL: base, PortalURL: base + "/portal", AuthURL: base + "/auth",
	})
}
