package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// recheckBody shows every step being checked again, a line each.
func (m *Model) recheckBody() string {
	w := m.c.contentWidth()
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(para("Checking every step again with the values you have given, in the order Huntress needs them. The wizard then opens at the first step that fails, with what is wrong and how to fix it.", w))
	switch {
	case m.run != nil && m.run.page == pageRecheck:
		b.WriteString(s.Heading.Render("Checking") + s.Subtle.Render("  esc: stop waiting") + "\n")
		b.WriteString(progressView(m.c, m.run.progress, m.spin.View(), ""))
	case m.recent != nil:
		b.WriteString(progressView(m.c, m.recent, m.spin.View(), ""))
	}
	return b.String()
}

func (m *Model) recheckHelp() []key.Binding {
	k := m.c.Keys
	if m.run != nil {
		return []key.Binding{k.StopWait, k.Help, k.Quit}
	}
	return []key.Binding{k.Back, k.RecheckAll, k.Help, k.Quit}
}
