package halotest

import (
	"cmp"
	"net/http"
	"time"
)

// action is a note or status change recorded on a ticket.
type action struct {
	id, ticketID int
	outcome      string
	outcomeID    int
	note         string
	newStatus    int
	hidden       bool
	when         time.Time
}

// actionInput is one element of a POST /api/Actions body, as far as the
// tenant reads it.
type actionInput struct {
	TicketID       int    `json:"ticket_id"`
	Outcome        string `json:"outcome"`
	OutcomeID      int    `json:"outcome_id"`
	Note           string `json:"note"`
	NoteHTML       string `json:"note_html"`
	NewStatus      int    `json:"new_status"`
	HiddenFromUser bool   `json:"hiddenfromuser"`
}

// actionJSON is the schema Actions.
type actionJSON struct {
	ID             int    `json:"id"`
	TicketID       int    `json:"ticket_id"`
	Outcome        string `json:"outcome"`
	OutcomeID      int    `json:"outcome_id"`
	Note           string `json:"note"`
	NewStatus      int    `json:"new_status,omitempty"`
	HiddenFromUser bool   `json:"hiddenfromuser"`
	Datetime       string `json:"datetime"`
}

func (a action) wire() actionJSON {
	return actionJSON{ID: a.id, TicketID: a.ticketID, Outcome: a.outcome, OutcomeID: a.outcomeID,
		Note: a.note, NewStatus: a.newStatus, HiddenFromUser: a.hidden, Datetime: wireTime(a.when)}
}

// POST /api/Actions: each element adds an action to a ticket; new_status
// changes the ticket's status under the same rules as a ticket update.
func (t *Tenant) postActions(w http.ResponseWriter, r *http.Request) {
	inputs, _, ok := decodeElements[actionInput](w, r)
	if ok {
		saveAll(w, t.sc.RefusalFormat, inputs, func(_ int, in actionInput) (actionJSON, *refusal) { return t.addAction(in) })
	}
}

func (t *Tenant) addAction(in actionInput) (actionJSON, *refusal) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tk, ok := t.tickets[in.TicketID]
	switch {
	case !ok:
		return actionJSON{}, &refusal{http.StatusNotFound, "Ticket not found"}
	case !t.visible(tk):
		return actionJSON{}, &refusal{status: http.StatusUnauthorized}
	case in.Outcome == "" && in.OutcomeID == 0:
		// CIPP met this; it falls back to outcome 7, "Internal Note".
		return actionJSON{}, &refusal{http.StatusBadRequest, "An Outcome must be entered for this Action"}
	}
	if in.NewStatus != 0 {
		if _, rf := t.editable(tk.ID); rf != nil {
			return actionJSON{}, rf
		}
		if rf := t.changeStatus(tk, in.NewStatus); rf != nil {
			return actionJSON{}, rf
		}
	}
	a := action{id: len(t.actions) + 1, ticketID: tk.ID, outcome: in.Outcome, outcomeID: in.OutcomeID,
		note: cmp.Or(in.Note, in.NoteHTML), newStatus: in.NewStatus, hidden: in.HiddenFromUser,
		when: t.cfg.now()}
	t.actions = append(t.actions, a)
	return a.wire(), nil
}

// GET /api/Actions?ticket_id=N
func (t *Tenant) listActions(w http.ResponseWriter, r *http.Request) {
	q := query(r)
	id := intParam(q, "ticket_id", 0)
	t.mu.Lock()
	tk, ok := t.tickets[id]
	visible := ok && t.visible(tk)
	var list []actionJSON
	for _, a := range t.actions {
		if visible && a.ticketID == id {
			list = append(list, a.wire())
		}
	}
	t.mu.Unlock()
	if ok && !visible {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	writeList(w, q, "actions", list)
}
