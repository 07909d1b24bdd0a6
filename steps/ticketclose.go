package steps

import (
	"context"
	"errors"
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
// never by the status id. The ticket is always left closed if Halo allows,
// and never touched again once a read-back shows it is not halowiz's.
func (s *session) resolveTestTicket(ctx context.Context, c *halo.Client, f Facts, tt *TestTicket) []Finding {
	closing := f.ClosedStatus
	var findings []Finding
	if st := f.ResolutionStatus; st != nil {
		back, err := s.setAndRead(ctx, c, tt, st, "as the integration does on resolution")
		switch {
		case errors.Is(err, errNotOurs):
			return append(findings, notOurs(tt, err))
		case err != nil:
			findings = append(findings, statusNotSet(tt, st, err))
		case back.IsClosed():
			s.updateTicket(func(t *TestTicket) { t.Resolved, t.Closed = true, true })
			return append(findings, closedFinding(tt, st, closeEvidence(tt.ID, st, back)))
		case st.Closed:
			s.updateTicket(func(t *TestTicket) { t.Resolved = true })
			findings = append(findings, cannotClose(tt, notClosedWhy(st, back), closeEvidence(tt.ID, st, back)))
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
	case errors.Is(err, errNotOurs):
		return append(findings, notOurs(tt, err))
	case err != nil:
		return append(findings, statusNotSet(tt, closing, err))
	case !back.IsClosed():
		return append(findings, cannotClose(tt, notClosedWhy(closing, back), closeEvidence(tt.ID, closing, back)))
	}
	s.updateTicket(func(t *TestTicket) { t.Closed = true })
	return append(findings, closedFinding(tt, closing, closeEvidence(tt.ID, closing, back)))
}

// errNotOurs is a read-back whose summary does not carry the run's marker:
// from then on halowiz changes nothing on that ticket.
var errNotOurs = errors.New("the ticket read back is not halowiz's")

// errReadBack wraps a read-back that failed after Halo accepted a status.
var errReadBack = errors.New("the status was accepted, but reading the ticket back failed")

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
		return halo.Ticket{}, fmt.Errorf("%w: %w", errReadBack, err)
	}
	if !strings.Contains(back.Summary, tt.Marker) {
		return back, fmt.Errorf("%w: ticket %d read back with the summary %q", errNotOurs, tt.ID, back.Summary)
	}
	return back, nil
}

// statusNotSet is ticket.cannot-close for a status Halo refused, or whose
// effect could not be read back.
func statusNotSet(tt *TestTicket, st *StatusOption, err error) Finding {
	why := fmt.Sprintf("Halo refused to set it to %q: %s", st.Name, err.Error())
	if errors.Is(err, errReadBack) {
		why = fmt.Sprintf("Halo accepted %q, but halowiz could not read the ticket back to see whether it closed: %s", st.Name, err.Error())
	}
	return cannotClose(tt, why, requestEvidence(setStatusEvidence(tt.ID, st), err))
}

// notClosedWhy says what the read-back showed after a status Halo
// accepted: open, or nothing about closure at all.
func notClosedWhy(st *StatusOption, back halo.Ticket) string {
	if !back.SaysIfClosed() {
		return fmt.Sprintf("Halo accepted %q, but its read-back says nothing of closure (no hasbeenclosed, no dateclosed), so halowiz cannot prove the ticket closed", st.Name)
	}
	counts := ""
	if st.Closed {
		counts = ", which it counts as closed,"
	}
	return fmt.Sprintf("Halo accepted status %q%s but the ticket read back open (status_id %d, hasbeenclosed %s)", st.Name, counts, back.StatusID, boolText(back.HasBeenClosed))
}

// notOurs is ticket.bad-answer for a read-back that is not halowiz's
// ticket any more: nothing more is sent for it.
func notOurs(tt *TestTicket, err error) Finding {
	return Finding{ID: "ticket.bad-answer", Severity: Fail,
		Message: fmt.Sprintf("%s, so halowiz changed nothing more on ticket %d.", sentence(err.Error()), tt.ID),
		Fix: []string{
			fmt.Sprintf("In Halo, search the tickets for %s and close the ticket that carries it by hand.", tt.Marker),
			"If it persists, write a report (check --report FILE) and send it to Halo support; it has no secrets in it.",
		},
		Evidence: err.Error()}
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
// a few times (a search that fails, or finds nothing yet, is tried again),
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
		// A refusal will not change; a passing fault, or a ticket Halo has
		// not committed yet, may.
		if found.ID > 0 || halo.Refused(err) || ctx.Err() != nil || try == searchTries {
			break
		}
		wait := retry.Backoff(try, time.Second, 4*time.Second)
		s.emit(Event{Step: Ticket, Kind: Waiting, What: fmt.Sprintf("Searching again for %s in %s (try %d of %d)", tt.Marker, retry.RoundWait(wait), try+1, searchTries),
			Started: time.Now(), Deadline: time.Now().Add(wait)})
		if retry.Sleep(ctx, wait) != nil {
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

func setStatusEvidence(id int, st *StatusOption) string {
	return fmt.Sprintf("POST /api/Tickets [{id %d, status_id %d}]", id, st.ID)
}

func closeEvidence(id int, st *StatusOption, back halo.Ticket) string {
	return fmt.Sprintf("%s; GET /api/Tickets/%d?count=1: status_id %d, hasbeenclosed %s, dateclosed %q",
		setStatusEvidence(id, st), id, back.StatusID, boolText(back.HasBeenClosed), back.DateClosed)
}

func boolText(b *bool) string {
	if b == nil {
		return "unset"
	}
	return fmt.Sprint(*b)
}
