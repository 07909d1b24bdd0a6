package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// header is the wizard's name, the page and, in the demo, the scenario.
func (m *Model) header() string {
	w := m.w
	s := w.c.Styles
	left := " " + s.Header.Render("halowiz") + "  " + s.Step.Render(rowOf(w.active).heading())
	right := ""
	if d := w.opts.Demo; d != nil {
		// The scenario's name when there is room for it, else the word.
		right = s.Demo.Render("DEMO: "+d.Scenario) + " "
		if ansi.StringWidth(left)+ansi.StringWidth(right)+1 > w.c.Width {
			right = s.Demo.Render("DEMO") + " "
		}
		if ansi.StringWidth(left)+ansi.StringWidth(right)+1 > w.c.Width {
			right = "" // the welcome page's banner says it is the demo
		}
	}
	gap := w.c.Width - ansi.StringWidth(left) - ansi.StringWidth(right)
	line := left + strings.Repeat(" ", max(gap, 1)) + right
	return truncateLine(line, w.c.Width) + "\n" + s.Rule.Render(strings.Repeat("─", max(w.c.Width, 1)))
}

// footer is the keys that work here.
func (m *Model) footer() string {
	w := m.w
	k := w.c.Keys
	bindings := w.page().ShortHelp()
	if m.showHelp {
		bindings = []key.Binding{k.HelpScroll, k.CloseHelp, k.Quit}
	} else if w.run != nil && w.run.cfg.SendTestTicket {
		bindings = []key.Binding{k.Help, k.Quit}
	} else if w.run != nil {
		bindings = []key.Binding{k.StopWait, k.Help, k.Quit}
	}
	more := ""
	if !w.vp.AtBottom() {
		more = w.c.Styles.Key.Render(k.PageDown.Help().Key) + w.c.Styles.Help.Render(" more") + w.c.Styles.Help.Render(" • ")
	}
	return truncateLine(" "+more+m.help.ShortHelpView(bindings), w.c.Width)
}

// helpView is the full key help, over the page.
func (m *Model) helpView() string {
	w := m.w
	s := w.c.Styles
	k := w.c.Keys
	here := w.page().ShortHelp()
	for _, more := range w.page().FullHelp() {
		here = append(here, more...)
	}
	var b strings.Builder
	b.WriteString(s.Heading.Render("Keys") + "\n\n")
	groups := []struct {
		name     string
		bindings []key.Binding
	}{
		{"On this screen", here},
		{"On every screen", k.global()},
		{"Moving around", k.moving()},
	}
	for _, g := range groups {
		b.WriteString(s.Bold.Render(g.name) + "\n")
		seen := map[string]bool{}
		for _, bd := range g.bindings {
			h := bd.Help()
			if h.Key == "" || !bd.Enabled() || seen[h.Key+h.Desc] {
				continue
			}
			seen[h.Key+h.Desc] = true
			b.WriteString("  " + s.Key.Render(pad(h.Key, 12)) + " " + h.Desc + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(wrap(fmt.Sprintf("Letter keys are commands only when no text field has the cursor; in a text field they are typed. There, %s moves on, %s checks, %s goes back, and %s re-checks all. Long pages scroll with %s and %s. Ctrl+C quits at once and stops every request in flight.",
		k.DoneTyping.Help().Key, k.Continue.Help().Key, k.Back.Keys()[0], k.RecheckAllTyping.Help().Key, k.PageUp.Help().Key, k.PageDown.Help().Key), w.c.contentWidth()) + "\n")
	return b.String()
}
