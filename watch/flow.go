package watch

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"halowiz/halo"
	"halowiz/huntress"
)

// Bounds of what one cycle reads, so that it keeps to its share of the
// rate limits whatever the tenant holds.
const (
	// maxReportPages bounds Huntress's incident report pages (500 each).
	maxReportPages = 4
	// maxTicketPages bounds Halo's ticket pages (100 each).
	maxTicketPages = 10
	// pagesInFlight bounds the ticket pages asked for at once.
	pagesInFlight = 4
	// zoneMargin is how far a date without a zone may be off: Halo may
	// read the date it is asked to list from, and write a ticket's dates,
	// in the tenant's time zone, and no zone is more than 14 h off UTC. It
	// widens the list's start, and the window a zone-less ticket is matched
	// in (see nearest).
	zoneMargin = 14 * time.Hour
	// huntressMarker is in every subject Huntress gives a report, hence in
	// every summary of its tickets: Halo's search narrows the list by it.
	huntressMarker = "Incident on"
)

// readReports lists the incident reports Huntress sent since since.
func readReports(ctx context.Context, c *huntress.Client, since time.Time, timeout time.Duration, p progress) (reports []Report, truncated bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout*maxReportPages)
	defer cancel()
	done := p.wait("Listing the incident reports Huntress sent since "+stamp(since)+" (GET /v1/incident_reports, 500 per page)", timeout*maxReportPages)
	list, err := c.IncidentReports(ctx, huntress.IncidentReportQuery{UpdatedSince: since, MaxPages: maxReportPages})
	done(err)
	if err != nil {
		return nil, false, err
	}
	for _, r := range list.Reports {
		sent, ok := r.Sent()
		if !ok || sent.Before(since) {
			continue
		}
		closed, _ := r.Closed()
		reports = append(reports, Report{ID: r.ID, OrgID: r.OrganizationID, Subject: r.Subject, Sent: sent, Closed: closed})
	}
	return reports, list.Truncated, nil
}

// ticketQuery is the Halo list that holds the reports' tickets: opened
// since the first report was sent (with margins), narrowed by Huntress's
// marker when every subject carries it. It is not narrowed by client, so
// that a ticket on the wrong client is found too.
func ticketQuery(reports []Report, tol Tolerance) halo.TicketQuery {
	first := reports[0].Sent
	marked := true
	for _, r := range reports {
		if r.Sent.Before(first) {
			first = r.Sent
		}
		marked = marked && strings.Contains(strings.ToLower(r.Subject), strings.ToLower(huntressMarker))
	}
	q := halo.TicketQuery{OpenedSince: first.Add(-tol.Before - zoneMargin)}
	if marked {
		q.Search = huntressMarker
	}
	return q
}

// ticketList is what was read of Halo's ticket list.
type ticketList struct {
	tickets    []Ticket
	seen       map[int]bool
	statuses   rowStatuses
	pages      int // pages read
	total      int // pages the list has
	incomplete string
}

// rowStatuses is what a ticket's status says where the row says nothing
// itself.
type rowStatuses struct {
	// closed are the ids of the statuses Halo counts closed (the ones its
	// excludeclosed filter leaves out).
	closed map[int]bool
	// resolution is the status after resolution when Halo counts it open
	// (mapping.resolution-status-not-closed), 0 otherwise: a ticket in it
	// is where Huntress leaves the tickets it resolves.
	resolution int
}

// readTickets reads every page of the list q names, the first alone (it
// says how many there are), the others at most pagesInFlight at a time,
// and at most maxPages in all. Each page has its own deadline. A row in
// one of st's closed statuses is closed when the list leaves out both
// hasbeenclosed and dateclosed.
func readTickets(ctx context.Context, c *halo.Client, q halo.TicketQuery, maxPages int, timeout time.Duration, st rowStatuses, p progress) (ticketList, error) {
	page := func(n int) (halo.TicketList, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		pq := q
		pq.Page = n
		done := p.wait(fmt.Sprintf("Listing the week's Huntress tickets in Halo, page %d (GET /api/Tickets)", n), timeout)
		l, err := c.Tickets(ctx, pq)
		done(err)
		return l, err
	}
	first, err := page(1)
	if err != nil {
		return ticketList{}, err
	}
	l := ticketList{pages: 1, total: 1, statuses: st}
	l.add(first.Tickets)
	if rows := len(first.Tickets); rows > 0 && first.RecordCount > rows {
		l.total = (first.RecordCount + rows - 1) / rows
	}
	last := min(l.total, maxPages)
	if last < l.total {
		l.incomplete = fmt.Sprintf("%d of %d pages read: halowiz reads at most %d per cycle to stay within Halo's rate limit", last, l.total, maxPages)
	}
	rest := make([]halo.TicketList, max(last-1, 0))
	errs := make([]error, len(rest))
	turn := make(chan struct{}, pagesInFlight)
	var wg sync.WaitGroup
	for n := 2; n <= last; n++ {
		turn <- struct{}{}
		wg.Go(func() {
			defer func() { <-turn }()
			rest[n-2], errs[n-2] = page(n)
		})
	}
	wg.Wait()
	for i, p := range rest {
		if errs[i] != nil {
			return ticketList{}, fmt.Errorf("page %d of %d: %w", i+2, l.total, errs[i])
		}
		l.add(p.Tickets)
		l.pages++
	}
	return l, nil
}

// add keeps each ticket once: one can move between pages while they are
// read.
func (l *ticketList) add(rows []halo.Ticket) {
	if l.seen == nil {
		l.seen = map[int]bool{}
	}
	for _, t := range rows {
		if !l.seen[t.ID] {
			l.seen[t.ID] = true
			opened, zoned, _ := t.Opened()
			l.tickets = append(l.tickets, Ticket{ID: t.ID, Summary: t.Summary, Details: t.Details, ClientID: t.ClientID,
				ClientName: t.ClientName, Opened: opened, NoZone: !zoned, Closed: l.isClosed(t),
				Resolved: l.statuses.resolution != 0 && t.StatusID == l.statuses.resolution})
		}
	}
}

// isClosed is Halo's own word on a row's closure (issue 9: closure is
// proven by hasbeenclosed or dateclosed, never by a status id alone); only
// a row that carries neither is judged by its status.
func (l *ticketList) isClosed(t halo.Ticket) bool {
	if t.SaysIfClosed() {
		return t.IsClosed()
	}
	return l.statuses.closed[t.StatusID]
}
