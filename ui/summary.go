package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/scrub"
	"halowiz/steps"
)

// summaryPage is the values to enter in Huntress, where each step stands
// and where the secrets and files went.
type summaryPage struct{ base }

func newSummaryPage(b base) page { return &summaryPage{b} }

// Open saves the settings and writes the report.
func (p *summaryPage) Open() tea.Cmd {
	return tea.Batch(p.w.saveSettings(), p.w.writeReport())
}

func (p *summaryPage) View() (string, string) {
	w := p.w
	c := w.c
	width := c.contentWidth()
	s := c.Styles
	rep := w.setup.report()
	var b strings.Builder
	if w.setup.sawFailure {
		b.WriteString(indentWrap(s.mark("warn")+" ", steps.ReAddIntegration, width, s.Warn) + "\n\n")
	}
	vals := rep.HuntressValues()
	if len(vals) == 0 {
		b.WriteString(para("No value has been confirmed yet: walk the steps (or press "+c.Keys.RecheckAll.Keys()[0]+" to re-check all) to get the values for Huntress.", width))
	} else {
		b.WriteString(heading(c, steps.HuntressValuesHeading, ""))
		for _, v := range vals {
			b.WriteString(valueRow(c, v, width))
		}
		b.WriteString(indentWrap("", c.Keys.Copy.Help().Key+": copy the values (not the secret) to the clipboard, one a line, in this order.", width, s.Subtle) + "\n")
	}
	b.WriteString("\n" + heading(c, "Where each step stands", ""))
	for _, id := range steps.Order {
		b.WriteString("  " + p.standing(id) + "\n")
	}
	if rem := rep.Reminders(); len(rem) > 0 {
		b.WriteString("\n" + heading(c, "Make sure of these, which halowiz cannot check", ""))
		for _, f := range rem {
			b.WriteString(indentWrap("  "+s.mark("info")+" ", reminderText(f), width) + "\n")
		}
	}
	b.WriteString("\n" + heading(c, "Secrets and files", ""))
	for _, row := range p.savedRows() {
		b.WriteString(indentWrap("  "+s.Label.Render(pad(row[0], 22)), row[1], width) + "\n")
	}
	b.WriteString("\n" + wrap(p.whatNext(), width) + "\n")
	return b.String(), ""
}

// whatNext says where to go from here, in the wizard's keys. (check's
// closing line, steps' Report.NextStep, names check's flags.)
func (p *summaryPage) whatNext() string {
	k := p.w.c.Keys
	back, all := k.Back.Keys()[0], k.RecheckAll.Keys()[0]
	for _, id := range steps.Order[:len(steps.Order)-1] {
		if r, ok := p.w.setup.result(id); !ok || r.Failed() || p.w.setup.skipped[id] {
			return "Not every step has passed: " + back + " goes back through the steps to the ones to fix, and " + all + " re-checks them all."
		}
	}
	if r, ok := p.w.setup.result(steps.Ticket); !ok || !r.Proven() {
		return "The test ticket has not proved the path yet: " + back + " goes back to step " + stepNumber(steps.Ticket) + " to send it."
	}
	return "Every step passed, the test ticket included: enter these values in Huntress's HaloPSA screen, then send Huntress's own test ticket."
}

// standing is one step's line: its latest result, or why it has none.
func (p *summaryPage) standing(id steps.ID) string {
	c := p.w.c
	s := c.Styles
	if r, ok := p.w.setup.result(id); ok {
		line := finishedLine(c, r)
		if p.w.setup.skipped[id] {
			line += s.Warn.Render(" (skipped later: unproven)")
		}
		return line
	}
	if p.w.setup.skipped[id] {
		return s.mark("warn") + " " + s.Bold.Render(id.Title()) + " " + s.Warn.Render("skipped: unproven")
	}
	return s.mark("skipped") + " " + s.Bold.Render(id.Title()) + " " + s.Subtle.Render("not checked in this session")
}

// valueLabel is the width of the values' label column.
const valueLabel = 34

// valueRow is one value for Huntress: its label, then the value whole,
// never cut, on the same line when both fit and on the next line when they
// do not. The client secret's row says where it comes from instead.
func valueRow(c *Common, v steps.Value, width int) string {
	s := c.Styles
	if v.Secret {
		return indentWrap("  "+s.Label.Render(pad(v.Label, valueLabel)), "paste the one you copied from Halo", width, s.Subtle) + "\n"
	}
	value := scrub.Line(v.Value)
	if 2+valueLabel+ansi.StringWidth(value) <= width {
		return "  " + s.Label.Render(pad(v.Label, valueLabel)) + s.Value.Render(value) + "\n"
	}
	return "  " + s.Label.Render(v.Label) + "\n" + "    " + s.Value.Render(value) + "\n"
}

// savedRows says where the secrets and files went.
func (p *summaryPage) savedRows() [][2]string {
	w := p.w
	s, f, demo := w.setup, w.files, w.opts.Demo != nil
	cfg := s.runConfig()
	rows := [][2]string{
		{"Halo client secret", s.halo.describe(demo, cfg.ClientSecret != "")},
		{"Huntress API secret", s.huntress.describe(demo, cfg.HuntressSecret != "")},
	}
	switch {
	case f.settingsErr != nil:
		rows = append(rows, [2]string{"Settings", "not saved: " + f.settingsErr.Error()})
	case f.settingsSaved:
		rows = append(rows, [2]string{"Settings", "saved to " + w.deps.SettingsPath + " (no secrets in it)"})
	default:
		rows = append(rows, [2]string{"Settings", "being saved"})
	}
	switch {
	case f.reportErr != nil:
		rows = append(rows, [2]string{"Report", "not written: " + f.reportErr.Error()})
	case f.reportPath != "":
		rows = append(rows, [2]string{"Report", f.reportPath + " (Markdown, for a support ticket; secrets redacted)"})
	default:
		rows = append(rows, [2]string{"Report", "being written"})
	}
	if f.csvPath != "" && f.csvErr == nil {
		rows = append(rows, [2]string{"Organizations", f.csvPath})
	}
	return rows
}

// Enter finishes the wizard.
func (p *summaryPage) Enter() tea.Cmd { return tea.Quit }

func (p *summaryPage) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := p.w.c.Keys
	switch {
	case key.Matches(km, k.Copy):
		return p.w.copyValues()
	case key.Matches(km, k.Finish):
		return tea.Quit
	case key.Matches(km, k.Back):
		return p.w.back()
	}
	p.w.scroll(km)
	return nil
}

func (p *summaryPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	return []key.Binding{k.Copy, k.Finish, k.Back, k.RecheckAll, k.Help, k.Quit}
}

// farewell is what stays in the terminal after the wizard closes: the
// values for Huntress and where everything went, as plain text.
func (p *summaryPage) farewell() string {
	var b strings.Builder
	if p.w.setup.sawFailure {
		b.WriteString(steps.ReAddIntegration + "\n\n")
	}
	if vals := p.w.setup.report().HuntressValues(); len(vals) > 0 {
		b.WriteString(steps.HuntressValuesHeading + ":\n")
		for _, v := range vals {
			value := scrub.Line(v.Value)
			if v.Secret {
				value = "the secret you copied from Halo (halowiz never shows it)"
			}
			fmt.Fprintf(&b, "  %-34s %s\n", v.Label, value)
		}
		b.WriteString("\n")
	}
	for _, row := range p.savedRows() {
		fmt.Fprintf(&b, "%s: %s\n", row[0], row[1])
	}
	return b.String()
}
