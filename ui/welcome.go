package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/scrub"
	"halowiz/steps"
)

// What to do with a saved setup.
const (
	choiceRecheck   = "recheck" // re-check it, open at the first failing step
	choiceStartOver = "over"    // walk every step, the saved values filled in
	choiceResume    = "resume"  // take an unfinished walk up where it stopped
)

// welcomePage says what halowiz does and what to have at hand; with a saved
// setup it offers to re-check it first.
type welcomePage struct {
	base
	choice *picker
}

func newWelcomePage(b base) page { return &welcomePage{base: b, choice: newPicker(b.w.c, 2)} }

// list is what to do with the saved setup. It is filled on first use, not
// in newWelcomePage: its labels name steps from the page table, which
// newWelcomePage is part of.
func (p *welcomePage) list() *picker {
	if len(p.choice.items) > 0 {
		return p.choice
	}
	if r := p.w.opts.Resume; r != nil {
		p.choice.setItems([]pickItem{
			{label: "Resume " + resumeWhere(r), note: "where you left off, with the values you typed", value: choiceResume},
			{label: "Start over", note: "walk every step from the beginning, the values you typed filled in", value: choiceStartOver},
		}, choiceResume)
		return p.choice
	}
	p.choice.setItems([]pickItem{
		{label: "Re-check the saved setup", note: "every step is checked again; the wizard opens at the first one that fails", value: choiceRecheck},
		{label: "Start over", note: "walk every step from the beginning, the saved values filled in", value: choiceStartOver},
	}, choiceRecheck)
	return p.choice
}

// resumeWhere names the step an unfinished walk stopped at: "at step 3,
// API application".
func resumeWhere(r *Resume) string {
	row := rowOf(pageOf(r.At))
	if row.step == "" {
		return "from the first step"
	}
	return fmt.Sprintf("at step %d, %s", row.number(), row.step.Title())
}

func (p *welcomePage) View() (string, string) {
	c := p.w.c
	if p.w.opts.Saved {
		// A returning admin chooses first; the introduction follows.
		return welcomeBanner(c, p.w.opts) + p.savedChoice() + "\n" + welcomeIntro(c), ""
	}
	if c.Plain {
		return welcomeBanner(c, p.w.opts) + welcomeIntro(c), "" // the prompt says to press enter
	}
	return welcomeBanner(c, p.w.opts) + welcomeIntro(c) + "Press " + c.Keys.Continue.Help().Key + " to start.\n", ""
}

// welcomeBanner is the demo's banner and any problem met with the saved
// setup.
func welcomeBanner(c *Common, opts Options) string {
	w := c.contentWidth()
	s := c.Styles
	var b strings.Builder
	if d := opts.Demo; d != nil {
		b.WriteString(indentWrap("", fmt.Sprintf("DEMO · scenario %q: %s.", d.Scenario, d.Summary), w, s.Demo) + "\n")
		b.WriteString(para("This is a simulated Halo tenant and a simulated Huntress API inside halowiz: nothing real is read or written, and neither your keyring nor your saved setup is touched. Every value is filled in: press "+c.Keys.Continue.Help().Key+" to walk through.", w))
	}
	if opts.StartNote != "" {
		b.WriteString(indentWrap(s.mark("warn")+" ", scrub.Line(opts.StartNote), w, s.Warn) + "\n\n")
	}
	return b.String()
}

// welcomeIntro is what the admin needs at hand, what halowiz will do and
// the steps of the walk.
func welcomeIntro(c *Common) string {
	w := c.contentWidth()
	var b strings.Builder
	b.WriteString(para("halowiz gets your HaloPSA tenant ready for the Huntress EDR ticketing integration, one step at a time, and checks each step live against your Halo API.", w))
	b.WriteString(heading(c, "Have at hand", ""))
	for _, l := range steps.Prerequisites {
		b.WriteString(indentWrap("  • ", l, w) + "\n")
	}
	b.WriteString("\n" + heading(c, "What halowiz writes to Halo", ""))
	b.WriteString(para("Nothing, unless you choose to send the test ticket at the end: it reads your setup the way Huntress will. Verified secrets go to your keyring, the other settings to a file only you can read.", w))
	b.WriteString(heading(c, "The steps", ""))
	var list []string
	for _, r := range pageTable {
		if r.step != "" {
			list = append(list, strconv.Itoa(r.number())+" "+r.step.Title())
		}
	}
	b.WriteString(wrap(strings.Join(list, " · "), w) + "\n\n")
	return b.String()
}

// savedChoice names the saved setup and, full-screen, lists what to do
// with it.
func (p *welcomePage) savedChoice() string {
	c := p.w.c
	s := c.Styles
	w := c.contentWidth()
	cfg := p.w.opts.Config
	var b strings.Builder
	if r := p.w.opts.Resume; r != nil {
		b.WriteString(wrap(p.resumeText(r), w) + "\n")
	} else {
		b.WriteString(wrap(fmt.Sprintf("A saved setup was found for %s (client ID %s).", orDash(scrub.Line(steps.CleanHost(cfg.Host))), orDash(scrub.Line(cfg.ClientID))), w) + "\n")
	}
	if c.Plain {
		return b.String()
	}
	chosen := p.list().value()
	for _, it := range p.list().items {
		marker, label := "  ", it.label
		if it.value == chosen {
			marker, label = s.Cursor.Render("› "), s.Selected.Render(it.label)
		}
		b.WriteString(indentWrap(marker, label+": "+it.note, w) + "\n")
	}
	return b.String()
}

// resumeText says what an unfinished walk kept, what no check has accepted
// yet, and which secret it did not keep.
func (p *welcomePage) resumeText(r *Resume) string {
	cfg := p.w.opts.Config
	text := "You started this setup before and stopped " + resumeWhere(r) + "; halowiz kept what you typed"
	if host := steps.CleanHost(cfg.Host); host != "" {
		text += " for " + scrub.Line(host)
	}
	text += "."
	if len(r.Unverified) > 0 {
		text += " Not checked yet: " + describeValues(r.Unverified) + "."
	}
	if cfg.ClientID != "" && cfg.ClientSecret == "" {
		text += " The client secret was not kept, because no check accepted it (halowiz keeps a secret only once Halo has): step " + stepNumber(steps.Application) + " asks for it again."
	}
	return text
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func (p *welcomePage) Enter() tea.Cmd {
	switch {
	case p.w.opts.Saved && p.list().value() == choiceRecheck:
		return p.w.recheckAll()
	case p.w.opts.Resume != nil && p.list().value() == choiceResume && pageOf(p.w.opts.Resume.At) != pageWelcome:
		return p.w.goTo(pageOf(p.w.opts.Resume.At))
	}
	return p.w.next()
}

func (p *welcomePage) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := p.w.c.Keys
	switch {
	case p.w.opts.Saved && key.Matches(km, k.Up):
		p.list().move(-1)
	case p.w.opts.Saved && key.Matches(km, k.Down):
		p.list().move(+1)
	default:
		p.w.scroll(km)
	}
	return nil
}

func (p *welcomePage) Questions(b key.Binding) []question {
	if !p.w.opts.Saved || !same(b, p.w.c.Keys.Continue) {
		return nil
	}
	return []question{choiceOf("With the saved setup", p.list())}
}

func (p *welcomePage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	if p.w.opts.Saved {
		return []key.Binding{withHelp(k.Continue, "go"), withHelp(k.Down, "choose"), k.Help, k.Quit}
	}
	return []key.Binding{withHelp(k.Continue, "start"), k.Help, k.Quit}
}

// recheckPage shows every step being checked again, a line each.
type recheckPage struct{ base }

func newRecheckPage(b base) page { return &recheckPage{b} }

func (p *recheckPage) View() (string, string) {
	w := p.w
	c := w.c
	var b strings.Builder
	b.WriteString(para("Checking every step again with the values you have given, in the order Huntress needs them. The wizard then opens at the first step that fails, with what is wrong and how to fix it.", c.contentWidth()))
	switch {
	case c.Plain:
	case w.run != nil && w.run.page == pageRecheck:
		b.WriteString(w.checkingHeading() + "\n")
		b.WriteString(progressView(c, w.run.progress, w.spin.View(), ""))
	case w.recent != nil:
		b.WriteString(progressView(c, w.recent, w.spin.View(), ""))
	}
	return b.String(), ""
}

func (p *recheckPage) Enter() tea.Cmd { return nil }

func (p *recheckPage) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, p.w.c.Keys.Back) {
		return p.w.goTo(pageWelcome)
	}
	return nil
}

func (p *recheckPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	if p.w.stoppedHere() {
		return []key.Binding{withHelp(k.Retry, "re-check again"), k.Back, k.Help, k.Quit}
	}
	return []key.Binding{k.Back, k.RecheckAll, k.Help, k.Quit}
}
