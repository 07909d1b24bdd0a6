package steps

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"halowiz/halo"
)

// TestTicketSummary starts the summary of every test ticket, so an admin can
// find (and a later run can recognise) it in Halo.
const TestTicketSummary = "halowiz test ticket"

// ticketPrecondition skips the test ticket unless it was asked for and the
// mapping step resolved what it needs, a closed status included: halowiz
// never creates a ticket it could not close.
func ticketPrecondition(c Config, f Facts) *Finding {
	if !c.SendTestTicket {
		return &Finding{
			ID: "ticket.not-sent", Severity: Info,
			Message: "No test ticket was sent: it writes to Halo, so halowiz sends one only when asked.",
			Fix:     []string{"To prove the whole path (create, read back, resolve, close), " + how(taskSendTestTicket) + "."},
		}
	}
	var missing string
	switch {
	case f.TicketType == nil:
		missing = "no default ticket type was resolved"
	case f.TestClient == nil:
		missing = "no client was resolved for it"
	case f.ClosedStatus == nil:
		missing = "Halo shows no closed status, so halowiz could not close it afterwards"
	}
	if missing == "" {
		return nil
	}
	return &Finding{
		ID: "ticket.skipped", Severity: Info,
		Message: "The test ticket was not sent: " + missing + ". Fix the mapping step first, then check again.",
		Fix:     []string{},
	}
}

// checkTicket creates one ticket the way the integration does, reads it back
// as the integration does, sets the status after resolution and closes it,
// proving each by reading the ticket back. The ticket is created once: a
// create that may have reached Halo is never repeated. Only a ticket whose
// read-back carries this run's marker is ever changed.
func checkTicket(ctx context.Context, s *session, out *Facts) []Finding {
	c := s.halo()
	f := s.snapshot()
	marker := newMarker()
	tt := &TestTicket{Marker: marker, Summary: testTicketSummary(marker), ClientID: f.TestClient.ID}
	out.TestTicket = tt
	s.trackTicket(tt)
	req := halo.NewTicket{
		Summary:      tt.Summary,
		Details:      "This ticket was created by halowiz to prove that the Huntress integration can create, read back and close tickets in this tenant. It is closed automatically; no action is needed.",
		TicketTypeID: f.TicketType.ID,
		ClientID:     f.TestClient.ID,
	}
	createEv := fmt.Sprintf("POST /api/Tickets [{summary %q, details, tickettype_id %d, client_id %d}]", tt.Summary, req.TicketTypeID, req.ClientID)
	var created halo.Ticket
	s.updateTicket(func(t *TestTicket) { t.Sent = true })
	err := s.call(ctx, Ticket, fmt.Sprintf("Creating the test ticket for %s (POST /api/Tickets)", f.TestClient.Name), func(ctx context.Context) error {
		var err error
		created, err = c.CreateTicket(ctx, req)
		return err
	})
	if err != nil {
		var apiErr *halo.APIError
		if errors.As(err, &apiErr) {
			s.updateTicket(func(t *TestTicket) { t.Mandatory = mandatoryNames(apiErr.Messages) })
		}
		failed := createFailure(f, err, requestEvidence(createEv, err))
		if halo.NotSent(err) || halo.Refused(err) {
			s.updateTicket(func(t *TestTicket) { t.Sent = false })
			return []Finding{failed}
		}
		// Halo may have made the ticket and lost the answer: find it by its
		// marker and close it, rather than leave it open.
		return append([]Finding{failed}, s.recoverTicket(ctx, c, f, tt, "the create got no usable answer")...)
	}
	if created.ID < 1 {
		bad := badCreateAnswer(fmt.Sprintf("Halo answered the create without a ticket id (id %d)", created.ID), createEv)
		return append([]Finding{bad}, s.recoverTicket(ctx, c, f, tt, "the create answer named no ticket")...)
	}
	createEv += fmt.Sprintf(": ticket %d", created.ID)

	var back halo.Ticket
	readErr := s.readBack(ctx, c, created.ID, "Reading ticket %d back as the integration does (GET /api/Tickets/%d?count=1)", &back)
	if readErr != nil {
		s.updateTicket(func(t *TestTicket) { t.ID, t.Created = created.ID, true })
		return []Finding{notVisible(created.ID, tt, readErr)}
	}
	if !strings.Contains(back.Summary, marker) {
		bad := badCreateAnswer(fmt.Sprintf("Halo's create answer named ticket %d, but that ticket is not the one halowiz sent (its summary is %q); halowiz does not touch it", created.ID, back.Summary), createEv)
		return append([]Finding{bad}, s.recoverTicket(ctx, c, f, tt, "the create answer named another ticket")...)
	}
	s.updateTicket(func(t *TestTicket) { t.ID, t.Created, t.ReadBack = created.ID, true, true })
	findings := []Finding{{ID: "ticket.created", Severity: Pass,
		Message:  fmt.Sprintf("Halo accepted test ticket %d and let the agent read it back.", created.ID),
		Fix:      []string{},
		Evidence: createEv + fmt.Sprintf("; GET /api/Tickets/%d?count=1: 200, summary carries %s", created.ID, marker)}}
	return append(findings, s.resolveTestTicket(ctx, c, f, tt)...)
}

// newMarker is a token no other ticket's summary holds.
func newMarker() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("hw-%x", b)
}

// testTicketSummary is the summary of the run's test ticket: it carries the
// run's marker, so that the ticket can be told from every other one.
func testTicketSummary(marker string) string {
	return fmt.Sprintf("%s %s: safe to ignore, closed automatically (%s)", TestTicketSummary, marker, time.Now().UTC().Format("2006-01-02 15:04 MST"))
}

// readBack reads a ticket into into.
func (s *session) readBack(ctx context.Context, c *halo.Client, id int, what string, into *halo.Ticket) error {
	return s.call(ctx, Ticket, fmt.Sprintf(what, id, id), func(ctx context.Context) error {
		t, err := c.Ticket(ctx, id)
		if err == nil {
			*into = t
		}
		return err
	})
}

// createFailure tells apart why Halo refused the test ticket.
func createFailure(f Facts, err error, evidence string) Finding {
	if errors.Is(err, halo.ErrTimeout) {
		return timeoutFinding(Ticket, "Halo did not answer within the deadline when the test ticket was created. It was not sent again, so no duplicate was made.", evidence)
	}
	apiErr := haloRefusal(err)
	if apiErr == nil {
		return callFailure(Ticket, "create the test ticket", "POST /api/Tickets", err)
	}
	said := strings.Join(apiErr.Messages, "; ")
	if said == "" {
		said = apiErr.Error()
	}
	switch {
	case apiErr.Status == 400 && apiErr.Mentions("mandatory"):
		name := f.TicketType.Name
		return Finding{ID: "ticket.mandatory-fields", Severity: Fail,
			Message: fmt.Sprintf("Halo refused the test ticket on ticket type %q for missing mandatory fields: %s. Huntress does not send them, so no ticket was created.", name, said),
			Fix: []string{
				"In Halo, open Configuration > Tickets > Ticket Types and open " + name + ".",
				"On its Field List (or field group), make each field named above not mandatory, or give it a default value.",
				"If they must stay mandatory, create a dedicated Huntress ticket type with those defaults and choose it as the default ticket type.",
				"Save, then send the test ticket again.",
			},
			Evidence: evidence}
	case apiErr.Status == 400 && apiErr.Mentions("valid client", "client/site/user", "valid site", "valid user"):
		return Finding{ID: "ticket.invalid-context", Severity: Fail,
			Message: "Halo refused the test ticket because it could not resolve a valid client, site and user: " + said,
			Fix: []string{
				"In Halo, open Customers and open your own company (the MSP's company record).",
				"Create a General User there (a user for tickets that have no specific contact), on its main site, and save.",
				"Send the test ticket again.",
			},
			Evidence: evidence}
	case apiErr.Status == 401 || apiErr.Status == 403:
		fix := append([]string{"Halo refused to let the agent create tickets: check Can add new Tickets and the application's edit:tickets permission."}, agentPermissionFix(agentName(f))...)
		return Finding{ID: "ticket.cannot-create", Severity: Fail, Message: "The agent may not create tickets: " + said, Fix: fix, Evidence: evidence}
	}
	return Finding{ID: "ticket.refused", Severity: Fail,
		Message: "Halo refused the test ticket: " + said,
		Fix: []string{
			"Read Halo's message above: it names the rule the ticket broke (for example an approval or a required field on the ticket type).",
			"Fix that rule on the ticket type in Configuration > Tickets > Ticket Types, or choose another default ticket type, then send the test ticket again.",
		},
		Evidence: evidence}
}

// notVisible is the article's "401 on reading the ticket back". halowiz
// cannot prove the ticket is its own without reading it, so it changes
// nothing and says how to close it by hand.
func notVisible(id int, tt *TestTicket, err error) Finding {
	if apiErr := haloRefusal(err); apiErr == nil || (apiErr.Status != 401 && apiErr.Status != 403 && apiErr.Status != 404) {
		f := callFailure(Ticket, fmt.Sprintf("read test ticket %d back", id), fmt.Sprintf("GET /api/Tickets/%d?count=1", id), err)
		f.Fix = append(f.Fix, unprovenClose(id, tt.Marker))
		return f
	}
	fix := append(membershipFix(""), "If it still fails, look for non-standard team restrictions or assignment rules in the tenant, and ask HaloPSA support.")
	fix = append(fix, unprovenClose(id, tt.Marker))
	return Finding{ID: "ticket.not-visible", Severity: Fail,
		Message:  fmt.Sprintf("Test ticket %d was created, but reading it back was refused (%s): the agent's teams or departments do not cover where Halo put the ticket. halowiz cannot prove the ticket is its own without reading it, so it left it as it is.", id, err.Error()),
		Fix:      fix,
		Evidence: fmt.Sprintf("GET /api/Tickets/%d?count=1: %s", id, err.Error())}
}

// badCreateAnswer is a create answer halowiz cannot act on.
func badCreateAnswer(what, evidence string) Finding {
	return Finding{ID: "ticket.bad-answer", Severity: Fail,
		Message: what + ".",
		Fix: []string{
			"Check again later: this is not how Halo answers a ticket creation.",
			"If it persists, " + how(taskWriteReport) + " and send it to Halo support; it has no secrets in it.",
		},
		Evidence: evidence}
}

// unprovenClose is the fix line for a ticket Halo said it created but
// halowiz could not read back: the id is Halo's word, the marker the proof.
func unprovenClose(id int, marker string) string {
	return fmt.Sprintf("Halo said it created ticket %d: in Halo, check that its summary carries %s, then close it by hand.", id, marker)
}

// closeByHand is the fix line for a test ticket halowiz left as it is.
func closeByHand(id int, marker string) string {
	if id > 0 {
		return fmt.Sprintf("Close ticket %d by hand in Halo (its summary carries %s).", id, marker)
	}
	return fmt.Sprintf("In Halo, search the tickets for %s and close the ticket that carries it, if there is one.", marker)
}

func agentName(f Facts) string {
	if f.Agent != nil {
		return f.Agent.Name
	}
	return ""
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
