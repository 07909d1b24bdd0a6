package halotest_test

import (
	"net/url"
	"testing"
	"time"

	"halowiz/halo/halotest"
)

// history is a tenant whose clock stands still, with three tickets an
// integration logged over a week.
func history(t *testing.T, extra ...halotest.Option) (*session, time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	opts := append([]halotest.Option{halotest.WithClock(func() time.Time { return now }),
		halotest.WithTickets(
			halotest.Ticket{Summary: "HIGH - Incident on DESKTOP-ARL0EQ1 (Contoso Ltd)", ClientID: 2, Created: now.Add(-2 * time.Hour),
				Details: "https://demo-msp.huntress.io/org/101/incident_reports/5001"},
			halotest.Ticket{Summary: "LOW - Incident on SRV-FILE01 (Northwind Traders)", ClientID: 3, Created: now.Add(-72 * time.Hour), StatusID: 9},
			halotest.Ticket{Summary: "Password reset", ClientID: 3, Created: now.Add(-time.Hour)},
		)}, extra...)
	return newSession(t, start(t, halotest.Healthy(), opts...)).login("all"), now
}

type listed struct {
	RecordCount int `json:"record_count"`
	Tickets     []struct {
		ID            int    `json:"id"`
		Summary       string `json:"summary"`
		ClientID      int    `json:"client_id"`
		UserID        int    `json:"user_id"`
		Team          string `json:"team"`
		HasBeenClosed bool   `json:"hasbeenclosed"`
		DateCreated   string `json:"datecreated"`
		DateClosed    string `json:"dateclosed"`
	} `json:"tickets"`
}

func TestAddedTicketsAreFilledInAsHaloWould(t *testing.T) {
	t.Parallel()
	s, _ := history(t)
	var l listed
	s.get("/api/Tickets?search=Incident+on").decode(t, &l)
	if l.RecordCount != 2 {
		t.Fatalf("search found %d tickets, want the 2 Huntress ones: %+v", l.RecordCount, l)
	}
	first, second := l.Tickets[0], l.Tickets[1]
	if first.ID != 1004 || first.UserID == 0 || first.Team != "Service Desk" || first.HasBeenClosed || first.DateCreated != "2026-11-27T07:30:00Z" {
		t.Errorf("open ticket = %+v", first)
	}
	if !second.HasBeenClosed || second.DateClosed == "" {
		t.Errorf("a ticket in the closed status Closed = %+v, want hasbeenclosed and a dateclosed", second)
	}
}

func TestTicketsAreSearchedByOpeningDate(t *testing.T) {
	t.Parallel()
	s, now := history(t)
	cases := []struct {
		query string
		want  int
	}{
		{"datesearch=dateoccured&startdate=" + url.QueryEscape(now.Add(-3*time.Hour).Format("2006-01-02T15:04:05")), 2},
		{"datesearch=dateoccurred&startdate=" + url.QueryEscape(now.Add(-3*time.Hour).Format(time.RFC3339)) + "&search=Incident", 1},
		{"datesearch=dateoccured&startdate=2026-11-24T12:00:00&enddate=2026-11-26", 1}, // one seeded ticket
		{"startdate=2026-11-27", 6}, // no datesearch: the dates are not a filter
	}
	for _, c := range cases {
		var l listed
		s.get("/api/Tickets?"+c.query).decode(t, &l)
		if l.RecordCount != c.want {
			t.Errorf("%s: %d tickets, want %d", c.query, l.RecordCount, c.want)
		}
	}
}

func TestInstanceInfoAnswersTheVersionGiven(t *testing.T) {
	t.Parallel()
	s, _ := history(t, halotest.WithAppVersion("2.190.3"))
	var info struct {
		AppVersion string `json:"app_version"`
	}
	s.get("/api/InstanceInfo").decode(t, &info)
	if info.AppVersion != "2.190.3" {
		t.Errorf("app_version %q, want the upgraded 2.190.3", info.AppVersion)
	}
}
