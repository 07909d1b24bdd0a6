package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// title names the page in the header.
func (m *Model) title() string {
	switch m.page {
	case pageWelcome:
		return "Welcome"
	case pageRecheck:
		return "Re-checking every step"
	case pageSummary:
		return "Summary: the values for Huntress"
	}
	id, _ := m.page.stepOf()
	return fmt.Sprintf("Step %d of 5 · %s", m.page.number(), id.Title())
}

// header is the wizard's name, the page and, in the demo, the scenario.
func (m *Model) header() string {
	s := m.c.Styles
	left := " " + s.Header.Render("halowiz") + "  " + s.Step.Render(m.title())
	right := ""
	if d := m.opts.Demo; d != nil {
		right = s.Demo.Render("DEMO: "+d.Scenario) + " "
	}
	gap := m.c.Width - ansi.StringWidth(left) - ansi.StringWidth(right)
	line := left + strings.Repeat(" ", max(gap, 1)) + right
	return truncateLine(line, m.c.Width) + "\n" + s.Rule.Render(strings.Repeat("─", max(m.c.Width, 1)))
}

// footer is the keys that work here.
func (m *Model) footer() string {
	bindings := m.pageHelp()
	if m.showHelp {
		bindings = []key.Binding{withHelp(key.NewBinding(key.WithKeys("any"), key.WithHelp("any key", "")), "close help"), m.c.Keys.Quit}
	} else if m.run != nil {
		bindings = []key.Binding{m.c.Keys.StopWait, m.c.Keys.Help, m.c.Keys.Quit}
	}
	more := ""
	if !m.vp.AtBottom() {
		more = m.c.Styles.Key.Render("pgdn") + m.c.Styles.Help.Render(" more") + m.c.Styles.Help.Render(" • ")
	}
	return truncateLine(" "+more+m.help.ShortHelpView(bindings), m.c.Width)
}

// pageHelp is the page's own keys.
func (m *Model) pageHelp() []key.Binding {
	switch m.page {
	case pageWelcome:
		return m.welcomeHelp()
	case pageRecheck:
		return m.recheckHelp()
	case pageAgent:
		return m.agentHelp()
	case pageHostname:
		return m.hostnameHelp()
	case pageApplication:
		return m.applicationHelp()
	case pageMapping:
		return m.mappingHelp()
	case pageTicket:
		return m.ticketHelp()
	case pageSummary:
		return m.summaryHelp()
	}
	return nil
}

// helpView is the full key help, over the page.
func (m *Model) helpView() string {
	s := m.c.Styles
	k := m.c.Keys
	w := m.c.contentWidth()
	var b strings.Builder
	b.WriteString(s.Heading.Render("Keys") + "\n\n")
	groups := []struct {
		name     string
		bindings []key.Binding
	}{
		{"On this screen", m.pageHelp()},
		{"On every screen", k.global()},
		{"Moving around", append(k.scrolling(), k.Edit, k.NextField)},
	}
	for _, g := range groups {
		b.WriteString(s.Bold.Render(g.name) + "\n")
		for _, bd := range g.bindings {
			h := bd.Help()
			if h.Key == "" {
				continue
			}
			b.WriteString("  " + s.Key.Render(pad(h.Key, 12)) + " " + h.Desc + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(wrap("Letter keys are commands only when no text field has the cursor; in a text field they are typed. There, tab moves on, enter checks, esc goes back, and ctrl+r re-checks all. Long pages scroll with pgup and pgdn. Ctrl+C quits at once and stops every request in flight.", w) + "\n")
	return b.String()
}

// inputsKey is what the page's check depends on, as typed or chosen now.
func (m *Model) inputsKey(p page) string {
	switch p {
	case pageHostname:
		return m.hostname.form.fields[0].input.Value()
	case pageApplication:
		return m.app.form.key()
	case pageMapping:
		mp := &m.mapping
		return mappingKeyOf(mp.types.value(), mp.statuses.value(), mp.form.value(0), mp.form.value(1), m.setup.cfg.Mapping)
	}
	return ""
}

// checkedKey is inputsKey for the values a finished run checked. For the
// mapping page, the ticket type and status count as the ones Halo
// resolved, so that a name and its id are the same choice.
func (m *Model) checkedKey(p page, run *checkRun) string {
	if p != pageMapping {
		return m.inputsKey(p)
	}
	f := m.setup.facts
	typeID, statusID := "", ""
	if f.TicketType != nil {
		typeID = fmt.Sprint(f.TicketType.ID)
	}
	if f.ResolutionStatus != nil {
		statusID = fmt.Sprint(f.ResolutionStatus.ID)
	}
	return mappingKeyOf(typeID, statusID, run.cfg.HuntressKey, run.cfg.HuntressSecret, run.cfg.Mapping)
}
