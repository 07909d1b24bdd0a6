package halotest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"halowiz/halo"
	"halowiz/halo/halotest"
)

// clientFor is the real halo client, pointed at a simulated tenant.
func clientFor(srv *halotest.Server) *halo.Client {
	return halo.New(halo.Options{Host: srv.Host, ClientID: halotest.ClientID, ClientSecret: halotest.ClientSecret, HTTPClient: srv.Client()})
}

func within(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	_ = cancel // the deadline ends it; tests are short
	return ctx
}

// TestRealClientBodiesMatchHaloSchemas drives the real client through the
// writes the checks make and validates every body it sent against the
// request schema of Halo's OpenAPI document.
func TestRealClientBodiesMatchHaloSchemas(t *testing.T) {
	srv := start(t, halotest.Healthy(), halotest.WithLatency(0))
	c := clientFor(srv)
	ctx := within(10 * time.Second)
	tk, err := c.CreateTicket(ctx, halo.NewTicket{Summary: "halowiz test ticket", Details: "details", TicketTypeID: 1, ClientID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetTicketStatus(ctx, tk.ID, 9); err != nil {
		t.Fatal(err)
	}
	doc := spec(t)
	for _, path := range []string{"/Tickets"} {
		bodies := srv.Tenant.Bodies("POST", "/api"+path)
		if len(bodies) == 0 {
			t.Fatalf("the client sent no POST /api%s", path)
		}
		for _, b := range bodies {
			if err := checkRequestBody(doc, path, b); err != nil {
				t.Errorf("POST /api%s body %s: %v", path, b, err)
			}
		}
	}
}

// TestRealClientMeetsEveryScenario exercises the real client against every
// scenario and checks the error class the checks rely on.
func TestRealClientMeetsEveryScenario(t *testing.T) {
	for _, sc := range halotest.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			sc.RateLimitWindow = min(sc.RateLimitWindow, 2*time.Second) // the same window, sooner over
			srv := start(t, sc, halotest.WithLatency(min(sc.Latency, 20*time.Millisecond)))
			c := clientFor(srv)
			ctx := within(3 * time.Second)
			if sc.RateLimit.Count > 0 || sc.ServerErrors.Count > 0 || sc.RateLimitWindow > 0 {
				ctx = within(15 * time.Second)
			}
			info, err := c.Discover(ctx)
			switch {
			case sc.Transport != halotest.TransportOK:
				if !errors.Is(err, halo.ErrUnreachable) {
					t.Fatalf("Discover: %v, want unreachable", err)
				}
				return
			case sc.NeverAnswer:
				if !errors.Is(err, halo.ErrTimeout) {
					t.Fatalf("Discover: %v, want a timeout", err)
				}
				return
			case sc.HTMLPage:
				if !errors.Is(err, halo.ErrNotHalo) {
					t.Fatalf("Discover: %v, want not Halo", err)
				}
				return
			case err != nil:
				t.Fatalf("Discover: %v", err)
			}
			if sc.AuthServer != "" && (info.AuthURL != sc.AuthServer || c.TokenURL() != "https://"+srv.Host+"/auth/token") {
				t.Errorf("discovery named %q; the token URL is %s, want the tenant's own", info.AuthURL, c.TokenURL())
			}
			err = c.Token(ctx)
			switch {
			case sc.TokenRedirect != "" || sc.TokenType != "":
				if !errors.Is(err, halo.ErrTokenRefused) || srv.Tenant.Count("POST", "/auth/token") != 1 {
					t.Fatalf("Token: %v after %d token requests, want one refused", err, srv.Tenant.Count("POST", "/auth/token"))
				}
				return
			case sc.RejectCredentials:
				if !errors.Is(err, halo.ErrInvalidClient) {
					t.Fatalf("Token: %v, want invalid client", err)
				}
				return
			case sc.Scopes != nil:
				if !errors.Is(err, halo.ErrInvalidScope) {
					t.Fatalf("Token: %v, want invalid scope", err)
				}
				return
			case err != nil:
				t.Fatalf("Token: %v", err)
			}
			me, err := c.Me(ctx)
			var apiErr *halo.APIError
			switch {
			case sc.TokensRefused:
				if n := srv.Tenant.Count("POST", "/auth/token"); !errors.Is(err, halo.ErrTokenRejected) || n < 2 || n > 8 {
					t.Fatalf("Me: %v after %d token requests, want the token refused after a few renewals", err, n)
				}
				return
			case sc.AgentAnonymous:
				var decErr *halo.DecodeError
				if !errors.As(err, &decErr) || !strings.Contains(err.Error(), `"id":null`) {
					t.Fatalf("Me: %v, want a bad answer with the body", err)
				}
				return
			case sc.APIRedirect != "":
				if !errors.As(err, &apiErr) || apiErr.Status != 307 || !apiErr.Mentions("redirected to "+sc.APIRedirect) {
					t.Fatalf("Me: %v, want the 307 shown, not followed", err)
				}
				return
			case err != nil:
				t.Fatalf("Me: %v", err)
			}
			if sc.AgentNotAPIOnly == (me.IsAPIAgent != nil && *me.IsAPIAgent) || sc.AgentDisabled != (me.IsDisabled != nil && *me.IsDisabled) {
				t.Errorf("agent %+v does not show the scenario", me)
			}
			_, err = c.Customers(ctx)
			switch {
			case sc.CustomersRefused:
				if !errors.As(err, &apiErr) || apiErr.Status != 403 {
					t.Errorf("Customers: %v, want 403", err)
				}
			case sc.HugeClientList:
				if !errors.Is(err, halo.ErrTooLarge) {
					t.Errorf("Customers: %v, want too large", err)
				}
			case err != nil:
				t.Errorf("Customers: %v", err)
			}
			_, err = c.ProbeTickets(ctx)
			if sc.TicketListRefused != (err != nil) {
				t.Errorf("ProbeTickets: %v", err)
			}
			statuses, err := c.Statuses(ctx)
			open, openErr := c.OpenStatuses(ctx)
			if sc.StatusListGarbled {
				var decErr *halo.DecodeError
				if !errors.As(err, &decErr) || !errors.As(openErr, &decErr) {
					t.Errorf("Statuses: %v; OpenStatuses: %v; want bad answers", err, openErr)
				}
				return
			}
			if err != nil || openErr != nil {
				t.Errorf("Statuses: %v; OpenStatuses: %v", err, openErr)
			}
			filtered := len(open) < len(statuses)
			if filtered == (sc.NoClosedStatus || sc.ExcludeClosedIgnored) {
				t.Errorf("excludeclosed left %d of %d statuses (no closed status %v, filter ignored %v)", len(open), len(statuses), sc.NoClosedStatus, sc.ExcludeClosedIgnored)
			}
			if sc.ServerErrors.Count > 0 {
				return // a create a 503 hits is rightly not repeated
			}
			tk, err := c.CreateTicket(ctx, halo.NewTicket{Summary: "halowiz test ticket", Details: "d", TicketTypeID: 1, ClientID: 1})
			switch {
			case sc.HostileRefusal:
				if !errors.As(err, &apiErr) || apiErr.Status != 400 || len(apiErr.Messages) == 0 {
					t.Errorf("CreateTicket: %v, want the refusal", err)
				}
				return
			case sc.CreateAnswer != halotest.CreateAnswerOwn:
				// The client says what Halo answered; the checks must not
				// take it for their ticket (steps' tests prove they don't).
				want := map[halotest.CreateAnswer]int{halotest.CreateAnswerForeign: 1001}[sc.CreateAnswer]
				if err != nil || tk.ID != want {
					t.Errorf("CreateTicket: ticket %d, %v; want the answer's id %d as sent", tk.ID, err, want)
				}
				return
			case sc.IncidentMandatory || sc.IncidentMandatoryPerType:
				if !errors.As(err, &apiErr) || apiErr.Status != 400 || len(apiErr.Messages) != 3 || !apiErr.Mentions("mandatory") {
					t.Errorf("CreateTicket: %v, want 400 with three mandatory lines", err)
				}
				return
			case sc.NoGeneralUser:
				if !errors.As(err, &apiErr) || !apiErr.Mentions("valid Client/Site/User") {
					t.Errorf("CreateTicket: %v, want invalid context", err)
				}
				return
			case sc.CreateAnswerLost:
				if err == nil || srv.Tenant.Count("POST", "/api/Tickets") != 1 {
					t.Errorf("CreateTicket: %v after %d POSTs, want one failed POST", err, srv.Tenant.Count("POST", "/api/Tickets"))
				}
				return
			case err != nil:
				t.Fatalf("CreateTicket: %v", err)
			}
			_, err = c.Ticket(ctx, tk.ID)
			hidden := sc.TicketTeam != "" || sc.TeamFlagsOff || sc.AgentNoMembership
			if hidden != (errors.As(err, &apiErr) && apiErr.Status == 401) {
				t.Errorf("Ticket read back: %v (hidden %v)", err, hidden)
			}
			if sc.NoClosedStatus {
				return
			}
			got, err := c.SetTicketStatus(ctx, tk.ID, 9)
			switch {
			case sc.EditUnassignedRefused:
				if !errors.As(err, &apiErr) || apiErr.Status != 403 {
					t.Errorf("SetTicketStatus: %v, want 403", err)
				}
			case hidden:
				if !errors.As(err, &apiErr) || apiErr.Status != 401 {
					t.Errorf("SetTicketStatus of a ticket the agent cannot see: %v, want 401", err)
				}
			case err != nil:
				t.Errorf("SetTicketStatus: %v", err)
			case sc.StatusChangesIgnored == (got.HasBeenClosed != nil && *got.HasBeenClosed):
				t.Errorf("after SetTicketStatus hasbeenclosed %v", got.HasBeenClosed)
			}
		})
	}
}
