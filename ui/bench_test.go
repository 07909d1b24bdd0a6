package ui

import (
	"context"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"halowiz/huntress"
	"halowiz/orgmap"
	"halowiz/steps"
)

// benchModel is a wizard at page p on a healthy fake tenant, 80x24.
func benchModel(b *testing.B, p pageID) *Model {
	b.Helper()
	return walkTo(b, p, healthy()).m
}

// BenchmarkView is the cost of drawing a frame of each screen: rendering
// the page (what Update does after every message) and assembling the view.
func BenchmarkView(b *testing.B) {
	for _, sc := range []struct {
		name string
		p    pageID
	}{
		{"welcome", pageWelcome}, {"agent", pageAgent}, {"hostname", pageHostname},
		{"application", pageApplication}, {"mapping", pageMapping}, {"ticket", pageTicket}, {"summary", pageSummary},
	} {
		b.Run(sc.name, func(b *testing.B) {
			m := benchModel(b, sc.p)
			b.ReportAllocs()
			for b.Loop() {
				m.refresh()
				_ = m.View()
			}
		})
	}
}

// BenchmarkViewOnly is View alone: what Bubble Tea calls for every frame.
func BenchmarkViewOnly(b *testing.B) {
	m := benchModel(b, pageMapping)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFirstFrame is building the wizard and drawing its first screen.
func BenchmarkFirstFrame(b *testing.B) {
	styles := NewStyles(lipgloss.DefaultRenderer())
	b.ReportAllocs()
	for b.Loop() {
		m := NewModel(context.Background(), Options{Config: demoConfig()}, Deps{Check: healthy().check, Now: clock}, styles)
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		_ = m.View()
	}
}

// orgModel is a wizard on the organization table with n organizations, its
// filter open and holding base.
func orgModel(b *testing.B, n int, base string) *Model {
	b.Helper()
	places := []string{"Cedar", "Harbor", "Summit", "Riverside", "Oakwood", "Lakeside", "Granite", "Maple", "Pioneer", "Silverline"}
	trades := []string{"Dental", "Logistics", "Accounting", "Builders", "Veterinary", "Legal", "Bakery", "Engineering", "Realty", "Clinic"}
	orgs := make([]huntress.Organization, n)
	var clients []steps.Customer
	for i := range orgs {
		name := fmt.Sprintf("%s %s %04d", places[i%len(places)], trades[(i/len(places))%len(trades)], i)
		orgs[i] = huntress.Organization{ID: int64(1000 + i), Name: name}
		switch i % 3 {
		case 0:
			clients = append(clients, steps.Customer{ID: i + 1, Name: name})
		case 1:
			clients = append(clients, steps.Customer{ID: i + 1, Name: name + " LLC"})
		}
	}
	m := benchModel(b, pageMapping)
	m.w.setup.facts.Orgs = orgmap.Match(orgs, clients, nil)
	m.w.setup.facts.Customers = clients
	mp := m.w.pages[pageMapping].(*mappingPage)
	mp.learned(nil)
	m.Update(keyMsg("o"))
	m.Update(keyMsg("/"))
	for _, r := range base {
		m.Update(keyMsg(string(r)))
	}
	if len(mp.orgs.rows) != n || mp.view != viewOrgs || !mp.orgs.filter.active {
		b.Fatalf("not on the filtering organization table: %d rows", len(mp.orgs.rows))
	}
	return m
}

// BenchmarkOrgFilterKeystroke5000 is one keystroke in the organization
// filter with 5,000 organizations: the filter runs, the table is rebuilt and
// the frame drawn. Keystrokes alternate between typing a character and
// deleting it, so every one changes what the table shows.
func BenchmarkOrgFilterKeystroke5000(b *testing.B) {
	m := orgModel(b, 5000, "de")
	keys := []tea.KeyMsg{keyMsg("n"), keyMsg("backspace")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Update(keys[i%2])
		_ = m.View()
		i++
	}
}
