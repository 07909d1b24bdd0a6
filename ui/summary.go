package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// enterSummary saves the settings and writes the report.
func (m *Model) enterSummary() tea.Cmd {
	return tea.Batch(m.saveSettings(), m.writeReport())
}

func (m *Model) summaryBody() string {
	w := m.c.contentWidth()
	s := m.c.Styles
	rep := m.setup.report()
	var b strings.Builder
	if m.setup.sawFailure {
		b.WriteString(indentWrap(s.mark("warn")+" ", steps.ReAddIntegration, w, s.Warn) + "\n\n")
	}
	vals := rep.HuntressValues()
	if len(vals) == 0 {
		b.WriteString(para("No value has been confirmed yet: walk the steps (or press R to re-check all) to get the values for Huntress.", w))
	} else {
		b.WriteString(s.Heading.Render("Enter these in Huntress (Integrations > HaloPSA), in this order") + "\n")
		for _, v := range vals {
			b.WriteString(truncateLine("  "+s.Label.Render(pad(v.Label, 34))+s.Value.Render(v.Value), w) + "\n")
		}
		b.WriteString(indentWrap("", "c: copy them to the clipboard (OSC 52). Some terminals ignore it; the values are printed here either way.", w, s.Subtle) + "\n")
		b.WriteString(m.copyLine())
	}
	b.WriteString("\n" + s.Heading.Render("Where each step stands") + "\n")
	for _, id := range steps.Order {
		b.WriteString("  " + m.standing(id) + "\n")
	}
	b.WriteString("\n" + s.Heading.Render("Secrets and files") + "\n")
	for _, row := range m.savedRows() {
		b.WriteString(indentWrap("  "+s.Label.Render(pad(row[0], 22)), row[1], w) + "\n")
	}
	b.WriteString("\n" + wrap(rep.NextStep(), w) + "\n")
	return b.String()
}

// standing is one step's line: its latest result, or why it has none.
func (m *Model) standing(id steps.ID) string {
	s := m.c.Styles
	if r, ok := m.setup.result(id); ok {
		line := finishedLine(m.c, r)
		if m.setup.skipped[id] {
			line += s.Warn.Render(" (skipped later: unproven)")
		}
		return line
	}
	if m.setup.skipped[id] {
		return s.mark("warn") + " " + s.Bold.Render(id.Title()) + " " + s.Warn.Render("skipped: unproven")
	}
	return s.mark("skipped") + " " + s.Bold.Render(id.Title()) + " " + s.Subtle.Render("not checked in this session")
}

func (m *Model) copyLine() string {
	s := m.c.Styles
	switch {
	case m.files.copyErr != nil:
		return s.Warn.Render("Not copied: "+m.files.copyErr.Error()) + "\n"
	case m.files.copied:
		return s.Pass.Render("Sent to the clipboard (if your terminal allows it).") + "\n"
	}
	return ""
}

func (m *Model) savedRows() [][2]string {
	return savedRows(m.setup, m.opts.Demo != nil, m.deps.SettingsPath, m.files)
}

// savedRows says where the secrets and files went.
func savedRows(s *setup, demo bool, settingsPath string, f fileState) [][2]string {
	cfg := s.cfg
	rows := [][2]string{
		{"Halo client secret", s.halo.describe(demo, cfg.ClientSecret != "")},
		{"Huntress API secret", s.huntress.describe(demo, cfg.HuntressSecret != "")},
	}
	switch {
	case f.settingsErr != nil:
		rows = append(rows, [2]string{"Settings", "not saved: " + f.settingsErr.Error()})
	case f.settingsSaved:
		rows = append(rows, [2]string{"Settings", "saved to " + settingsPath + " (no secrets in it)"})
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

func (m *Model) summaryKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Copy):
		return m.copyValues()
	case key.Matches(msg, k.Finish):
		return tea.Quit
	case key.Matches(msg, k.Back):
		return m.back()
	}
	m.scroll(msg)
	return nil
}

func (m *Model) summaryHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.Copy, k.Finish, k.Back, k.RecheckAll, k.Help, k.Quit}
}

// farewell is what stays in the terminal after the wizard closes: the
// values for Huntress and where everything went, as plain text.
func (m *Model) farewell() string {
	var b strings.Builder
	if m.setup.sawFailure {
		b.WriteString(steps.ReAddIntegration + "\n\n")
	}
	if vals := m.setup.report().HuntressValues(); len(vals) > 0 {
		b.WriteString("Enter these in Huntress (Integrations > HaloPSA), in this order:\n")
		for _, v := range vals {
			fmt.Fprintf(&b, "  %-34s %s\n", v.Label, v.Value)
		}
		b.WriteString("\n")
	}
	for _, row := range m.savedRows() {
		fmt.Fprintf(&b, "%s: %s\n", row[0], row[1])
	}
	return b.String()
}
