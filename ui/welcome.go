package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// welcomeChoice is what to do with a saved setup.
type welcomeChoice int

const (
	choiceRecheck   welcomeChoice = iota // re-check it, open at the first failing step
	choiceStartOver                      // walk every step, the saved values filled in
)

type welcomePage struct {
	choice welcomeChoice
}

func (m *Model) welcomeBody() string {
	w := m.c.contentWidth()
	if m.opts.Saved {
		// A returning admin chooses first; the introduction follows.
		return welcomeBanner(m.c, m.opts) + m.savedChoice(w) + "\n" + welcomeIntro(m.c)
	}
	return welcomeText(m.c, m.opts) + "Press enter to start.\n"
}

// welcomeText is what the admin needs at hand and what halowiz will do,
// with the demo's banner and any problem met with the saved setup.
func welcomeText(c *Common, opts Options) string { return welcomeBanner(c, opts) + welcomeIntro(c) }

// welcomeBanner is the demo's banner and any problem met with the saved
// setup.
func welcomeBanner(c *Common, opts Options) string {
	w := c.contentWidth()
	s := c.Styles
	var b strings.Builder
	if d := opts.Demo; d != nil {
		b.WriteString(indentWrap("", fmt.Sprintf("DEMO · scenario %q: %s.", d.Scenario, d.Summary), w, s.Demo) + "\n")
		b.WriteString(para("This is a simulated Halo tenant and a simulated Huntress API inside halowiz: nothing real is read or written, and neither your keyring nor your saved setup is touched. Every value is filled in: press enter to walk through.", w))
	}
	if opts.StartNote != "" {
		b.WriteString(indentWrap(s.mark("warn")+" ", opts.StartNote, w, s.Warn) + "\n\n")
	}
	return b.String()
}

// welcomeIntro is what the admin needs at hand and what halowiz will do.
func welcomeIntro(c *Common) string {
	w := c.contentWidth()
	s := c.Styles
	var b strings.Builder
	b.WriteString(para("halowiz gets your HaloPSA tenant ready for the Huntress EDR ticketing integration, one step at a time, and checks each step live against your Halo API.", w))
	b.WriteString(s.Heading.Render("Have at hand") + "\n")
	for _, l := range []string{
		"Halo admin access: an agent who can open Configuration.",
		"The right to create an agent and an API application in Halo.",
		"About ten minutes.",
		"Optionally, a Huntress API key and secret, to preview how Huntress will pair its organizations with your Halo clients.",
	} {
		b.WriteString(indentWrap("  • ", l, w) + "\n")
	}
	b.WriteString("\n" + s.Heading.Render("What halowiz writes to Halo") + "\n")
	b.WriteString(para("Nothing, unless you choose to send the test ticket at the end: it reads your setup the way Huntress will. Verified secrets go to your keyring, the other settings to a file only you can read.", w))
	b.WriteString(s.Heading.Render("The five steps") + "\n")
	b.WriteString(wrap("1 API-only agent · 2 API hostname · 3 API application · 4 Ticket type, status and clients · 5 Test ticket", w) + "\n\n")
	return b.String()
}

func (m *Model) savedChoice(w int) string {
	s := m.c.Styles
	var b strings.Builder
	cfg := m.opts.Config
	b.WriteString(wrap(fmt.Sprintf("A saved setup was found for %s (client ID %s).", orDash(keyringHost(cfg.Host)), orDash(cfg.ClientID)), w) + "\n")
	options := []struct {
		c           welcomeChoice
		label, what string
	}{
		{choiceRecheck, "Re-check the saved setup", "every step is checked again; the wizard opens at the first one that fails"},
		{choiceStartOver, "Start over", "walk every step from the beginning, the saved values filled in"},
	}
	for _, o := range options {
		marker := "  "
		label := o.label
		if m.welcome.choice == o.c {
			marker, label = s.Cursor.Render("› "), s.Selected.Render(o.label)
		}
		b.WriteString(indentWrap(marker, label+": "+o.what, w) + "\n")
	}
	return b.String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func (m *Model) welcomeKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Continue):
		if m.opts.Saved && m.welcome.choice == choiceRecheck {
			return m.recheckAll()
		}
		return m.next()
	case m.opts.Saved && key.Matches(msg, k.Up):
		m.welcome.choice = choiceRecheck
	case m.opts.Saved && key.Matches(msg, k.Down):
		m.welcome.choice = choiceStartOver
	default:
		m.scroll(msg)
	}
	return nil
}

func (m *Model) welcomeHelp() []key.Binding {
	k := m.c.Keys
	if m.opts.Saved {
		return []key.Binding{withHelp(k.Continue, "go"), withHelp(k.Down, "choose"), k.Help, k.Quit}
	}
	return []key.Binding{withHelp(k.Continue, "start"), k.Help, k.Quit}
}

// withHelp is b described for this screen.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
