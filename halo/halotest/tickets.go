package halotest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Ticket is a ticket as the tenant keeps it (schema Faults on the wire).
type Ticket struct {
	ID           int
	Summary      string
	Details      string
	TicketTypeID int
	ClientID     int
	SiteID       int
	UserID       int
	AgentID      int // 0 while unassigned, as every API-created ticket is
	Team         string
	StatusID     int
	Category1    string
	Impact       int
	Urgency      int
	Closed       bool // hasbeenclosed: the status is a closed-type one
	Created      time.Time
	DateClosed   time.Time // zero while open
}

// ticketListRefusedText is the answer to GET /api/Tickets when the agent's
// Tickets Access Level does not allow listing.
const ticketListRefusedText = "You don't have permission to view Tickets."

// firstTicketID is the id of the first seeded ticket; created ones follow.
const firstTicketID = 1001

// seedTickets gives the tenant some history: one ticket assigned to a
// technician, one unassigned, one closed.
func (t *Tenant) seedTickets(now time.Time) {
	seeds := []Ticket{
		{Summary: "Printer offline on the second floor", ClientID: 3, AgentID: 5, StatusID: 2},
		{Summary: "New starter laptop setup", TicketTypeID: 2, ClientID: 2, StatusID: statusNew,
			Category1: "Service Request>General"},
		{Summary: "Outlook keeps asking for a password", ClientID: 4, AgentID: 1, StatusID: statusClosed},
	}
	for i, tk := range seeds {
		c, _ := t.data.customer(tk.ClientID)
		tk.ID = firstTicketID + i
		tk.TicketTypeID = max(tk.TicketTypeID, defaultTicketTypeID)
		tk.SiteID, tk.UserID = c.mainSiteID, t.data.siteByID[c.mainSiteID].mainContact
		tk.Team = teams[0].name
		tk.Details = tk.Summary + "."
		tk.Created = now.Add(-time.Duration(72-24*i) * time.Hour)
		if tk.StatusID == statusClosed {
			tk.Closed, tk.DateClosed = true, tk.Created.Add(2*time.Hour)
		}
		t.tickets[tk.ID] = &tk
	}
	t.nextTicketID = firstTicketID + len(seeds)
}

// ticketJSON is the schema Faults.
type ticketJSON struct {
	ID            int    `json:"id"`
	Summary       string `json:"summary"`
	Details       string `json:"details"`
	TicketTypeID  int    `json:"tickettype_id"`
	ClientID      int    `json:"client_id"`
	ClientName    string `json:"client_name"`
	SiteID        int    `json:"site_id"`
	SiteName      string `json:"site_name"`
	UserID        int    `json:"user_id"`
	UserName      string `json:"user_name"`
	AgentID       int    `json:"agent_id"`
	Team          string `json:"team"`
	StatusID      int    `json:"status_id"`
	Category1     string `json:"category_1"`
	Impact        int    `json:"impact,omitempty"`
	Urgency       int    `json:"urgency,omitempty"`
	HasBeenClosed bool   `json:"hasbeenclosed"`
	DateCreated   string `json:"datecreated"`
	DateOccurred  string `json:"dateoccurred"`
	DateClosed    string `json:"dateclosed,omitempty"`
}

// wireTime writes a time the way the OpenAPI document's date-time format
// accepts.
func wireTime(tm time.Time) string { return tm.UTC().Format(time.RFC3339) }

func (d *dataset) ticketWire(tk *Ticket) ticketJSON {
	j := ticketJSON{
		ID: tk.ID, Summary: tk.Summary, Details: tk.Details, TicketTypeID: tk.TicketTypeID,
		ClientID: tk.ClientID, SiteID: tk.SiteID, UserID: tk.UserID, AgentID: tk.AgentID, Team: d.teamWire(tk.Team),
		StatusID: tk.StatusID, Category1: tk.Category1, Impact: tk.Impact, Urgency: tk.Urgency,
		HasBeenClosed: tk.Closed, DateCreated: wireTime(tk.Created), DateOccurred: wireTime(tk.Created),
	}
	if c, ok := d.customerByID[tk.ClientID]; ok {
		j.ClientName = c.name
	}
	if s, ok := d.siteByID[tk.SiteID]; ok {
		j.SiteName = s.name
	}
	if u, ok := d.userByID[tk.UserID]; ok {
		j.UserName = u.name
	}
	if tk.Closed {
		j.DateClosed = wireTime(tk.DateClosed)
	}
	return j
}

// visible reports whether the API agent may see tk; t.mu is held.
func (t *Tenant) visible(tk *Ticket) bool {
	a, _ := t.data.agent(APIAgentID)
	return a.canSee(tk)
}

// GET /api/Tickets: the tickets the agent can see, oldest first, filtered by
// client_id, status_id, open_only, search (in the summary) and the opening
// date (datesearch), with count and paging.
func (t *Tenant) listTickets(w http.ResponseWriter, r *http.Request) {
	if t.sc.TicketListRefused {
		writeText(w, http.StatusForbidden, ticketListRefusedText)
		return
	}
	q := query(r)
	if q.Has("search") && t.searchFault() {
		writeText(w, http.StatusInternalServerError, searchFailedText)
		return
	}
	clientID, statusID := intParam(q, "client_id", 0), intParam(q, "status_id", 0)
	openOnly := boolParam(q, "open_only")
	search := strings.ToLower(q.Get("search"))
	from, to, byDate := openedWindow(q)
	t.mu.Lock()
	var match []ticketJSON
	for _, tk := range t.sortedTickets() {
		if !t.visible(tk) || (clientID != 0 && tk.ClientID != clientID) ||
			(statusID != 0 && tk.StatusID != statusID) || (openOnly && tk.Closed) ||
			!strings.Contains(strings.ToLower(tk.Summary), search) || (byDate && !tk.openedIn(from, to)) {
			continue
		}
		match = append(match, t.data.ticketWire(tk))
	}
	t.mu.Unlock()
	writeList(w, q, "tickets", match)
}

// GET /api/Tickets/{id}: 401 when the agent cannot see the ticket, which is
// what Huntress meets reading back a ticket routed to a team it is not in.
func (t *Tenant) getTicket(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	t.mu.Lock()
	tk, ok := t.tickets[id]
	var j ticketJSON
	visible := ok && t.visible(tk)
	if visible {
		j = t.data.ticketWire(tk)
	}
	t.mu.Unlock()
	switch {
	case !ok:
		writeText(w, http.StatusNotFound, "Ticket not found")
	case !visible:
		w.WriteHeader(http.StatusUnauthorized)
	default:
		writeJSON(w, http.StatusOK, j)
	}
}

// sortedTickets lists the tickets by id; t.mu is held.
func (t *Tenant) sortedTickets() []*Ticket {
	list := make([]*Ticket, 0, len(t.tickets))
	for _, tk := range t.tickets {
		list = append(list, tk)
	}
	slices.SortFunc(list, func(a, b *Ticket) int { return a.ID - b.ID })
	return list
}

// Tickets returns a copy of every ticket, seeded and created, by id.
func (t *Tenant) Tickets() []Ticket {
	t.mu.Lock()
	defer t.mu.Unlock()
	var list []Ticket
	for _, tk := range t.sortedTickets() {
		list = append(list, *tk)
	}
	return list
}

// Ticket returns a copy of the ticket with the id, if there is one.
func (t *Tenant) Ticket(id int) (Ticket, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tk, ok := t.tickets[id]
	if !ok {
		return Ticket{}, false
	}
	return *tk, true
}
