package watch

import (
	"context"
	"fmt"
	"testing"
	"time"

	"halowiz/halo"
	"halowiz/halo/halotest"
)

func TestTicketPagesAreReadWithinTheCap(t *testing.T) {
	var tickets []halotest.Ticket
	for i := range 250 {
		tickets = append(tickets, halotest.Ticket{Summary: fmt.Sprintf("HIGH - Incident on PC-%d (Contoso Ltd)", i), ClientID: 2, Created: t0.Add(-time.Hour)})
	}
	tickets = append(tickets, halotest.Ticket{Summary: "Printer offline", ClientID: 2, Created: t0.Add(-time.Hour)})
	srv, err := halotest.Start(halotest.Healthy(), halotest.WithTickets(tickets...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	c := halo.New(halo.Options{Host: halotest.DefaultHost, ClientID: halotest.ClientID, ClientSecret: halotest.ClientSecret, HTTPClient: srv.Client()})
	q := halo.TicketQuery{OpenedSince: t0.Add(-2 * time.Hour), Search: huntressMarker}
	cases := []struct {
		maxPages, pages, tickets int
		incomplete               bool
	}{
		{10, 3, 250, false},
		{2, 2, 200, true},
	}
	for _, tc := range cases {
		before := srv.Tenant.Count("GET", "/api/Tickets")
		l, err := readTickets(context.Background(), c, q, tc.maxPages, 5*time.Second, rowStatuses{}, progress{})
		if err != nil {
			t.Fatal(err)
		}
		asked := srv.Tenant.Count("GET", "/api/Tickets") - before
		if asked != tc.pages || l.pages != tc.pages || len(l.tickets) != tc.tickets || (l.incomplete != "") != tc.incomplete {
			t.Errorf("at most %d pages: asked %d, read %d pages, %d tickets, incomplete %q", tc.maxPages, asked, l.pages, len(l.tickets), l.incomplete)
		}
	}
}

func TestARowIsClosedByHalosWordAndByItsStatusOnlyWithoutIt(t *testing.T) {
	l := ticketList{statuses: rowStatuses{closed: map[int]bool{9: true, 10: true}}}
	no := false
	l.add([]halo.Ticket{
		{ID: 1, StatusID: 9}, // the list left out hasbeenclosed
		{ID: 2, StatusID: 2}, // In Progress
		{ID: 3, StatusID: 2, DateClosed: "2026-11-27T08:00:00Z"}, // closed by date
		{ID: 4, StatusID: 1, HasBeenClosed: &no},
		{ID: 5, StatusID: 9, HasBeenClosed: &no},                // Halo's own word beats the status
		{ID: 6, StatusID: 9, DateClosed: "0001-01-01T00:00:00"}, // no closing date: not closed
		{ID: 1, StatusID: 9},                                    // the same row again, from the next page
	})
	got := ""
	for _, tk := range l.tickets {
		got += fmt.Sprintf("%d:%t ", tk.ID, tk.Closed)
	}
	if got != "1:true 2:false 3:true 4:false 5:false 6:false " {
		t.Errorf("closed = %s", got)
	}
}

func TestARowInAnOpenStatusAfterResolutionIsMarked(t *testing.T) {
	l := ticketList{statuses: rowStatuses{closed: map[int]bool{9: true}, resolution: 20}}
	no := false
	l.add([]halo.Ticket{{ID: 1, StatusID: 20, HasBeenClosed: &no}, {ID: 2, StatusID: 2, HasBeenClosed: &no}})
	if !l.tickets[0].Resolved || l.tickets[1].Resolved {
		t.Errorf("resolved: %t %t, want only the row in status 20", l.tickets[0].Resolved, l.tickets[1].Resolved)
	}
}
