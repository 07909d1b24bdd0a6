package halotest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// InvalidContextText is Halo's refusal of a ticket whose client, site or
// user it cannot resolve (Huntress's article: fixed by a General User).
const InvalidContextText = "Please select a valid Client/Site/User"

// editRefusedText answers a change to a ticket the agent may not edit, the
// missing permission being "Can Edit Tickets Which Are Not Assigned To Them".
const editRefusedText = "You do not have permission to edit Tickets that are not assigned to you."

// ticketInput is one element of a POST /api/Tickets body, as far as the
// tenant reads it. Other properties are ignored, as ASP.NET's binding does
// by default.
type ticketInput struct {
	ID           int    `json:"id"`
	Summary      string `json:"summary"`
	Details      string `json:"details"`
	TicketTypeID int    `json:"tickettype_id"`
	ClientID     int    `json:"client_id"`
	SiteID       int    `json:"site_id"`
	UserID       int    `json:"user_id"`
	StatusID     int    `json:"status_id"`
	Category1    string `json:"category_1"`
	Impact       int    `json:"impact"`
	Urgency      int    `json:"urgency"`
}

// POST /api/Tickets: each element without an id creates a ticket, each with
// one updates it (how Huntress resolves: [{"id":N,"status_id":S}]).
func (t *Tenant) postTickets(w http.ResponseWriter, r *http.Request) {
	inputs, sent, ok := decodeElements[ticketInput](w, r)
	if !ok {
		return
	}
	if t.sc.CreateAnswer != CreateAnswerOwn && len(inputs) == 1 && !sent[0]["id"] {
		t.answerCreateWrongly(w, inputs[0], sent[0])
		return
	}
	if t.sc.CreateAnswerLost && len(inputs) == 1 && !sent[0]["id"] {
		if _, rf := t.createTicket(inputs[0], sent[0]); rf != nil {
			rf.write(w, t.sc.RefusalFormat)
			return
		}
		// The ticket exists; the gateway in front of Halo loses the answer.
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
		return
	}
	saveAll(w, t.sc.RefusalFormat, inputs, func(i int, in ticketInput) (ticketJSON, *refusal) {
		if sent[i]["id"] {
			return t.updateTicket(in, sent[i])
		}
		return t.createTicket(in, sent[i])
	})
}

// createTicket checks the ticket the way the article's failures show Halo
// does (context first, then the ticket type's mandatory fields), fills the
// type's defaults and stores it unassigned in the type's team.
func (t *Tenant) createTicket(in ticketInput, sent map[string]bool) (ticketJSON, *refusal) {
	if t.sc.HostileRefusal {
		return ticketJSON{}, &refusal{http.StatusBadRequest, hostileRefusalText()}
	}
	tt, ok := t.data.ticketType(cmp.Or(in.TicketTypeID, defaultTicketTypeID))
	if !ok {
		return ticketJSON{}, &refusal{http.StatusBadRequest, "Please select a valid Ticket Type"}
	}
	tk, rf := t.resolveContext(in)
	if rf != nil {
		return ticketJSON{}, rf
	}
	if missing := tt.missingMandatory(sent); missing != "" {
		return ticketJSON{}, &refusal{http.StatusBadRequest, missing}
	}
	tk.TicketTypeID, tk.Summary, tk.Details, tk.Team = tt.id, in.Summary, in.Details, tt.defaultTeam
	tk.Category1, tk.Impact, tk.Urgency = in.Category1, in.Impact, in.Urgency
	if d, ok := tt.defaultFor(fieldCategory.faultsField); ok && !sent[fieldCategory.faultsField] {
		tk.Category1 = d
	}
	if d, ok := tt.defaultFor(fieldImpact.faultsField); ok && !sent[fieldImpact.faultsField] {
		tk.Impact, _ = strconv.Atoi(d)
	}
	if d, ok := tt.defaultFor(fieldUrgency.faultsField); ok && !sent[fieldUrgency.faultsField] {
		tk.Urgency, _ = strconv.Atoi(d)
	}
	now := t.cfg.now()
	st, ok := t.data.status(in.StatusID)
	if !ok {
		st, _ = t.data.status(statusNew)
	}
	tk.setStatus(st, now)

	t.mu.Lock()
	tk.ID, tk.Created = t.nextTicketID, now
	t.nextTicketID++
	t.tickets[tk.ID] = &tk
	j := t.data.ticketWire(&tk)
	t.mu.Unlock()
	t.log.ticketCreated()
	return j, nil
}

// resolveContext finds the client, site and user a new ticket belongs to:
// the client's main site and that site's General User unless the request
// names others.
func (t *Tenant) resolveContext(in ticketInput) (Ticket, *refusal) {
	invalid := &refusal{http.StatusBadRequest, InvalidContextText}
	c, ok := t.data.customer(in.ClientID)
	if !ok || c.inactive {
		return Ticket{}, invalid
	}
	s, ok := t.data.siteByID[cmp.Or(in.SiteID, c.mainSiteID)]
	if !ok || s.clientID != c.id {
		return Ticket{}, invalid
	}
	u, ok := t.data.userByID[cmp.Or(in.UserID, s.mainContact)]
	if !ok || u.clientID != c.id {
		return Ticket{}, invalid
	}
	return Ticket{ClientID: c.id, SiteID: s.id, UserID: u.id}, nil
}

// missingMandatory is Halo's 400 text for the mandatory fields without a
// default that the request left empty, one line each; "" when none is.
func (tt ticketType) missingMandatory(sent map[string]bool) string {
	var b strings.Builder
	for _, f := range tt.fields {
		if !f.required() || f.defaultValue != "" || sent[f.faultsField] {
			continue
		}
		line := f.refusal
		if line == "" {
			line = f.label + " is mandatory"
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// updateTicket applies an update element: the status, and summary or
// details when sent.
func (t *Tenant) updateTicket(in ticketInput, sent map[string]bool) (ticketJSON, *refusal) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tk, rf := t.editable(in.ID)
	if rf != nil {
		return ticketJSON{}, rf
	}
	if sent["status_id"] {
		if rf := t.changeStatus(tk, in.StatusID); rf != nil {
			return ticketJSON{}, rf
		}
	}
	if sent["summary"] {
		tk.Summary = in.Summary
	}
	if sent["details"] {
		tk.Details = in.Details
	}
	return t.data.ticketWire(tk), nil
}

// editable finds a ticket the agent may change; t.mu is held.
func (t *Tenant) editable(id int) (*Ticket, *refusal) {
	tk, ok := t.tickets[id]
	switch {
	case !ok:
		return nil, &refusal{http.StatusNotFound, "Ticket not found"}
	case !t.visible(tk):
		return nil, &refusal{status: http.StatusUnauthorized}
	case t.sc.EditUnassignedRefused && tk.AgentID != APIAgentID:
		return nil, &refusal{http.StatusForbidden, editRefusedText}
	}
	return tk, nil
}

// changeStatus moves tk to the status id, unless the scenario's workflow
// ignores status changes; t.mu is held.
func (t *Tenant) changeStatus(tk *Ticket, id int) *refusal {
	st, ok := t.data.status(id)
	if !ok {
		return &refusal{http.StatusBadRequest, "Please select a valid Status"}
	}
	if !t.sc.StatusChangesIgnored {
		tk.setStatus(st, t.cfg.now())
	}
	return nil
}

// setStatus sets the status and keeps hasbeenclosed and dateclosed in step
// with whether it is a closed one. (Whether Halo clears them when a ticket
// reopens is not known; this tenant does.)
func (tk *Ticket) setStatus(st status, now time.Time) {
	tk.StatusID = st.id
	switch {
	case st.closed && !tk.Closed:
		tk.Closed, tk.DateClosed = true, now
	case !st.closed:
		tk.Closed, tk.DateClosed = false, time.Time{}
	}
}

// answerCreateWrongly creates the ticket asked for and answers about
// another one, as the scenario's CreateAnswer says: an existing ticket of
// someone else's, the new ticket with id 0, or without an id.
func (t *Tenant) answerCreateWrongly(w http.ResponseWriter, in ticketInput, sent map[string]bool) {
	j, rf := t.createTicket(in, sent)
	if rf != nil {
		rf.write(w, t.sc.RefusalFormat)
		return
	}
	switch t.sc.CreateAnswer {
	case CreateAnswerForeign:
		t.mu.Lock()
		j = t.data.ticketWire(t.tickets[firstTicketID])
		t.mu.Unlock()
	case CreateAnswerZero:
		j.ID = 0
	case CreateAnswerMissing:
		var obj map[string]any
		_ = json.Unmarshal(mustMarshal(j), &obj)
		delete(obj, "id")
		writeJSON(w, http.StatusOK, obj)
		return
	}
	writeJSON(w, http.StatusOK, j)
}
