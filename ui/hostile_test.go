package ui

import (
	"strings"
	"testing"
	"time"

	"halowiz/halo"
	"halowiz/huntress"
	"halowiz/orgmap"
	"halowiz/scrub/scrubtest"
	"halowiz/steps"
)

// hostile is a fake check of a tenant whose every name, message and
// progress line carries escape sequences, C1 controls, CR and bidi
// overrides: what the wizard shows of it must be shown, never obeyed.
func hostile() *fakeCheck {
	return &fakeCheck{
		answer: func(cfg steps.Config) steps.Report {
			rep := answer(nil)(cfg)
			rep.Facts = hostileFacts(rep.Facts, cfg)
			for i := range rep.Steps {
				for j := range rep.Steps[i].Findings {
					f := &rep.Steps[i].Findings[j]
					f.Message = scrubtest.Name(f.Message+" Halo said: ", i+j)
					f.Evidence = scrubtest.Name(f.Evidence, i+j+1)
					f.Fix = append(f.Fix, scrubtest.Name("In Halo, open ", i+j+2))
				}
			}
			return rep
		},
		events: func(cfg steps.Config) []steps.Event {
			now := fixedNow
			var ev []steps.Event
			for i, id := range steps.Order {
				what := scrubtest.Name("Creating the test ticket for Acme IT Services", i)
				ev = append(ev, steps.Event{Step: id, Kind: steps.Activity, What: what, Started: now, Deadline: now.Add(15 * time.Second)},
					steps.Event{Step: id, Kind: steps.ActivityDone, What: what, Started: now, Deadline: now.Add(15 * time.Second),
						Failed: true, Outcome: scrubtest.Name("400 Bad Request", i+1)})
			}
			return ev
		},
	}
}

// hostileFacts gives every name the wizard lists a payload.
func hostileFacts(f steps.Facts, cfg steps.Config) steps.Facts {
	n := 0
	name := func(s string) string { n++; return scrubtest.Name(s, n) }
	f.Tenant = name(f.Tenant)
	f.AuthURL = name("https://auth.evil.example/auth")
	f.Agent = &halo.Agent{ID: 12, Name: name("Huntress API")}
	for i := range f.TicketTypes {
		f.TicketTypes[i].Name = name(f.TicketTypes[i].Name)
		for j := range f.TicketTypes[i].Blocking {
			f.TicketTypes[i].Blocking[j] = name(f.TicketTypes[i].Blocking[j])
		}
	}
	for i := range f.Statuses {
		f.Statuses[i].Name = name(f.Statuses[i].Name)
	}
	for i := range f.Customers {
		f.Customers[i].Name = name(f.Customers[i].Name)
	}
	if f.TestClient != nil {
		f.TestClient = &f.Customers[0]
	}
	f.TicketType, f.ResolutionStatus, f.ClosedStatus = &f.TicketTypes[0], &f.Statuses[0], &f.Statuses[0]
	if cfg.HuntressKey != "" {
		orgs := []huntress.Organization{{ID: 101, Name: name("Contoso Ltd")}, {ID: 102, Name: name("Northwind")}, {ID: 103, Name: name("Wayne Enterprises")}}
		f.Orgs = orgmap.Match(orgs, f.Customers, nil)
	}
	return f
}

// Every screen of a walk through a hostile tenant, the organization table,
// the progress of the test ticket, the summary and what is left in the
// terminal at the end show tenant text escaped.
func TestTheWizardShowsHostileTenantTextWithoutObeyingIt(t *testing.T) {
	look := func(t *testing.T, where, view string) {
		t.Helper()
		found := scrubtest.Raw(stripSGR([]byte(view)))
		for i, hit := range found {
			if i == 3 {
				t.Errorf("%s: and %d more", where, len(found)-i)
				break
			}
			t.Errorf("%s shows a raw %s", where, scrubtest.Describe([]byte(view), hit))
		}
	}
	t.Run("every page", func(t *testing.T) {
		for _, p := range []struct {
			name string
			to   pageID
		}{{"welcome", pageWelcome}, {"agent", pageAgent}, {"hostname", pageHostname}, {"application", pageApplication}, {"mapping", pageMapping}, {"ticket", pageTicket}, {"summary", pageSummary}} {
			look(t, "the "+p.name+" page", walkTo(t, p.to, hostile()).m.View())
		}
	})
	t.Run("organization table", func(t *testing.T) {
		h := walkTo(t, pageMapping, hostile())
		h.keys("o")
		if !strings.Contains(h.m.View(), "Wayne Enterprises") {
			t.Fatalf("the organization table is not shown:\n%s", h.m.View())
		}
		look(t, "the organization table", h.m.View())
	})
	t.Run("the accessible mode's questions", func(t *testing.T) {
		h := walkTo(t, pageMapping, hostile())
		h.keys("o", "down", "down", "enter")
		p := h.mapping()
		if p.view != viewClientPick {
			t.Fatalf("enter did not open the client list:\n%s", h.m.View())
		}
		for _, q := range p.Questions(h.m.w.c.Keys.Continue) {
			look(t, "the question "+q.label, q.label)
			if !strings.Contains(q.label, "Wayne Enterprises") {
				t.Errorf("the question %q does not name the organization", q.label)
			}
		}
	})
	t.Run("test ticket sent", func(t *testing.T) {
		h := walkTo(t, pageTicket, hostile())
		h.keys("enter", "y")
		if !strings.Contains(h.m.View(), "Creating the test ticket for Acme IT Services") {
			t.Fatalf("the ticket's progress is not shown:\n%s", h.m.View())
		}
		look(t, "the ticket page after sending", h.m.View())
	})
	t.Run("summary and farewell", func(t *testing.T) {
		h := walkTo(t, pageSummary, hostile())
		if !strings.Contains(h.m.View(), "Default Ticket Type") {
			t.Fatalf("the summary shows no values:\n%s", h.m.View())
		}
		look(t, "the summary", h.m.View())
		look(t, "the farewell left in the terminal", farewellOf(h))
	})
}

// farewellOf is what the wizard leaves in the terminal when it ends.
func farewellOf(h *harness) string { return h.m.w.pages[pageSummary].(*summaryPage).farewell() }

// stripSGR removes the wizard's own colour and style sequences (ESC [
// digits and semicolons m), so that only tenant text is judged.
func stripSGR(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '[' {
			j := i + 2
			for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == ';') {
				j++
			}
			if j < len(b) && b[j] == 'm' {
				i = j
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}
