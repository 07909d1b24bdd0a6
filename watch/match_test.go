package watch

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

const (
	subjA = "HIGH - Incident on DESKTOP-ARL0EQ1 (Contoso Ltd)"
	subjB = "LOW - Incident on SRV-FILE01 (Northwind Traders)"
	link  = "<p>Investigative Summary</p><a href=\"https://demo-msp.huntress.io/org/101/incident_reports/%d\">View in Huntress</a>"
)

var contoso, northwind = Client{2, "Contoso Ltd"}, Client{3, "Northwind Traders"}

func rep(id int64, subject string, sentAgo time.Duration) Report {
	org := int64(101)
	if strings.Contains(subject, "Northwind") {
		org = 102
	}
	return Report{ID: id, OrgID: org, Subject: subject, Sent: t0.Add(-sentAgo)}
}

func tk(id int, summary string, client int, openedAgo time.Duration) Ticket {
	return Ticket{ID: id, Summary: summary, ClientID: client, Opened: t0.Add(-openedAgo)}
}

func linked(t Ticket, report int64) Ticket {
	t.Details = fmt.Sprintf(link, report)
	return t
}

// outline is each outcome in one line: report, its tickets, and what is
// wrong with it.
func outline(outs []Outcome) string {
	var lines []string
	for _, o := range outs {
		var ids []string
		for _, t := range o.Tickets {
			ids = append(ids, fmt.Sprint(t.ID))
		}
		line := fmt.Sprintf("%d:[%s]", o.Report.ID, strings.Join(ids, ","))
		for flag, on := range map[string]bool{" link": o.ByLink, " missing": o.Missing(), " pending": o.Pending,
			" duplicate": o.Duplicate(), " wrong-client": o.WrongClient(), " open-after-close": len(o.OpenAfterClose(t0, DefaultTolerance)) > 0} {
			if on {
				line += flag
			}
		}
		lines = append(lines, sortedFlags(line))
	}
	return strings.Join(lines, "; ")
}

// sortedFlags orders the flags after the ids, so map order does not matter.
func sortedFlags(line string) string {
	head, flags, _ := strings.Cut(line, " ")
	if flags == "" {
		return head
	}
	f := strings.Fields(flags)
	for i := range f {
		for j := i + 1; j < len(f); j++ {
			if f[j] < f[i] {
				f[i], f[j] = f[j], f[i]
			}
		}
	}
	return head + " " + strings.Join(f, " ")
}

func TestMatchFindsEachReportsTicket(t *testing.T) {
	h := time.Hour
	closed := func(r Report, ago time.Duration) Report { r.Closed = t0.Add(-ago); return r }
	shut := func(t Ticket) Ticket { t.Closed = true; return t }
	expect := map[int64]Client{101: contoso, 102: northwind}
	cases := []struct {
		name    string
		reports []Report
		tickets []Ticket
		want    string
	}{
		{"by link", []Report{rep(1, subjA, 2*h)}, []Ticket{linked(tk(10, "renamed by a technician", 2, 2*h), 1)}, "1:[10] link"},
		{"by summary, client and time", []Report{rep(1, subjA, 2*h)}, []Ticket{tk(10, subjA, 2, 2*h-time.Minute)}, "1:[10]"},
		{"summary compared without case and extra spaces", []Report{rep(1, subjA, 2*h)}, []Ticket{tk(10, "  high - incident on  DESKTOP-ARL0EQ1 (Contoso Ltd) ", 2, 2*h)}, "1:[10]"},
		{"no ticket", []Report{rep(1, subjA, 2*h)}, []Ticket{tk(10, subjB, 3, 2*h)}, "1:[] missing"},
		{"no ticket yet, within the grace", []Report{rep(1, subjA, 5*time.Minute)}, nil, "1:[] pending"},
		{"opened a day and more after sending is not it", []Report{rep(1, subjA, 30*h)}, []Ticket{tk(10, subjA, 2, 2*h)}, "1:[] missing"},
		{"opened well before sending is not it", []Report{rep(1, subjA, 2*h)}, []Ticket{tk(10, subjA, 2, 3*h)}, "1:[] missing"},
		{"two tickets for one report", []Report{rep(1, subjA, 2*h)}, []Ticket{tk(10, subjA, 2, 2*h), tk(11, subjA, 2, 2*h-time.Minute)}, "1:[10,11] duplicate"},
		{"two linked tickets for one report", []Report{rep(1, subjA, 2*h)}, []Ticket{linked(tk(11, subjA, 2, 2*h), 1), linked(tk(10, subjA, 2, 2*h), 1)}, "1:[10,11] duplicate link"},
		{"the same host twice: each ticket to the report sent nearest", []Report{rep(1, subjA, 50*h), rep(2, subjA, 2*h)},
			[]Ticket{tk(10, subjA, 2, 50*h), tk(11, subjA, 2, 2*h)}, "1:[10]; 2:[11]"},
		{"the same host twice, the second ticket never came", []Report{rep(1, subjA, 50*h), rep(2, subjA, 2*h)},
			[]Ticket{tk(10, subjA, 2, 50*h)}, "1:[10]; 2:[] missing"},
		{"a ticket linked to an older report is no one's here", []Report{rep(2, subjA, 2*h)}, []Ticket{linked(tk(10, subjA, 2, 2*h), 1)}, "2:[] missing"},
		{"a linked report takes no ticket by summary", []Report{rep(1, subjA, 2*h)}, []Ticket{linked(tk(10, subjA, 2, 2*h), 1), tk(11, subjA, 2, 2*h)}, "1:[10] link"},
		{"on another client than the mapping says", []Report{rep(1, subjA, 2*h)}, []Ticket{tk(10, subjA, 3, 2*h)}, "1:[10] wrong-client"},
		{"linked, on another client", []Report{rep(1, subjA, 2*h)}, []Ticket{linked(tk(10, subjA, 3, 2*h), 1)}, "1:[10] link wrong-client"},
		{"one ticket is one report's only", []Report{rep(1, subjA, 3*h), rep(2, subjA, 2*h)},
			[]Ticket{tk(10, subjA, 2, 2*h)}, "1:[]missing; 2:[10]"},
		{"closed report, ticket open", []Report{closed(rep(1, subjB, 30*h), 2*h)}, []Ticket{tk(10, subjB, 3, 30*h)}, "1:[10] open-after-close"},
		{"closed report, ticket closed", []Report{closed(rep(1, subjB, 30*h), 2*h)}, []Ticket{shut(tk(10, subjB, 3, 30*h))}, "1:[10]"},
		{"closed just now: Huntress may still be closing it", []Report{closed(rep(1, subjB, 30*h), time.Minute)}, []Ticket{tk(10, subjB, 3, 30*h)}, "1:[10]"},
		{"a ticket without a readable date still matches by summary", []Report{rep(1, subjA, 2*h)}, []Ticket{{ID: 10, Summary: subjA, ClientID: 2}}, "1:[10]"},
	}
	for _, c := range cases {
		got := outline(Match(c.reports, c.tickets, expect, t0, DefaultTolerance))
		want := strings.ReplaceAll(c.want, "[]missing", "[] missing")
		if got != want {
			t.Errorf("%s:\n got  %s\n want %s", c.name, got, want)
		}
	}
}

func TestUnmappedOrganizationsMatchOnAnyClient(t *testing.T) {
	r := Report{ID: 1, OrgID: 103, Subject: "LOW - Incident on MAC-02 (Fabrikam Inc)", Sent: t0.Add(-time.Hour)}
	got := outline(Match([]Report{r}, []Ticket{tk(10, r.Subject, 4, time.Hour)}, map[int64]Client{101: contoso}, t0, DefaultTolerance))
	if got != "1:[10]" {
		t.Errorf("got %s, want the ticket on whatever client Huntress was mapped to by hand", got)
	}
}

// TestZoneLessDatesOfATenantOffUTCStillMatch: Halo may write a ticket's
// dates in the tenant's time zone without saying so; read as UTC, a UTC-5
// tenant's ticket seems opened five hours before Huntress sent the report.
func TestZoneLessDatesOfATenantOffUTCStillMatch(t *testing.T) {
	h := time.Hour
	sent := 20 * h // the report went out 20 hours before t0
	local := func(offset, openedAfter time.Duration, zoned bool) Ticket {
		tk := tk(10, subjA, 2, sent-openedAfter-offset) // the wall clock of a tenant at UTC+offset, read as UTC
		tk.NoZone = !zoned
		return tk
	}
	cases := []struct {
		name string
		tk   Ticket
		want string
	}{
		{"UTC-5, opened a minute after sending, no zone", local(-5*h, time.Minute, false), "1:[10]"},
		{"UTC-12, opened a minute after sending, no zone", local(-12*h, time.Minute, false), "1:[10]"},
		{"UTC+10, opened 20 hours late (Huntress retried), no zone", local(10*h, 20*h, false), "1:[10]"},
		{"UTC, no zone", local(0, time.Minute, false), "1:[10]"},
		{"with its zone, five hours before sending is not it", local(0, -5*h, true), "1:[] missing"},
		{"no zone, 15 hours before sending is beyond any zone", local(0, -15*h, false), "1:[] missing"},
	}
	for _, c := range cases {
		got := outline(Match([]Report{rep(1, subjA, sent)}, []Ticket{c.tk}, map[int64]Client{101: contoso}, t0, DefaultTolerance))
		if got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
