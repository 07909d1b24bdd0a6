package huntress_test

import (
	"encoding/json"
	"testing"
	"time"

	"halowiz/huntress"
	"halowiz/huntress/huntresstest"
)

var now = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// reportsEveryHour is n reports, one sent each hour before now, newest
// with the highest id.
func reportsEveryHour(n int) []huntresstest.IncidentReport {
	var out []huntresstest.IncidentReport
	for i := range n {
		sent := now.Add(-time.Duration(n-i) * time.Hour)
		out = append(out, huntresstest.IncidentReport{ID: int64(1 + i), OrganizationID: 101, Host: "PC-1",
			Created: sent.Add(-time.Minute), Sent: sent})
	}
	return out
}

func TestIncidentReportsStopAtTheWindow(t *testing.T) {
	t.Parallel()
	sim, opts := simulate(t, huntresstest.WithIncidentReports(reportsEveryHour(1400)...))
	c := huntress.New(opts)
	cases := []struct {
		since     time.Duration
		maxPages  int
		pages     int
		atLeast   int
		truncated bool
	}{
		{since: 10 * time.Hour, pages: 1, atLeast: 10},
		{since: 600 * time.Hour, pages: 2, atLeast: 600},
		{since: 2000 * time.Hour, pages: 3, atLeast: 1400},
		{since: 2000 * time.Hour, maxPages: 2, pages: 2, atLeast: 1000, truncated: true},
	}
	for _, tc := range cases {
		before := sim.Stats().Requests
		list, err := c.IncidentReports(deadline(t, 10*time.Second), huntress.IncidentReportQuery{UpdatedSince: now.Add(-tc.since), MaxPages: tc.maxPages})
		if err != nil {
			t.Fatal(err)
		}
		if pages := sim.Stats().Requests - before; pages != tc.pages || len(list.Reports) < tc.atLeast || list.Truncated != tc.truncated {
			t.Errorf("since %s: %d pages, %d reports, truncated %t; want %d pages, at least %d, truncated %t",
				tc.since, pages, len(list.Reports), list.Truncated, tc.pages, tc.atLeast, tc.truncated)
		}
		if first := list.Reports[0]; first.ID != 1400 || first.Subject != "HIGH - Incident on PC-1 (Contoso Ltd)" {
			t.Errorf("newest report = %+v", first)
		}
	}
}

func TestIncidentReportTimes(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithIncidentReports(
		huntresstest.IncidentReport{ID: 1, OrganizationID: 101, Host: "A", Created: now.Add(-3 * time.Hour), Sent: now.Add(-2 * time.Hour), Status: "closed", Closed: now.Add(-time.Hour)},
		huntresstest.IncidentReport{ID: 2, OrganizationID: 101, Host: "B", Created: now.Add(-3 * time.Hour), Status: "dismissed"},
	))
	list, err := huntress.New(opts).IncidentReports(deadline(t, 5*time.Second), huntress.IncidentReportQuery{})
	if err != nil {
		t.Fatal(err)
	}
	closedOne, notSent := list.Reports[0], list.Reports[1]
	sent, sentOK := closedOne.Sent()
	closed, closedOK := closedOne.Closed()
	if !sentOK || !sent.Equal(now.Add(-2*time.Hour)) || !closedOK || !closed.Equal(now.Add(-time.Hour)) {
		t.Errorf("closed report: sent %v %t, closed %v %t", sent, sentOK, closed, closedOK)
	}
	if _, ok := notSent.Sent(); ok {
		t.Errorf("a dismissed report that was never sent reads as sent: %+v", notSent)
	}
}

func TestPlatformActionsByStatus(t *testing.T) {
	t.Parallel()
	_, opts := simulate(t, huntresstest.WithPlatformActions(
		huntresstest.PlatformAction{ID: 7, Subject: "Unable to send incident reports to your PSA", Type: "Integration Issue", Organizations: []int64{101}, Created: now},
		huntresstest.PlatformAction{ID: 8, Subject: "Defender Disabled", Overdue: true, Created: now},
	))
	c := huntress.New(opts)
	open, err := c.PlatformActions(deadline(t, 5*time.Second), "open")
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].ID != 7 || open[0].Type != "Integration Issue" || len(open[0].Organizations) != 1 || open[0].Organizations[0].Name != "Contoso Ltd" {
		t.Errorf("open actions = %+v", open)
	}
	overdue, err := c.PlatformActions(deadline(t, 5*time.Second), "overdue")
	if err != nil || len(overdue) != 1 || overdue[0].ID != 8 {
		t.Errorf("overdue actions = %+v, %v", overdue, err)
	}
}

func TestActionOrganizationsReadInEitherShape(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`[{"id":1234,"name":"ExampleCo"}]`, `["ExampleCo"]`} {
		var refs huntress.OrgRefs
		if err := json.Unmarshal([]byte(raw), &refs); err != nil || len(refs) != 1 || refs[0].Name != "ExampleCo" {
			t.Errorf("%s read as %+v, %v", raw, refs, err)
		}
	}
}
