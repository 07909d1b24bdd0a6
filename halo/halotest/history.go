package halotest

import (
	"cmp"
	"net/url"
	"strings"
	"time"
)

// addTickets stores the tickets WithTickets gave, filling in what Halo
// would; t.mu need not be held, the tenant is not serving yet.
func (t *Tenant) addTickets(list []Ticket) {
	for _, tk := range list {
		tk.ID = t.nextTicketID
		t.nextTicketID++
		tk.TicketTypeID = cmp.Or(tk.TicketTypeID, defaultTicketTypeID)
		if c, ok := t.data.customer(tk.ClientID); ok {
			tk.SiteID = cmp.Or(tk.SiteID, c.mainSiteID)
			tk.UserID = cmp.Or(tk.UserID, t.data.siteByID[tk.SiteID].mainContact)
		}
		tk.Team = cmp.Or(tk.Team, teams[0].name)
		tk.StatusID = cmp.Or(tk.StatusID, statusNew)
		if st, ok := t.data.status(tk.StatusID); ok && st.closed && !tk.Closed {
			tk.Closed = true
		}
		if tk.Closed && tk.DateClosed.IsZero() {
			tk.DateClosed = tk.Created.Add(time.Hour)
		}
		if tk.Created.IsZero() {
			tk.Created = t.cfg.now()
		}
		t.tickets[tk.ID] = &tk
	}
}

// openedWindow reads Halo's date search on the opening date:
// datesearch=dateoccured (Halo's spelling; dateoccurred and datecreated are
// taken alike here) with startdate and enddate, either of which may be
// left out. ok is false when the query does not search by that date.
func openedWindow(q url.Values) (from, to time.Time, ok bool) {
	switch strings.ToLower(strings.TrimSpace(q.Get("datesearch"))) {
	case "dateoccured", "dateoccurred", "datecreated":
	default:
		return time.Time{}, time.Time{}, false
	}
	from, _ = parseDate(q.Get("startdate"))
	to, _ = parseDate(q.Get("enddate"))
	return from, to, true
}

// parseDate reads a date parameter the ways clients write them: RFC 3339,
// without a zone (UTC here), or a bare date.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if tm, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return tm, true
		}
	}
	return time.Time{}, false
}

// openedIn reports whether tk was opened in [from, to]; a zero bound is open.
func (tk *Ticket) openedIn(from, to time.Time) bool {
	return (from.IsZero() || !tk.Created.Before(from)) && (to.IsZero() || !tk.Created.After(to))
}
