package watchtest

import (
	"fmt"
	"slices"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
)

// The Halo client each simulated organization's tickets go to, by
// Huntress's exact-name mapping (the healthy demo's organizations).
var clientOf = map[int64]int{101: 2, 102: 3, 103: 4}

// Halo's status ids the tickets take (halotest's).
const (
	statusNew        = 1
	statusInProgress = 2
	statusClosed     = 9
)

// healthyReports are the incident reports of the healthy account, relative
// to now: five sent this week (two on the same host, two closed since), one
// sent before the window, one Huntress dismissed without sending.
func healthyReports(now time.Time) []huntresstest.IncidentReport {
	h := time.Hour
	report := func(id, org int64, sev, host string, sentAgo time.Duration) huntresstest.IncidentReport {
		sent := now.Add(-sentAgo)
		return huntresstest.IncidentReport{ID: id, OrganizationID: org, Severity: sev, Host: host,
			Subject: huntresstest.IncidentSubject(sev, host, orgName(org)), Created: sent.Add(-20 * time.Minute), Sent: sent}
	}
	closed := func(r huntresstest.IncidentReport, after time.Duration) huntresstest.IncidentReport {
		r.Status, r.Closed = "closed", r.Sent.Add(after)
		return r
	}
	dismissed := report(5006, 102, "low", "KIOSK-03", 30*h)
	dismissed.Status, dismissed.Sent = "dismissed", time.Time{}
	return []huntresstest.IncidentReport{
		report(5000, 101, "low", "LAPTOP-OLD", 10*24*h), // before the window
		report(5001, 101, "high", "DESKTOP-ARL0EQ1", 2*h),
		closed(report(5002, 102, "critical", "SRV-FILE01", 26*h), 20*h),
		closed(report(5003, 101, "low", "LAPTOP-7Q2M", 3*24*h), 4*h),
		report(5004, 101, "high", "DESKTOP-ARL0EQ1", 5*24*h), // the same host as 5001
		report(5005, 103, "low", "MAC-DESIGN-02", 4*24*h),
		dismissed,
	}
}

// orgName is the simulated organization's name.
func orgName(id int64) string {
	for _, o := range huntresstest.MatchingOrganizations() {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// platformActions are the account's actions: one about a host, open, and
// one about the PSA that Huntress resolved last month; with psa, an open
// one about the PSA too.
func platformActions(now time.Time, psa bool) []huntresstest.PlatformAction {
	actions := []huntresstest.PlatformAction{
		{ID: 901, Subject: "Defender Disabled", Type: "Environmental Issue", Subtype: "defender_disabled", Severity: "low",
			Organizations: []int64{101}, Created: now.Add(-50 * time.Hour)},
		{ID: 870, Subject: "Unable to send incident reports to your PSA", Type: "Integration Issue", Subtype: "psa_integration",
			Severity: "high", Status: "resolved", Created: now.Add(-40 * 24 * time.Hour), Resolved: now.Add(-39 * 24 * time.Hour)},
	}
	if psa {
		actions = append(actions, huntresstest.PlatformAction{ID: 902, Subject: "Unable to send incident reports to your PSA",
			Type: "Integration Issue", Subtype: "psa_integration", Severity: "high", Overdue: true, Created: now.Add(-6 * time.Hour)})
	}
	return actions
}

// ticketsFor are the tickets Huntress's integration made in Halo for the
// reports it sent, with the flow's faults: a summary that is the subject,
// details with the link to the report (but for two, as older versions of
// the integration wrote them), opened a minute after sending, closed with
// the report.
func ticketsFor(reports []huntresstest.IncidentReport, f Flow) []halotest.Ticket {
	var out []halotest.Ticket
	for _, r := range reports {
		if r.Sent.IsZero() || slices.Contains(f.Missing, r.ID) {
			continue
		}
		t := halotest.Ticket{Summary: r.Subject, ClientID: clientOf[r.OrganizationID], Created: r.Sent.Add(time.Minute),
			Details: details(r, !slices.Contains(unlinkedReports, r.ID)), StatusID: statusNew}
		if !r.Closed.IsZero() {
			t.StatusID, t.Closed, t.DateClosed = statusClosed, true, r.Closed.Add(2*time.Minute)
		}
		if slices.Contains(f.LeftOpen, r.ID) {
			t.StatusID, t.Closed, t.DateClosed = statusInProgress, false, time.Time{}
		}
		if slices.Contains(f.WrongClient, r.ID) {
			t.ClientID = otherClient(t.ClientID)
		}
		out = append(out, t)
		if slices.Contains(f.Duplicated, r.ID) {
			again := t
			again.Created = t.Created.Add(3 * time.Minute)
			out = append(out, again)
		}
	}
	return out
}

// unlinkedReports are the healthy reports whose tickets carry no link to
// the report, as an older integration wrote them: found by summary.
var unlinkedReports = []int64{5003, 5005}

func otherClient(id int) int {
	if id == 3 {
		return 2
	}
	return 3
}

// details is the ticket body the integration writes: the sections of the
// report and, with link, the address of the report in Huntress's portal.
func details(r huntresstest.IncidentReport, link bool) string {
	body := fmt.Sprintf("<h2>Investigative Summary</h2><p>Huntress detected a malicious scheduled task on %s.</p><h2>Remediations</h2><p>Delete the scheduled task.</p><p>Organization: %s</p>",
		r.Host, orgName(r.OrganizationID))
	if link {
		body += fmt.Sprintf(`<p><a href="https://demo-msp.huntress.io/org/%d/incident_reports/%d">View the incident report in Huntress</a></p>`, r.OrganizationID, r.ID)
	}
	return body
}

// otherTickets are the rest of the tenant's week: tickets no integration
// logged, for the list the flow check reads to hold more than Huntress's.
func otherTickets(now time.Time, n int) []halotest.Ticket {
	topics := []string{"Password reset", "New starter laptop setup", "Printer offline", "VPN drops every hour", "Mailbox full",
		"Teams camera not working", "Shared drive permissions", "Monitor flickers"}
	out := make([]halotest.Ticket, n)
	for i := range n {
		out[i] = halotest.Ticket{Summary: fmt.Sprintf("%s (%d)", topics[i%len(topics)], i+1), ClientID: 2 + i%4,
			Created: now.Add(-time.Duration(i%(7*24*60)) * time.Minute), StatusID: statusNew}
	}
	return out
}

// generatedReports are n reports sent over the last six days, across the
// three mapped organizations, every other one closed since.
func generatedReports(now time.Time, n int) []huntresstest.IncidentReport {
	span := 6 * 24 * time.Hour
	out := make([]huntresstest.IncidentReport, n)
	for i := range n {
		org := []int64{101, 102, 103}[i%3]
		sev := []string{"low", "high", "critical"}[i%3]
		host := fmt.Sprintf("PC-%04d", i)
		sent := now.Add(-time.Hour - span*time.Duration(i)/time.Duration(max(n, 1)))
		r := huntresstest.IncidentReport{ID: int64(10000 + i), OrganizationID: org, Severity: sev, Host: host,
			Subject: huntresstest.IncidentSubject(sev, host, orgName(org)), Created: sent.Add(-10 * time.Minute), Sent: sent}
		if i%2 == 1 {
			r.Status, r.Closed = "closed", sent.Add(30*time.Minute)
		}
		out[i] = r
	}
	return out
}
