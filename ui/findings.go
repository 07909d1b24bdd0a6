package ui

import (
	"fmt"
	"strings"

	"halowiz/scrub"
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

// findingView is one finding. Its text names the tenant's things (clients,
// statuses, what Halo answered), so every line of it is made safe to show.
func findingView(c *Common, f steps.Finding, evidence bool, width int) string {
	var b strings.Builder
	prefix := "  " + c.Styles.mark(string(f.Severity)) + " "
	if f.Severity == steps.Fail || f.Severity == steps.Warn {
		b.WriteString(indentWrap(prefix, scrub.Line(f.Message), width, c.Styles.tone(string(f.Severity))) + "\n")
	} else {
		b.WriteString(indentWrap(prefix, scrub.Line(f.Message), width) + "\n")
	}
	for i, line := range f.Fix {
		b.WriteString(indentWrap(fmt.Sprintf("      %d. ", i+1), scrub.Line(line), width) + "\n")
	}
	if evidence && f.Evidence != "" {
		b.WriteString(indentWrap("      evidence: ", scrub.Line(f.Evidence), width, c.Styles.Subtle) + "\n")
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

// stepResults is the lower part of page p: the check in flight, or the
// latest results of the page's step (own, when set) after those of any
// step it needs that failed. perRequest names a step whose requests the
// progress lists one per line.
func (w *wizard) stepResults(p pageID, own steps.ID, needs []steps.ID, perRequest steps.ID) string {
	s := w.c.Styles
	if w.run != nil && w.run.page == p {
		if w.c.Plain {
			return "" // the accessible mode says each event as a line
		}
		return "\n" + w.checkingHeading() + "\n" + progressView(w.c, w.run.progress, w.spin.View(), perRequest)
	}
	var shown []steps.Result
	for _, id := range needs {
		if r, ok := w.setup.result(id); ok && r.Failed() {
			shown = append(shown, r)
		}
	}
	if r, ok := w.setup.result(own); ok && own != "" {
		shown = append(shown, r)
	}
	if len(shown) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n" + s.Heading.Render("Last check"))
	if hasEvidence(shown...) && !w.c.Plain {
		hint := "  v: show evidence"
		if w.evidence {
			hint = "  v: hide evidence"
		}
		b.WriteString(s.Subtle.Render(hint))
	}
	b.WriteString("\n")
	for _, r := range shown {
		b.WriteString(resultView(w.c, r, w.evidence))
	}
	return b.String()
}

// checkingHeading heads the progress of the check in flight, with the key
// that stops it when it can be stopped.
func (w *wizard) checkingHeading() string {
	s := w.c.Styles
	if w.run.cfg.SendTestTicket {
		return s.Heading.Render("Sending the test ticket")
	}
	k := w.c.Keys.StopWait.Help()
	return s.Heading.Render("Checking") + s.Subtle.Render("  "+k.Key+": "+k.Desc)
}
