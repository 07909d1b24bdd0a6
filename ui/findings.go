package ui

import (
	"fmt"
	"strings"

	"halowiz/steps"
)

// resultView renders a step's result as steps wrote it: the outcome, then
// every finding with its message and its numbered fix lines, and the
// evidence when the admin asked for it.
func resultView(c *Common, r steps.Result, evidence bool) string {
	var b strings.Builder
	b.WriteString(finishedLine(c, r) + "\n")
	width := c.contentWidth()
	for _, f := range r.Findings {
		b.WriteString(findingView(c, f, evidence, width))
	}
	return b.String()
}

func findingView(c *Common, f steps.Finding, evidence bool, width int) string {
	var b strings.Builder
	prefix := "  " + c.Styles.mark(string(f.Severity)) + " "
	if f.Severity == steps.Fail || f.Severity == steps.Warn {
		b.WriteString(indentWrap(prefix, f.Message, width, c.Styles.tone(string(f.Severity))) + "\n")
	} else {
		b.WriteString(indentWrap(prefix, f.Message, width) + "\n")
	}
	for i, line := range f.Fix {
		b.WriteString(indentWrap(fmt.Sprintf("      %d. ", i+1), line, width) + "\n")
	}
	if evidence && f.Evidence != "" {
		b.WriteString(indentWrap("      evidence: ", f.Evidence, width, c.Styles.Subtle) + "\n")
	}
	return b.String()
}

// hasEvidence reports whether any finding carries evidence to show.
func hasEvidence(rs ...steps.Result) bool {
	for _, r := range rs {
		for _, f := range r.Findings {
			if f.Evidence != "" {
				return true
			}
		}
	}
	return false
}

// stepResults is the lower part of a step page: the check in flight, or
// the latest results of the page's step (own, when set) after those of any
// step it needs that failed.
func (m *Model) stepResults(own steps.ID, needs []steps.ID) string {
	s := m.c.Styles
	if m.run != nil && m.run.page == m.page {
		perRequest := steps.ID("")
		if m.page == pageTicket {
			perRequest = steps.Ticket
		}
		return "\n" + s.Heading.Render("Checking") + s.Subtle.Render("  esc: stop waiting") + "\n" +
			progressView(m.c, m.run.progress, m.spin.View(), perRequest)
	}
	var shown []steps.Result
	for _, id := range needs {
		if r, ok := m.setup.result(id); ok && r.Failed() {
			shown = append(shown, r)
		}
	}
	if r, ok := m.setup.result(own); ok && own != "" {
		shown = append(shown, r)
	}
	if len(shown) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n" + s.Heading.Render("Last check"))
	if hasEvidence(shown...) {
		hint := "  v: show evidence"
		if m.evidence {
			hint = "  v: hide evidence"
		}
		b.WriteString(s.Subtle.Render(hint))
	}
	b.WriteString("\n")
	for _, r := range shown {
		b.WriteString(resultView(m.c, r, m.evidence))
	}
	return b.String()
}
