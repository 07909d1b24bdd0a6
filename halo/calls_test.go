package halo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestTypedCallsAskHaloForWhatTheyName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		route, query string // query as Go encodes it (keys sorted)
		body         string // what the call sends, when it sends one
		answer       string
		call         func(context.Context, *Client) (any, error)
		want         string // fmt %+v of the result contains this
	}{
		{"GET /api/Agent/me", "", "", `{"id":7,"name":"Huntress API","isapiagent":true}`,
			func(ctx context.Context, c *Client) (any, error) { return c.Me(ctx) }, "Name:Huntress API"},
		{"GET /api/Agent/7", "includedetails=true", "", `{"id":7,"teams":[{"team_id":2,"team_name":"SOC"}]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.Agent(ctx, 7) }, "TeamName:SOC"},
		{"GET /api/TicketType", "", "", `[{"id":31,"name":"Huntress"}]`,
			func(ctx context.Context, c *Client) (any, error) { return c.TicketTypes(ctx) }, "Name:Huntress"},
		{"GET /api/TicketType/31", "includedetails=true", "", `{"id":31,"fields":[{"fieldid":5,"fieldinfo":{"name":"category_1","mandatory":true}}]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.TicketType(ctx, 31) }, "FieldID:5"},
		{"GET /api/Status", "type=ticket", "", `[{"id":9,"name":"Closed","type":2}]`,
			func(ctx context.Context, c *Client) (any, error) { return c.Statuses(ctx) }, "Name:Closed"},
		{"GET /api/Tickets", "client_id=12&count=5&open_only=true&search=huntress&status_id=1&tickettype_id=31", "",
			`{"record_count":77,"tickets":[{"id":100}]}`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.Tickets(ctx, TicketQuery{Count: 5, ClientID: 12, TicketTypeID: 31, StatusID: 1, OpenOnly: true, Search: "huntress"})
			}, "RecordCount:77"},
		{"GET /api/Tickets", "datesearch=dateoccured&page_no=2&page_size=100&pageinate=true&search=Incident+on&startdate=2026-11-20T08%3A00%3A00", "",
			`{"record_count":250,"page_no":2,"page_size":100,"tickets":[{"id":7,"datecreated":"2026-11-20T09:00:00Z"}]}`,
			func(ctx context.Context, c *Client) (any, error) {
				since := time.Date(2026, 11, 20, 9, 0, 0, 0, time.FixedZone("CET", 3600))
				return c.Tickets(ctx, TicketQuery{Search: "Incident on", OpenedSince: since, Page: 2})
			}, "RecordCount:250"},
		{"GET /api/Tickets", "count=1", "", `{"record_count":4021,"tickets":[{"id":1}]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.ProbeTickets(ctx) }, "4021"},
		{"GET /api/Tickets/100", "count=1", "", `{"id":100,"hasbeenclosed":false}`,
			func(ctx context.Context, c *Client) (any, error) { return c.Ticket(ctx, 100) }, "ID:100"},
		{"POST /api/Tickets", "", `[{"summary":"halowiz test","details":"d","tickettype_id":31,"client_id":12,"site_id":3}]`,
			`{"id":101}`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.CreateTicket(ctx, NewTicket{Summary: "halowiz test", Details: "d", TicketTypeID: 31, ClientID: 12, SiteID: 3})
			}, "ID:101"},
		{"POST /api/Tickets", "", `[{"id":101,"status_id":9}]`, `{"id":101,"status_id":9,"hasbeenclosed":true}`,
			func(ctx context.Context, c *Client) (any, error) { return c.SetTicketStatus(ctx, 101, 9) }, "StatusID:9"},
		{"GET /api/InstanceInfo", "", "", `{"app_version":"2.190.1","app_name":"HaloPSA"}`,
			func(ctx context.Context, c *Client) (any, error) { return c.InstanceInfo(ctx) }, "AppVersion:2.190.1"},
	}
	for _, tt := range tests {
		t.Run(tt.route+"?"+tt.query, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			method, path, _ := strings.Cut(tt.route, " ")
			f.on(tt.route, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != path || r.URL.RawQuery != tt.query {
					t.Errorf("asked %s?%s, want %s?%s", r.URL.Path, r.URL.RawQuery, path, tt.query)
				}
				sent, _ := io.ReadAll(r.Body)
				if got := strings.TrimSpace(string(sent)); got != tt.body {
					t.Errorf("sent %s, want %s", got, tt.body)
				}
				if tt.body != "" && r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
				}
				writeText(w, 200, "application/json", tt.answer)
			})
			got, err := tt.call(timeout(t, 5*time.Second), f.client())
			if err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprintf("%+v", got); !strings.Contains(s, tt.want) {
				t.Errorf("result %s does not contain %s", s, tt.want)
			}
			f.wantCount(t, method+" "+path, 1)
		})
	}
}

func TestRateLimitStaysWithinHalosBudgetWithoutSlowingACheck(t *testing.T) {
	const window = 5 * time.Minute
	if most := rateBurst + int(window/rateEvery); most > 300 {
		t.Errorf("up to %d requests in 5 minutes, Halo allows 300", most)
	}
	if rateBurst < 60 {
		t.Errorf("a burst of %d slows a check of about 60 requests", rateBurst)
	}
}

func TestOwnRateLimitRefusesToWaitPastTheDeadline(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", agentOK)
	c := f.readyClient(t)
	c.hc.Transport.(*meteredTransport).limiter = rate.NewLimiter(rate.Every(time.Hour), 0)
	start := time.Now()
	_, err := c.Me(timeout(t, 20*time.Second))
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "300 requests per 5 minutes") {
		t.Errorf("err = %v, want a timeout naming Halo's limit", err)
	}
	if time.Since(start) > 10*time.Second { // waiting would take the whole deadline
		t.Errorf("waited %s for a slot that could not come in time", time.Since(start))
	}
}

func TestATicketQuerySaysTheRequestItMakes(t *testing.T) {
	since := time.Date(2026, 11, 20, 9, 30, 0, 0, time.FixedZone("EST", -5*3600))
	cases := map[string]TicketQuery{
		"/api/Tickets": {},
		"/api/Tickets?datesearch=dateoccured&search=Incident+on&startdate=2026-11-20T14%3A30%3A00": {Search: "Incident on", OpenedSince: since},
		"/api/Tickets?page_no=2&page_size=100&pageinate=true":                                      {Page: 2},
	}
	for want, q := range cases {
		if got := q.String(); got != want {
			t.Errorf("%+v: %s, want %s", q, got, want)
		}
	}
}
