package watch

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Report is an incident report as the flow check reads it.
type Report struct {
	ID      int64
	OrgID   int64
	Subject string
	Sent    time.Time
	Closed  time.Time // zero while the report is open
}

// Ticket is a Halo ticket as the flow check reads it.
type Ticket struct {
	ID         int
	Summary    string
	Details    string
	ClientID   int
	ClientName string
	Opened     time.Time // zero when Halo gave no readable date
	// NoZone says Halo wrote Opened without a zone: it was read as UTC,
	// but may be the tenant's local time, up to zoneMargin off.
	NoZone bool
	Closed bool
	// Resolved: the ticket is in the status after resolution, which Halo
	// counts open (mapping.resolution-status-not-closed warns of it): where
	// Huntress leaves a ticket it resolved, for something else to close.
	Resolved bool
}

// Client is the Halo client an organization's tickets belong on.
type Client struct {
	ID   int
	Name string
}

// Tolerance says how near a report's sending a ticket must have been
// opened to be its ticket by summary, and how long a report may go without
// its ticket (or a closed report with its ticket open) before that counts.
type Tolerance struct {
	Before time.Duration // a ticket opened this long before sent_at (clocks differ)
	After  time.Duration // or this long after (Huntress retries a PSA that was down)
	Grace  time.Duration // a report sent or closed less than this ago is still on its way
}

// DefaultTolerance is the tolerance a cycle uses.
var DefaultTolerance = Tolerance{Before: 30 * time.Minute, After: 24 * time.Hour, Grace: 15 * time.Minute}

// Outcome is what the flow check found for one report.
type Outcome struct {
	Report  Report
	Tickets []Ticket // the tickets that are this report's, by id
	ByLink  bool     // found by Huntress's link to the report in the details
	// Expected is the client the mapping puts the report's tickets on;
	// zero when no mapping says (a near miss Huntress maps by hand).
	Expected Client
	// Pending: no ticket yet, but the report went out within the grace.
	Pending bool
}

// Missing reports whether the report has no ticket and should have one.
func (o Outcome) Missing() bool { return len(o.Tickets) == 0 && !o.Pending }

// Duplicate reports whether more than one ticket is the report's.
func (o Outcome) Duplicate() bool { return len(o.Tickets) > 1 }

// WrongClient reports whether none of the report's tickets is on the
// client the mapping says.
func (o Outcome) WrongClient() bool {
	if o.Expected.ID == 0 || len(o.Tickets) == 0 {
		return false
	}
	return !slices.ContainsFunc(o.Tickets, func(t Ticket) bool { return t.ClientID == o.Expected.ID })
}

// OpenAfterClose returns the tickets still open although Huntress closed
// the report more than the grace ago, but for those in the status after
// resolution: Huntress did its part there (see HeldOpen).
func (o Outcome) OpenAfterClose(now time.Time, tol Tolerance) []Ticket {
	return o.openAfterClose(now, tol, false)
}

// HeldOpen returns the tickets of a report Huntress closed that sit in the
// status after resolution, an open status: Huntress set it, and the ticket
// waits there for whatever closes it in Halo.
func (o Outcome) HeldOpen(now time.Time, tol Tolerance) []Ticket {
	return o.openAfterClose(now, tol, true)
}

func (o Outcome) openAfterClose(now time.Time, tol Tolerance, resolved bool) []Ticket {
	if o.Report.Closed.IsZero() || now.Sub(o.Report.Closed) < tol.Grace {
		return nil
	}
	var open []Ticket
	for _, t := range o.Tickets {
		if !t.Closed && t.Resolved == resolved {
			open = append(open, t)
		}
	}
	return open
}

// reportLink finds Huntress's link to an incident report in a ticket's
// details (https://<account>.huntress.io/org/<org>/incident_reports/<id>,
// or .../escalations/<id> as the integration writes it), and its id.
var reportLink = regexp.MustCompile(`(?i)huntress\.io/[^\s"'<>]*?/(?:incident_reports|incident-reports|escalations)/(\d+)`)

func linkedReport(details string) (int64, bool) {
	m := reportLink.FindStringSubmatch(details)
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil
}

// normSummary compares summaries the way a person would: case and runs of
// spaces aside.
func normSummary(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// Match finds each report's tickets. A ticket whose details link to a
// report is that report's and no other's. Otherwise a ticket whose summary
// is a report's subject, opened within the tolerance of its sending, is the
// report's; when several reports share the subject (the same host, another
// day), it goes to the one on the expected client, then the one sent
// nearest its opening. Reports found by link take no ticket by summary.
func Match(reports []Report, tickets []Ticket, expected map[int64]Client, now time.Time, tol Tolerance) []Outcome {
	out := make([]Outcome, len(reports))
	byID := make(map[int64]int, len(reports))
	bySubject := map[string][]int{}
	for i, r := range reports {
		out[i] = Outcome{Report: r, Expected: expected[r.OrgID]}
		byID[r.ID] = i
		bySubject[normSummary(r.Subject)] = append(bySubject[normSummary(r.Subject)], i)
	}
	var unlinked []Ticket
	for _, t := range tickets {
		id, linked := linkedReport(t.Details)
		switch i, ours := byID[id]; {
		case linked && ours:
			out[i].Tickets, out[i].ByLink = append(out[i].Tickets, t), true
		case !linked:
			unlinked = append(unlinked, t)
		} // linked to a report outside the window: someone else's ticket
	}
	for _, t := range unlinked {
		if i, ok := nearest(out, bySubject[normSummary(t.Summary)], t, tol); ok {
			out[i].Tickets = append(out[i].Tickets, t)
		}
	}
	for i := range out {
		slices.SortFunc(out[i].Tickets, func(a, b Ticket) int { return cmp.Compare(a.ID, b.ID) })
		out[i].Pending = len(out[i].Tickets) == 0 && now.Sub(out[i].Report.Sent) < tol.Grace
	}
	return out
}

// nearest picks, among the candidate reports, the one ticket t belongs to:
// not found by link, sent within the tolerance of t's opening, on the
// expected client first, then sent nearest to it.
//
// A ticket whose date carried no zone may be in the tenant's local time
// (a tenant at UTC-5 writes 04:31 for a ticket opened at 09:31 UTC), so
// its window is widened by zoneMargin on both sides rather than guessing
// the tenant's zone: no zone-less ticket is called missing for its zone,
// at the cost of a wider window for a report whose subject recurs.
func nearest(out []Outcome, candidates []int, t Ticket, tol Tolerance) (int, bool) {
	best, found := 0, false
	var bestMiss bool
	var bestGap time.Duration
	before, after := tol.Before, tol.After
	if t.NoZone {
		before, after = before+zoneMargin, after+zoneMargin
	}
	for _, i := range candidates {
		o := out[i]
		if o.ByLink {
			continue
		}
		gap := time.Duration(0)
		if !t.Opened.IsZero() {
			gap = t.Opened.Sub(o.Report.Sent)
			if gap < -before || gap > after {
				continue
			}
			gap = max(gap, -gap)
		}
		miss := o.Expected.ID != 0 && t.ClientID != o.Expected.ID
		if !found || (bestMiss && !miss) || (bestMiss == miss && gap < bestGap) {
			best, found, bestMiss, bestGap = i, true, miss, gap
		}
	}
	return best, found
}
