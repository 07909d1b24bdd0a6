package halo

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The typed calls below are the whole of Halo's API that halowiz uses.
// Each names its endpoint in Halo's usual casing; send does the rest.

func get(path string, q url.Values) request {
	return request{method: http.MethodGet, path: path, query: q}
}

func details() url.Values { return url.Values{"includedetails": {"true"}} }

func itoa(n int) string { return strconv.Itoa(n) }

// Me is GET /api/Agent/me: the agent the application logs in as. An answer
// without the agent's id is an error, not an agent.
func (c *Client) Me(ctx context.Context) (Agent, error) {
	return getValid(ctx, c, get("/api/Agent/me", nil), Agent.identified)
}

// Agent is GET /api/Agent/{id}?includedetails=true, which adds the agent's
// teams, departments and roles.
func (c *Client) Agent(ctx context.Context, id int) (Agent, error) {
	return getValid(ctx, c, get("/api/Agent/"+itoa(id), details()), Agent.identified)
}

// TicketTypes is GET /api/TicketType: the ticket types the agent may see.
func (c *Client) TicketTypes(ctx context.Context) ([]TicketType, error) {
	types, _, err := getList[TicketType](ctx, c, get("/api/TicketType", nil), "tickettypes")
	return types, err
}

// TicketType is GET /api/TicketType/{id}?includedetails=true, which adds the
// field list with each field's mandatory flag and default.
func (c *Client) TicketType(ctx context.Context, id int) (TicketType, error) {
	return getOne[TicketType](ctx, c, get("/api/TicketType/"+itoa(id), details()))
}

// Statuses is GET /api/Status?type=ticket: every ticket status.
func (c *Client) Statuses(ctx context.Context) ([]Status, error) {
	list, _, err := getList[Status](ctx, c, get("/api/Status", url.Values{"type": {"ticket"}}), "statuses")
	return list, err
}

// OpenStatuses is GET /api/Status?type=ticket&excludeclosed=true: the
// statuses Halo itself counts as not closed. The closed statuses are those
// of Statuses that this leaves out.
func (c *Client) OpenStatuses(ctx context.Context) ([]Status, error) {
	q := url.Values{"type": {"ticket"}, "excludeclosed": {"true"}}
	list, _, err := getList[Status](ctx, c, get("/api/Status", q), "statuses")
	return list, err
}

// ProbeCustomers is GET /api/Client?count=1: the number of clients the
// agent can read, which proves "Customers read" at the cost of one row.
func (c *Client) ProbeCustomers(ctx context.Context) (int, error) {
	_, n, err := getList[Customer](ctx, c, get("/api/Client", url.Values{"count": {"1"}}), "clients")
	return n, err
}

// TicketQuery filters GET /api/Tickets. Zero fields are left out.
type TicketQuery struct {
	Count        int // at most this many tickets, without paging
	ClientID     int
	TicketTypeID int
	StatusID     int
	OpenOnly     bool
	Search       string
	// OpenedSince keeps the tickets opened (Halo's "Date Opened",
	// dateoccurred) at or after it: datesearch=dateoccured (Halo's own
	// spelling) with startdate. Halo may read the date in the tenant's time
	// zone, so callers leave a margin.
	OpenedSince time.Time
	// Page asks for one page of TicketPageSize (pageinate=true): Halo's cap,
	// which it applies whatever page_size asks for.
	Page int
}

// TicketPageSize is the most tickets Halo answers in one page.
const TicketPageSize = 100

func (q TicketQuery) values() url.Values {
	v := url.Values{}
	for name, n := range map[string]int{"count": q.Count, "client_id": q.ClientID,
		"tickettype_id": q.TicketTypeID, "status_id": q.StatusID} {
		if n != 0 {
			v.Set(name, itoa(n))
		}
	}
	if q.OpenOnly {
		v.Set("open_only", "true")
	}
	if q.Search != "" {
		v.Set("search", q.Search)
	}
	if !q.OpenedSince.IsZero() {
		v.Set("datesearch", "dateoccured") // sic: Halo's spelling of the parameter value
		v.Set("startdate", q.OpenedSince.UTC().Format(haloDateTime))
	}
	if q.Page > 0 {
		v.Set("pageinate", "true") // sic
		v.Set("page_size", itoa(TicketPageSize))
		v.Set("page_no", itoa(q.Page))
	}
	return v
}

// String is the request q makes, as evidence names it:
// /api/Tickets?datesearch=dateoccured&search=...&startdate=....
func (q TicketQuery) String() string {
	if v := q.values(); len(v) > 0 {
		return "/api/Tickets?" + v.Encode()
	}
	return "/api/Tickets"
}

// Tickets is GET /api/Tickets with q's filters.
func (c *Client) Tickets(ctx context.Context, q TicketQuery) (TicketList, error) {
	list, n, err := getList[Ticket](ctx, c, get("/api/Tickets", q.values()), "tickets")
	return TicketList{RecordCount: n, Tickets: list}, err
}

// ProbeTickets is GET /api/Tickets?count=1: the number of tickets the
// agent can read, which proves "Tickets read".
func (c *Client) ProbeTickets(ctx context.Context) (int, error) {
	list, err := c.Tickets(ctx, TicketQuery{Count: 1})
	return list.RecordCount, err
}

// CreateTicket is POST /api/Tickets with a one-element array. It is never
// repeated once the request may have reached Halo: a repeat could create a
// second ticket. It is repeated only when Halo certainly did not act on it:
// the connection was refused before any byte left, Halo's rate limiter
// turned it away (429), or Halo refused the token it carried (401
// invalid_token).
func (c *Client) CreateTicket(ctx context.Context, t NewTicket) (Ticket, error) {
	return postOne[Ticket](ctx, c, request{method: http.MethodPost, path: "/api/Tickets",
		body: []NewTicket{t}, replay: replayNeverSent})
}

// Ticket is GET /api/Tickets/{id}?count=1, exactly as the Huntress
// integration reads a ticket back after creating it.
func (c *Client) Ticket(ctx context.Context, id int) (Ticket, error) {
	return getOne[Ticket](ctx, c, get("/api/Tickets/"+itoa(id), url.Values{"count": {"1"}}))
}

// SetTicketStatus is POST /api/Tickets [{"id":..,"status_id":..}], the way
// the integration resolves a ticket. Setting a status twice changes
// nothing, so it is retried like a read.
//
// An update without an id is a create in Halo, so none is ever sent: an id
// below 1 is refused here.
func (c *Client) SetTicketStatus(ctx context.Context, id, statusID int) (Ticket, error) {
	if id < 1 {
		return Ticket{}, &notSentError{fmt.Errorf("set the status of ticket %d: %w", id, ErrNoTicketID)}
	}
	return postOne[Ticket](ctx, c, request{method: http.MethodPost, path: "/api/Tickets",
		body: []TicketStatusUpdate{{ID: id, StatusID: statusID}}, replay: replayIdempotent})
}

// InstanceInfo is GET /api/InstanceInfo: the Halo version, for reports.
func (c *Client) InstanceInfo(ctx context.Context) (InstanceInfo, error) {
	return getOne[InstanceInfo](ctx, c, get("/api/InstanceInfo", nil))
}
