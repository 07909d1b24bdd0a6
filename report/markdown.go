package report

import (
	"fmt"
	"halowiz/scrub"
	"io"
	"strings"
	"time"

	"halowiz/steps"
)

// MarkdownOptions stamp the support report.
type MarkdownOptions struct {
	Version string    // halowiz's version
	Time    time.Time // when the checks ran
	// Next replaces the report's own last line (Report.NextStep) when set.
	Next string
	// HideValues leaves out the values to enter in Huntress.
	HideValues bool
}

// Markdown writes a report for a support ticket: the outcome of every step,
// every finding with its fix and its evidence. Secrets were redacted by the
// runner; Markdown adds nothing that could carry one.
func Markdown(w io.Writer, r steps.Report, o MarkdownOptions) error {
	var b strings.Builder
	outcome := "all checks passed"
	if !r.OK() {
		outcome = "at least one check failed"
	}
	fmt.Fprintf(&b, "# halowiz report: %s\n\n", mdText(r.Host))
	fmt.Fprintf(&b, "- Checked: %s\n", o.Time.UTC().Format("2006-01-02 15:04:05 MST"))
	fmt.Fprintf(&b, "- halowiz: %s\n", mdText(o.Version))
	fmt.Fprintf(&b, "- Outcome: **%s**\n\n", outcome)

	b.WriteString("| step | status | time | findings |\n| --- | --- | --- | --- |\n")
	for _, s := range r.Steps {
		ids := make([]string, 0, len(s.Findings))
		for _, f := range s.Findings {
			ids = append(ids, "`"+f.ID+"`")
		}
		fmt.Fprintf(&b, "| %s | %s %s | %s | %s |\n", mdText(s.Title), Mark(string(s.Status)), s.Status, formatDuration(s.Duration), strings.Join(ids, ", "))
	}
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "\n## %s %s (%s)\n", Mark(string(s.Status)), mdText(s.Title), s.Status)
		for _, f := range s.Findings {
			fmt.Fprintf(&b, "\n### `%s` (%s)\n\n%s\n", f.ID, f.Severity, mdText(f.Message))
			if len(f.Fix) > 0 {
				b.WriteString("\nFix:\n\n")
				for i, line := range f.Fix {
					fmt.Fprintf(&b, "%d. %s\n", i+1, mdText(line))
				}
			}
			if f.Evidence != "" {
				ev := scrub.Text(f.Evidence)
				fence := scrub.CodeFence(ev)
				fmt.Fprintf(&b, "\nEvidence:\n\n%stext\n%s\n%s\n", fence, ev, fence)
			}
		}
	}
	if vals := r.HuntressValues(); len(vals) > 0 && !o.HideValues {
		b.WriteString("\n## Values for Huntress (Integrations > HaloPSA)\n\n| field | value |\n| --- | --- |\n")
		for _, v := range vals {
			fmt.Fprintf(&b, "| %s | %s |\n", mdText(v.Label), mdText(v.Value))
		}
	}
	next := o.Next
	if next == "" {
		next = r.NextStep()
	}
	fmt.Fprintf(&b, "\n%s\n", mdText(next))
	_, err := io.WriteString(w, b.String())
	return err
}

// mdText keeps text from Halo from turning into markup, links or terminal
// control when the report is read: one line, every markup character and
// control escaped. It serves table cells too, since it escapes "|".
func mdText(s string) string { return scrub.Markdown(s) }
