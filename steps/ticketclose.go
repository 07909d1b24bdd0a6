package steps

import (
	"context"
	"fmt"
	"strings"
	"time"

	"halowiz/halo"
	"halowiz/retry"
)

// searchTries bounds the look-ups for a test ticket whose create answer was
// lost: a passing fault of the search is not the end of it.
const searchTries = 3

// resolveTestTicket does what Huntress does when an incident is resolved:
// it sets the status after resolution, then reads the ticket back. When the
// ticket is not closed yet (an open "Resolved", or no status after
// resolution chosen), it closes it with the closed status and reads it back
// again. Closure is proven by the read-back (hasbeenclosed or dateclosed),
// never by the status id. The ticket is always left closed if Halo allows.
func (s *session) resolveTestTicket(ctx context.Context, c *halo.Client, f Facts, tt *TestTicket) []Finding {
	closing := f.ClosedStatus
	var findings []Finding
	if st := f.ResolutionStatus; st != nil {
		back, err := s.setAndRead(ctx, c, tt, st, "as the integration does on resolution")
		switch {
		case err != nil:
			findings = append(findings, cannotClose(tt, fmt.Sprintf("Halo refused to set it to %q: %s", st.Name, err.Error()), requestEvidence(statusEvidence1(tt.ID, st), err)))
		case back.IsClosed():
			s.updateTicket(func(t *TestTicket) { t.Resolved, t.Closed = true, true })
			return append(findings, closedFinding(tt, st, closeEvidence(tt.ID, st, back)))
		case st.Closed:
			s.updateTicket(func(t *TestTicket) { t.Resolved = true })
			findings = append(findings, cannotClose(tt, fmt.Sprintf("Halo accepted status %q, which it counts as closed, but the ticket read back open (status_id %d, hasbeenclosed %s)", st.Name, back.StatusID, boolText(back.HasBeenClosed)), closeEvidence(tt.ID, st, back)))
		default:
			s.updateTicket(func(t *TestTicket) { t.Resolved = true })
			findings = append(findings, Finding{ID: "ticket.resolution-status-set", Severity: Info,
				Message:  fmt.Sprintf("Ticket %d was set to %q, as Huntress does when an incident is resolved; it stays open in that status, as an open status does.", tt.ID, st.Name),
				Fix:      []string{},
				Evidence: closeEvidence(tt.ID, st, back)})
		}
		if closing == nil || closing.ID == st.ID {
			return findings
		}
	}
	if closing == nil {
		return append(findings, cannotClose(tt, "there is no closed status to set (see the mapping step)", "GET /api/Status: no closed status"))
	}
	back, err := s.setAndRead(ctx, c, tt, closing, "to leave the test ticket closed")
	switch {
	case err != nil:
		return append(findings, cannotClose(tt, fmt.Sprintf("Halo refused to set it to %q: %s", closing.Name, err.Error()), requestEvidence(statusEvidence1(tt.ID, closing), err)))
	case !back.IsClosed():
		return append(findings, cannotClose(tt, fmt.Sprintf("Halo accepted status %q but the ticket read back open (status_id %d, hasbeenclosed %s)", closing.Name, back.StatusID, boolText(back.HasBeenClosed)), closeEvidence(tt.ID, closing, back)))
	}
	s.updateTicket(func(t *TestTicket) { t.Closed = true })
	return append(findings, closedFinding(tt, closing, closeEvidence(tt.ID, closing, back)))
}

// setAndRead sets the ticket's status and reads it back; the read-back must
// still carry the run's marker, or the answer is not about halowiz's ticket.
func (s *session) setAndRead(ctx context.Context, c *halo.Client, tt *TestTicket, st *StatusOption, why string) (halo.Ticket, error) {
	err := s.call(ctx, Ticket, fmt.Sprintf("Setting ticket %d to %q %s (POST /api/Tickets)", tt.ID, st.Name, why), func(ctx context.Context) error {
		_, err := c.SetTicketStatus(ctx, tt.ID, st.ID)
		return err
	})
	if err != nil {
		return halo.Ticket{}, err
	}
	var back halo.Ticket
	if err := s.readBack(ctx, c, tt.ID, "Reading ticket %d back to see whether it is closed (GET /api/Tickets/%d?count=1)", &back); err != nil {
		return halo.Ticket{}, fmt.Errorf("the status was accepted, but reading the ticket back failed: %w", err)
	}
	if !strings.Contains(back.Summary, tt.Marker) {
		return back, fmt.Errorf("ticket %d read back with a summary that is not halowiz's (%q)", tt.ID, back.Summary)
	}
	return back, nil
}

// recoverTicket looks for a test ticket whose create answer was lost or
// unusable, by the run's marker, and closes it when found. The search is
// repeated a few times: a passing fault is not the end of it.
func (s *session) recoverTicket(ctx context.Context, c *halo.Client, f Facts, tt *TestTicket, why string) []Finding {
	found, err := s.findTestTicket(ctx, c, tt)
	if err != nil || found.ID < 1 {
		how := "no ticket carries it"
		if err != nil {
			how = "the search failed: " + err.Error()
		}
		return []Finding{{ID: "ticket.not-found", Severity: Warn,
			Message: fmt.Sprintf("Halo may have created the test ticket (%s), but halowiz could not find it by its marker %s (%s). It was sent once and not repeated.", why, tt.Marker, how),
			Fix:     []string{closeByHand(0, tt.Marker), "Then send the test ticket again."},
		}}
	}
	s.updateTicket(func(t *TestTicket) { t.ID, t.Created, t.ReadBack = found.ID, true, true })
	note := Finding{ID: "ticket.found", Severity: Info,
		Message:  fmt.Sprintf("Halo had created the test ticket after all (ticket %d): halowiz found it by its marker %s and closes it below.", found.ID, tt.Marker),
		Fix:      []string{},
		Evidence: fmt.Sprintf("GET /api/Tickets?search=%s: ticket %d, summary %q", tt.Marker, found.ID, found.Summary)}
	return append([]Finding{note}, s.resolveTestTicket(ctx, c, f, tt)...)
}

// findTestTicket searches the test client's tickets for the run's marker,
// and proves a hit by reading it back: only a ticket whose summary carries
// the marker counts.
func (s *session) findTestTicket(ctx context.Context, c *halo.Client, tt *TestTicket) (halo.Ticket, error) {
	var found halo.Ticket
	var err error
	for try := 1; try <= searchTries; try++ {
		err = s.call(ctx, Ticket, fmt.Sprintf("Looking for the test ticket by its marker %s (GET /api/Tickets?search=%s)", tt.Marker, tt.Marker), func(ctx context.Context) error {
			list, err := c.Tickets(ctx, halo.TicketQuery{ClientID: tt.ClientID, Search: tt.Marker, Count: 20})
			for _, t := range list.Tickets {
				if t.ID > 0 && strings.Contains(t.Summary, tt.Marker) {
					found = t
				}
			}
			return err
		})
		if err == nil || halo.Refused(err) || ctx.Err() != nil || try == searchTries {
			break
		}
		if retry.Sleep(ctx, retry.Backoff(try, time.Second, 4*time.Second)) != nil {
			break
		}
	}
	if err != nil || found.ID < 1 {
		return halo.Ticket{}, err
	}
	var back halo.Ticket
	if err := s.readBack(ctx, c, found.ID, "Reading ticket %d back to prove it is the test ticket (GET /api/Tickets/%d?count=1)", &back); err != nil {
		return halo.Ticket{}, err
	}
	if !strings.Contains(back.Summary, tt.Marker) {
		return halo.Ticket{}, fmt.Errorf("ticket %d read back without the marker", found.ID)
	}
	return back, nil
}

func closedFinding(tt *TestTicket, st *StatusOption, evidence string) Finding {
	return Finding{ID: "ticket.closed", Severity: Pass,
		Message:  fmt.Sprintf("Ticket %d was set to %q and Halo reports it closed.", tt.ID, st.Name),
		Fix:      []string{},
		Evidence: evidence}
}

func cannotClose(tt *TestTicket, why, evidence string) Finding {
	return Finding{ID: "ticket.cannot-close", Severity: Fail,
		Message: fmt.Sprintf("Test ticket %d could not be closed: %s. Resolving an incident in Huntress would leave its ticket open.", tt.ID, why),
		Fix: []string{
			"In Huntress, open Integrations > HaloPSA > map tickets and set Status after Huntress Resolution to a closed status (the same one you give halowiz).",
			"In Halo, add the API-only agent to all teams, or turn on Can Edit Tickets Which Are Not Assigned To Them in its permissions.",
			"Check that the ticket type's workflow allows that status, then send the test ticket again.",
			closeByHand(tt.ID, tt.Marker),
		},
		Evidence: evidence}
}

func statusEvidence1(id int, st *StatusOption) string {
	return fmt.Sprintf("POST /api/Tickets [{id %d, status_id %d}]", id, st.ID)
}

func closeEvidence(id int, st *StatusOption, back halo.Ticket) string {
	return fmt.Sprintf("%s; GET /api/Tickets/%d?count=1: status_id %d, hasbeenclosed %s, dateclosed %q",
		statusEvidence1(id, st), id, back.StatusID, boolText(back.HasBeenClosed), back.DateClosed)
}

func boolText(b *bool) string {
	if b == nil {
		return "unset"
	}
	return fmt.Sprint(*b)
}
