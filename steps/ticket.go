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
// mapping step resolved what it needs.
func ticketPrecondition(c Config, f Facts) *Finding {
	if !c.SendTestTicket {
		return &Finding{
			ID: "ticket.not-sent", Severity: Info,
			Message: "No test ticket was sent: it writes to Halo, so halowiz sends one only when asked.",
			Fix:     []string{"To prove the whole path (create, read back, resolve, close), check again with --send-test-ticket."},
		}
	}
	var missing string
	switch {
	case f.TicketType == nil:
		missing = "no default ticket type was resolved"
	case f.TestClient == nil:
		missing = "no client was resolved for it"
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
// as the integration does, sets the status after resolution and confirms the
// ticket closed. The ticket is created once: a failed or timed-out create is
// never repeated.
func checkTicket(ctx context.Context, s *session, out *Facts) []Finding {
	c := s.halo()
	f := s.snapshot()
	tt := TestTicket{Summary: testTicketSummary(), ClientID: f.TestClient.ID}
	out.TestTicket = &tt
	req := halo.NewTicket{
		Summary:      tt.Summary,
		Details:      "This ticket was created by halowiz to prove that the Huntress integration can create, read back and close tickets in this tenant. It is closed automatically; no action is needed.",
		TicketTypeID: f.TicketType.ID,
		ClientID:     f.TestClient.ID,
	}
	createEv := fmt.Sprintf("POST /api/Tickets [{summary, details, tickettype_id %d, client_id %d}]", req.TicketTypeID, req.ClientID)
	var created halo.Ticket
	err := s.call(ctx, Ticket, fmt.Sprintf("Creating the test ticket for %s (POST /api/Tickets)", f.TestClient.Name), func(ctx context.Context) error {
		var err error
		created, err = c.CreateTicket(ctx, req)
		return err
	})
	if err != nil {
		failed := createFailure(f, err, requestEvidence(createEv, err))
		if !outcomeUnknown(err) {
			return []Finding{failed}
		}
		// Halo may have made the ticket and lost the answer: find it by
		// its unique summary and close it, rather than leave it open.
		found, ok := s.findTestTicket(ctx, c, &tt)
		if !ok {
			failed.Fix = append(failed.Fix, fmt.Sprintf("The test ticket was sent once and not repeated. Before sending another, look in Halo for a ticket titled %q and close it: Halo may have made it.", tt.Summary))
			return []Finding{failed}
		}
		failed.Message += fmt.Sprintf(" Halo had created it anyway (ticket %d): halowiz found it by its summary and closes it below.", found.ID)
		tt.ID, tt.Created = found.ID, true
		return append([]Finding{failed}, s.closeTestTicket(ctx, c, f, &tt)...)
	}
	tt.ID, tt.Created = created.ID, true
	createEv += fmt.Sprintf(": ticket %d", created.ID)

	var findings []Finding
	readErr := s.readBack(ctx, c, created.ID, "Reading ticket %d back as the integration does (GET /api/Tickets/%d?count=1)", nil)
	if readErr != nil {
		findings = append(findings, notVisible(created.ID, readErr))
	} else {
		tt.ReadBack = true
		findings = append(findings, Finding{ID: "ticket.created", Severity: Pass,
			Message:  fmt.Sprintf("Halo accepted test ticket %d and let the agent read it back.", created.ID),
			Fix:      []string{},
			Evidence: createEv + fmt.Sprintf("; GET /api/Tickets/%d?count=1: 200", created.ID)})
	}
	return append(findings, s.closeTestTicket(ctx, c, f, &tt)...)
}

// readBack reads a ticket and, when into is set, returns it there.
func (s *session) readBack(ctx context.Context, c *halo.Client, id int, what string, into *halo.Ticket) error {
	return s.call(ctx, Ticket, fmt.Sprintf(what, id, id), func(ctx context.Context) error {
		t, err := c.Ticket(ctx, id)
		if err == nil && into != nil {
			*into = t
		}
		return err
	})
}

// closeTestTicket sets the status after resolution and confirms the ticket
// closed, so no test ticket is left open.
func (s *session) closeTestTicket(ctx context.Context, c *halo.Client, f Facts, tt *TestTicket) []Finding {
	st := f.ResolutionStatus
	if st == nil {
		for i := range f.Statuses {
			if f.Statuses[i].IsClosedType() {
				st = &f.Statuses[i]
				break
			}
		}
	}
	if st == nil {
		return []Finding{cannotClose(tt.ID, "there is no closed-type status to set (see the mapping step)", "GET /api/Status: no closed-type status")}
	}
	ev := fmt.Sprintf("POST /api/Tickets [{id %d, status_id %d}]", tt.ID, st.ID)
	var updated halo.Ticket
	err := s.call(ctx, Ticket, fmt.Sprintf("Setting ticket %d to %q as the integration does on resolution (POST /api/Tickets)", tt.ID, st.Name), func(ctx context.Context) error {
		var err error
		updated, err = c.SetTicketStatus(ctx, tt.ID, st.ID)
		return err
	})
	if err != nil {
		if errors.Is(err, halo.ErrTimeout) {
			return []Finding{timeoutFinding(Ticket, fmt.Sprintf("Halo did not answer within the deadline when ticket %d was set to %q; it may still be open.", tt.ID, st.Name), requestEvidence(ev, err))}
		}
		return []Finding{cannotClose(tt.ID, "Halo refused to set it to "+quote(st.Name)+": "+err.Error(), ev+": "+err.Error())}
	}
	tt.Resolved = true
	final := updated
	if tt.ReadBack {
		if err := s.readBack(ctx, c, tt.ID, "Confirming ticket %d is closed (GET /api/Tickets/%d?count=1)", &final); err != nil {
			final = updated
		}
	}
	closed := (final.HasBeenClosed != nil && *final.HasBeenClosed) || (final.StatusID == st.ID && st.IsClosedType())
	if !closed {
		return []Finding{cannotClose(tt.ID, fmt.Sprintf("Halo accepted status %q but the ticket is still open (status_id %d)", st.Name, final.StatusID), ev+fmt.Sprintf(": status_id %d, hasbeenclosed %v", final.StatusID, boolText(final.HasBeenClosed)))}
	}
	tt.Closed = true
	return []Finding{{ID: "ticket.closed", Severity: Pass,
		Message:  fmt.Sprintf("Ticket %d was set to %q and is closed: resolving an incident in Huntress will close its ticket.", tt.ID, st.Name),
		Fix:      []string{},
		Evidence: ev + ": closed"}}
}

// createFailure tells apart why Halo refused the test ticket.
func createFailure(f Facts, err error, evidence string) Finding {
	var apiErr *halo.APIError
	if errors.Is(err, halo.ErrTimeout) {
		return timeoutFinding(Ticket, "Halo did not answer within the deadline when the test ticket was created. It was not sent again, so no duplicate was made.", evidence)
	}
	if !errors.As(err, &apiErr) || apiErr.Status >= 500 || apiErr.Status == 429 {
		return callFailure(Ticket, "create the test ticket", "POST /api/Tickets", err)
	}
	said := strings.Join(apiErr.Messages, "; ")
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

// notVisible is the article's "401 on reading the ticket back".
func notVisible(id int, err error) Finding {
	var apiErr *halo.APIError
	if !errors.As(err, &apiErr) || (apiErr.Status != 401 && apiErr.Status != 403 && apiErr.Status != 404) {
		return callFailure(Ticket, fmt.Sprintf("read test ticket %d back", id), fmt.Sprintf("GET /api/Tickets/%d?count=1", id), err)
	}
	fix := append(membershipFix(""), "If it still fails, look for non-standard team restrictions or assignment rules in the tenant, and ask HaloPSA support.")
	return Finding{ID: "ticket.not-visible", Severity: Fail,
		Message:  fmt.Sprintf("Test ticket %d was created, but reading it back was refused (%s): the agent's teams or departments do not cover where Halo put the ticket.", id, err.Error()),
		Fix:      fix,
		Evidence: fmt.Sprintf("GET /api/Tickets/%d?count=1: %s", id, err.Error())}
}

func cannotClose(id int, why, evidence string) Finding {
	return Finding{ID: "ticket.cannot-close", Severity: Fail,
		Message: fmt.Sprintf("Test ticket %d could not be closed: %s. Resolving an incident in Huntress would leave its ticket open.", id, why),
		Fix: []string{
			"In Huntress, open Integrations > HaloPSA > map tickets and set Status after Huntress Resolution to a closed-type status (the same one you give halowiz).",
			"In Halo, add the API-only agent to all teams, or turn on Can Edit Tickets Which Are Not Assigned To Them in its permissions.",
			"Check that the ticket type's workflow allows that status, then send the test ticket again.",
			fmt.Sprintf("Close ticket %d by hand in Halo.", id),
		},
		Evidence: evidence}
}

func agentName(f Facts) string {
	if f.Agent != nil {
		return f.Agent.Name
	}
	return ""
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func boolText(b *bool) string {
	if b == nil {
		return "unset"
	}
	return fmt.Sprint(*b)
}

// testTicketSummary is a summary no other ticket has, so that a test ticket
// whose creation answer was lost can still be found.
func testTicketSummary() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s %x: safe to ignore, closed automatically (%s)", TestTicketSummary, b, time.Now().UTC().Format("2006-01-02 15:04 MST"))
}

// outcomeUnknown reports whether a failed create may still have made the
// ticket: no answer in time, a gateway's 5xx, a connection cut after the
// request left, or a success whose body could not be read.
func outcomeUnknown(err error) bool {
	var apiErr *halo.APIError
	var netErr *halo.NetError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Status >= 500
	case errors.As(err, &netErr):
		return netErr.Kind == halo.NetTimeout || netErr.Kind == halo.NetOther
	}
	return !errors.Is(err, context.Canceled)
}

// findTestTicket looks for the test ticket by its unique summary.
func (s *session) findTestTicket(ctx context.Context, c *halo.Client, tt *TestTicket) (halo.Ticket, bool) {
	var found halo.Ticket
	ok := false
	_ = s.call(ctx, Ticket, "Looking for the test ticket in case Halo made it (GET /api/Tickets?search=…)", func(ctx context.Context) error {
		list, err := c.Tickets(ctx, halo.TicketQuery{ClientID: tt.ClientID, Search: tt.Summary, Count: 20})
		for _, t := range list.Tickets {
			if t.Summary == tt.Summary {
				found, ok = t, true
			}
		}
		return err
	})
	return found, ok
}
