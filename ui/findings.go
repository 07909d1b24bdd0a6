package ui

import (
	"fmt"
	"strings"

	"halowiz/scrub"
	"halowiz/steps"
)

// resultView renders a step's result as steps wrote it: the outcome, then
// every finding with its message and its numbered fix lines, and the
// evidence when the admin asked for it. host is the tenant's proven
// hostname, for the addresses of the Halo pages fixes name ("" for none).
func resultView(c *Common, r steps.Result, evidence bool, host string) string {
	var b strings.Builder
	b.WriteString(finishedLine(c, r) + "\n")
	width := c.contentWidth()
	for _, f := range r.Findings {
		b.WriteString(findingView(c, f, evidence, width, host))
	}
	return b.String()
}

// findingView is one finding. Its text names the tenant's things (clients,
// statuses, what Halo answered), so every line of it is made safe to show.
// A fix line that names a Halo page whose address steps knows is followed
// by that address on the tenant's host.
func findingView(c *Common, f steps.Finding, evidence bool, width int, host string) string {
	var b strings.Builder
	prefix := "  " + c.Styles.mark(string(f.Severity)) + " "
	if f.Severity == steps.Fail || f.Severity == steps.Warn {
		b.WriteString(indentWrap(prefix, scrub.Line(f.Message), width, c.Styles.tone(string(f.Severity))) + "\n")
	} else {
		b.WriteString(indentWrap(prefix, scrub.Line(f.Message), width) + "\n")
	}
	for i, line := range f.Fix {
		b.WriteString(indentWrap(fmt.Sprintf("      %d. ", i+1), scrub.Line(line), width) + "\n")
		if url := steps.HaloPageURL(host, line); url != "" {
			b.WriteString(indentWrap("         ", scrub.Line(url), width, c.Styles.Subtle) + "\n")
		}
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

// stepResults is what page p shows first, above its own content: the
// check in flight, or else the latest result of the page's step (own) in
// full, followed by the failures of the steps it needs (needs), which are
// why it could not run. A page whose step has no result yet names a failed
// step it needs in one line, pointing to that step's page: another step's
// result never passes for this one's. perRequest names a step whose
// requests the progress lists one per line. The block ends with a blank
// line; it is "" when there is nothing to show.
func (w *wizard) stepResults(p pageID, own steps.ID, needs []steps.ID, perRequest steps.ID) string {
	s := w.c.Styles
	if w.run != nil && w.run.page == p {
		if w.c.Plain {
			return "" // the accessible mode says each event as a line
		}
		return w.checkingHeading() + "\n" + progressView(w.c, w.run.progress, w.spin.View(), perRequest) + "\n"
	}
	var failedNeeds []steps.Result
	for _, id := range needs {
		if r, ok := w.setup.result(id); ok && r.Failed() {
			failedNeeds = append(failedNeeds, r)
		}
	}
	r, ok := w.setup.result(own)
	if own == "" || !ok {
		var b strings.Builder
		for _, n := range failedNeeds {
			line := finishedLine(w.c, n) + s.Subtle.Render(" on step "+stepNumber(n.Step)+": fix it there first")
			b.WriteString(truncateLine(line, w.c.contentWidth()) + "\n")
		}
		if b.Len() == 0 {
			return ""
		}
		return b.String() + "\n"
	}
	shown := append([]steps.Result{r}, failedNeeds...)
	var b strings.Builder
	for i, res := range shown {
		view := resultView(w.c, res, w.evidence, w.setup.tenantHost())
		if i == 0 && hasEvidence(shown...) && !w.c.Plain {
			first, rest, _ := strings.Cut(view, "\n")
			view = first + s.Subtle.Render("  "+w.evidenceHint()) + "\n" + rest
		}
		b.WriteString(view)
	}
	return b.String() + "\n"
}

// evidenceHint says what v does now.
func (w *wizard) evidenceHint() string {
	k := w.c.Keys.Evidence.Help().Key
	if w.evidence {
		return k + ": hide evidence"
	}
	return k + ": show evidence"
}

// checkingHeading heads the progress of the check in flight, with the key
// that stops it when it can be stopped.
func (w *wizard) checkingHeading() string {
	if w.run.cfg.SendTestTicket {
		return strings.TrimSuffix(heading(w.c, "Sending the test ticket", ""), "\n")
	}
	what := "Checking"
	if w.run.intent == intentLoad {
		what = "Reading from Halo what this page lists"
	}
	k := w.c.Keys.StopWait.Help()
	return strings.TrimSuffix(heading(w.c, what, k.Key+": "+k.Desc), "\n")
}
