package watch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"halowiz/halo"
	"halowiz/steps"
)

// finding is a watch finding with what it is about, for the state.
type finding struct {
	steps.Finding
	keys []string
}

// listed caps how many reports a finding names; the evidence has them all.
const listed = 10

// flowResult is what the flow check read and matched.
type flowResult struct {
	window      time.Duration
	outcomes    []Outcome
	truncated   bool  // Huntress's list stopped at the page limit
	haloErr     error // the tickets could not be read
	haloSkipped string
	incomplete  string // why Halo's list was not read in full, "" when it was
	ticketQuery string // the list request, for the evidence
	tickets     int    // tickets listed
	// resolution is the status after resolution when Halo counts it open
	// ("" otherwise), and held the tickets of closed reports that sit in
	// it: Huntress did its part, mapping.resolution-status-not-closed
	// says why they stay open.
	resolution string
	held       int
}

// The flow check's findings.
const (
	idMissing        = "watch.ticket-missing"
	idDuplicate      = "watch.ticket-duplicate"
	idOpenAfterClose = "watch.ticket-open-after-close"
	idWrongClient    = "watch.ticket-wrong-client"
	idProven         = "watch.flow-proven"
	idUnproven       = "watch.flow-unproven"
	idUnchecked      = "watch.flow-unchecked"
)

// flowIDs are every finding the flow check gives.
var flowIDs = []string{idMissing, idDuplicate, idOpenAfterClose, idWrongClient, idProven, idUnproven, idUnchecked}

// flowFindings turns the outcomes into findings: the contract's
// ticket-missing, -duplicate, -open-after-close and -wrong-client, then
// flow-proven or flow-unproven. blind are the flow's findings it could not
// judge: all but flow-unchecked when Halo's tickets could not be read,
// ticket-missing when they were not all read and some report had none
// among them.
func flowFindings(r flowResult, now time.Time, tol Tolerance) (found []finding, blind []string) {
	t := tally(r.outcomes, now, tol)
	r.held = t.held
	days := windowText(r.window)
	switch {
	case t.sent == 0:
		return []finding{unproven(fmt.Sprintf("Huntress sent no incident report in the %s, so there is nothing to prove the flow with.", days), r)}, nil
	case r.haloErr != nil || r.haloSkipped != "":
		return []finding{uncheckedFinding(r, t.sent, days)}, slices.DeleteFunc(slices.Clone(flowIDs), func(id string) bool { return id == idUnchecked })
	}
	found = problemFindings(t, r, now, tol, days)
	if len(t.missing) > 0 {
		if r.incomplete != "" {
			blind = []string{idMissing}
		}
		return found, blind
	}
	return append(found, provenFinding(t, r, tol, days)), nil
}

// flowTally is the outcomes sorted by what is wrong with them.
type flowTally struct {
	sent, pending, byLink, held int
	missing, dups, open, wrong  []Outcome
}

func tally(outcomes []Outcome, now time.Time, tol Tolerance) flowTally {
	var t flowTally
	for _, o := range outcomes {
		t.sent++
		switch {
		case o.Pending:
			t.pending++
		case o.Missing():
			t.missing = append(t.missing, o)
		}
		if o.ByLink {
			t.byLink++
		}
		if o.Duplicate() {
			t.dups = append(t.dups, o)
		}
		if len(o.OpenAfterClose(now, tol)) > 0 {
			t.open = append(t.open, o)
		}
		t.held += len(o.HeldOpen(now, tol))
		if o.WrongClient() {
			t.wrong = append(t.wrong, o)
		}
	}
	return t
}

// uncheckedFinding is watch.flow-unchecked for reports whose tickets could
// not be looked for at all.
func uncheckedFinding(r flowResult, sent int, days string) finding {
	why := r.haloSkipped
	if r.haloErr != nil {
		why = "Halo's ticket list could not be read: " + r.haloErr.Error()
	}
	return finding{Finding: steps.Finding{ID: idUnchecked, Severity: steps.Warn,
		Message: fmt.Sprintf("Huntress sent %s in the %s, but %s, so whether they became tickets was not checked.", reports(sent), days, why),
		Fix:     []string{"Fix what the steps above report, then run the cycle again."}, Evidence: reportsEvidence(r)}}
}

// problemFindings are the findings of what is wrong with some reports'
// tickets: missing, duplicated, left open, on the wrong client.
func problemFindings(t flowTally, r flowResult, now time.Time, tol Tolerance, days string) []finding {
	var out []finding
	if len(t.missing) > 0 {
		out = append(out, missingFinding(t.missing, r, days))
	}
	if len(t.dups) > 0 {
		out = append(out, listFinding(idDuplicate, steps.Warn, t.dups,
			fmt.Sprintf("%s more than one Halo ticket: ", hasHave(len(t.dups), reports(len(t.dups)))), describeTickets,
			[]string{
				"In Halo, merge or close the extra tickets, keeping the oldest: Huntress updates only the ticket it created first.",
				"Duplicates come from Huntress resending after Halo answered slowly or with an error: if they recur, check the rate limit and the tenant's health.",
			}, r))
	}
	if len(t.open) > 0 {
		out = append(out, listFinding(idOpenAfterClose, steps.Warn, t.open,
			fmt.Sprintf("Huntress closed %s, but %s still open: ", reports(len(t.open)), steps.PluralWord(len(t.open), "its Halo ticket is", "their Halo tickets are")),
			func(o Outcome) string { return describeOpen(o, now, tol) },
			openAfterCloseFix(r.resolution), r))
	}
	if len(t.wrong) > 0 {
		out = append(out, listFinding(idWrongClient, steps.Warn, t.wrong,
			fmt.Sprintf("%s on another Halo client than the organization's mapping says: ", steps.PluralWord(len(t.wrong), "1 ticket is", fmt.Sprintf("%d tickets are", len(t.wrong)))), describeWrong,
			[]string{
				"In Huntress, open Integrations > HaloPSA and check the organization's mapped company.",
				"In Halo, move the tickets to the right client (Change Client on the ticket).",
				"If the mapping in halowiz is outdated, run halowiz to save the current one.",
			}, r))
	}
	return out
}

// provenFinding is watch.flow-proven when no report lacks its ticket, or
// watch.flow-unproven when every report went out too recently to tell.
func provenFinding(t flowTally, r flowResult, tol Tolerance, days string) finding {
	proven := t.sent - t.pending
	if proven == 0 {
		return unproven(fmt.Sprintf("Huntress sent %s in the last %s, too recently for %s to be expected yet.", reports(t.sent), tol.Grace, steps.PluralWord(t.sent, "its ticket", "their tickets")), r)
	}
	msg := fmt.Sprintf("Each of the %s Huntress sent in the %s has its Halo ticket (%d found by Huntress's link in the ticket, %d by summary, client and time).",
		reports(proven), days, t.byLink, proven-t.byLink)
	if proven == 1 {
		how := "summary, client and time"
		if t.byLink == 1 {
			how = "Huntress's link in the ticket"
		}
		msg = fmt.Sprintf("The incident report Huntress sent in the %s has its Halo ticket (found by %s).", days, how)
	}
	if t.pending > 0 {
		msg += fmt.Sprintf(" %d more went out in the last %s and %s not expected yet.", t.pending, tol.Grace, steps.PluralWord(t.pending, "is", "are"))
	}
	return finding{Finding: steps.Finding{ID: idProven, Severity: steps.Pass, Message: msg, Fix: []string{}, Evidence: reportsEvidence(r)}}
}

// openAfterCloseFix is watch.ticket-open-after-close's fix. When the
// status after resolution is an open status, the tickets in it are not
// these (Huntress set it), so what is left is that Huntress could not.
func openAfterCloseFix(resolution string) []string {
	first := "Check the status after resolution: it must be a closed status in Halo (see the mapping step), and the same one on Huntress's Integrations > HaloPSA map tickets tab."
	if resolution != "" {
		first = fmt.Sprintf("The status after resolution %q is an open status (mapping.resolution-status-not-closed): tickets Huntress resolves wait there for something else to close them. These are in another status: Huntress could not set it, or someone moved them since.", resolution)
	}
	return []string{
		first,
		"Check that the API agent may edit tickets assigned to others (Can Edit Tickets Which Are Not Assigned To Them): Huntress closes a ticket by changing its status.",
		"Close these tickets by hand once the incident is handled.",
	}
}

// missingFinding is watch.ticket-missing; when Halo's list was not read in
// full the tickets may be among those not read, so it is
// watch.flow-unchecked instead, which says so.
func missingFinding(missing []Outcome, r flowResult, days string) finding {
	if r.incomplete != "" {
		return listFinding(idUnchecked, steps.Warn, missing,
			fmt.Sprintf("Halo's ticket list was not read in full (%s), and %s Huntress sent in the %s %s no ticket among what was read: ", r.incomplete, reports(len(missing)), days, steps.PluralWord(len(missing), "has", "have")),
			describeReport,
			[]string{
				"Search Halo's tickets for these subjects: a report whose ticket is truly missing is watch.ticket-missing's case.",
				fmt.Sprintf("A cycle reads at most %d pages of %d tickets whose summary holds %q, to keep to its share of Halo's rate limit.", maxTicketPages, halo.TicketPageSize, huntressMarker),
			}, r)
	}
	return listFinding(idMissing, steps.Fail, missing,
		fmt.Sprintf("%s Huntress sent in the %s %s no Halo ticket: ", reports(len(missing)), days, steps.PluralWord(len(missing), "has", "have")), describeReport,
		[]string{
			"In Huntress, open Integrations > HaloPSA: check that the integration is connected and look for delivery errors, and check its platform actions.",
			"In Halo, search the tickets for the report's subject: a ticket routed to a team the API agent is not in is invisible to it (see the agent step).",
			"Fix what the steps above report, then send a test ticket from Huntress's Integrations > HaloPSA action menu and run the cycle again.",
		}, r)
}

func unproven(msg string, r flowResult) finding {
	return finding{Finding: steps.Finding{ID: idUnproven, Severity: steps.Info, Message: msg,
		Fix: []string{
			"To prove the ticket path now, run this cycle with --send-test-ticket: halowiz creates, reads back and closes one test ticket.",
			"Or send a test ticket from Huntress's Integrations > HaloPSA action menu.",
		},
		Evidence: reportsEvidence(r)}}
}

// listFinding names the reports of one finding, at most listed of them,
// with all of them in the evidence and the keys.
func listFinding(id string, sev steps.Severity, outs []Outcome, lead string, describe func(Outcome) string, fix []string, r flowResult) finding {
	var names, all []string
	keys := make([]string, 0, len(outs))
	for i, o := range outs {
		d := describe(o)
		if i < listed {
			names = append(names, d)
		}
		all = append(all, d)
		keys = append(keys, strconv.FormatInt(o.Report.ID, 10))
	}
	msg := lead + strings.Join(names, "; ")
	if len(outs) > listed {
		msg += fmt.Sprintf("; and %d more", len(outs)-listed)
	}
	return finding{Finding: steps.Finding{ID: id, Severity: sev, Message: msg + ".", Fix: fix,
		Evidence: strings.Join(all, "; ") + "; " + reportsEvidence(r)}, keys: keys}
}

func describeReport(o Outcome) string {
	return fmt.Sprintf("%q (report %d, sent %s)", o.Report.Subject, o.Report.ID, stamp(o.Report.Sent))
}

func describeTickets(o Outcome) string {
	return fmt.Sprintf("%q (report %d): tickets %s", o.Report.Subject, o.Report.ID, ticketIDs(o.Tickets))
}

func describeOpen(o Outcome, now time.Time, tol Tolerance) string {
	return fmt.Sprintf("%q (report %d, closed %s): ticket %s open", o.Report.Subject, o.Report.ID, stamp(o.Report.Closed), ticketIDs(o.OpenAfterClose(now, tol)))
}

func describeWrong(o Outcome) string {
	t := o.Tickets[0]
	return fmt.Sprintf("%q (report %d): ticket %d is on %s (client %d), the mapping says %s (client %d)",
		o.Report.Subject, o.Report.ID, t.ID, clientLabel(t.ClientName), t.ClientID, clientLabel(o.Expected.Name), o.Expected.ID)
}

func clientLabel(name string) string {
	if name == "" {
		return "a client"
	}
	return strconv.Quote(name)
}

func ticketIDs(ts []Ticket) string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = strconv.Itoa(t.ID)
	}
	return strings.Join(ids, ", ")
}

// reportsEvidence says what was read: the reports and the ticket list.
func reportsEvidence(r flowResult) string {
	ev := fmt.Sprintf("GET /v1/incident_reports (newest first, back %s): %d sent in the window", windowText(r.window), len(r.outcomes))
	if r.truncated {
		ev += " (the list stopped at its page limit: older reports were not read)"
	}
	if r.held > 0 {
		ev += fmt.Sprintf("; %s of reports Huntress closed %s in the status after resolution %q, an open status: Huntress did its part, and mapping.resolution-status-not-closed says why %s open",
			steps.Plural(r.held, "ticket", "tickets"), steps.PluralWord(r.held, "is", "are"), r.resolution, steps.PluralWord(r.held, "it stays", "they stay"))
	}
	if r.ticketQuery != "" {
		ev += fmt.Sprintf("; GET %s, in pages of %d: %d tickets", r.ticketQuery, halo.TicketPageSize, r.tickets)
		if r.incomplete != "" {
			ev += " (" + r.incomplete + ")"
		}
	}
	return ev
}

// windowText names the window: "last 7 days", "last 36h0m0s".
func windowText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		if days := int(d / (24 * time.Hour)); days != 1 {
			return fmt.Sprintf("last %d days", days)
		}
		return "last day"
	}
	return "last " + d.String()
}

// reports says n incident reports with the right noun.
func reports(n int) string { return steps.Plural(n, "incident report", "incident reports") }

// hasHave is "1 incident report has" or "3 incident reports have".
func hasHave(n int, things string) string { return things + " " + steps.PluralWord(n, "has", "have") }
