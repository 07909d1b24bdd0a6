package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"halowiz/scrub"
	"halowiz/steps"
)

// TextOptions shape the human output.
type TextOptions struct {
	Color bool // only on a terminal, never with NO_COLOR
	// Command names the run in the heading: "check" when empty.
	Command string
	// Next replaces the report's own last line (Report.NextStep) when set.
	Next string
	// HideValues leaves out the values to enter in Huntress, which only a
	// setup run needs.
	HideValues bool
	// Width wraps long lines to this many columns, each wrapped line
	// indented under the text it continues. 0 wraps nothing: a script
	// reading a pipe gets one line per finding, fix line and value.
	Width int
	// Verbose shows every finding with its evidence; otherwise each step
	// is one line, followed only by its warnings and failures with their
	// fixes (and, for a step that did not run, why).
	Verbose bool
}

// Mark is the one-character sign of a status or severity.
func Mark(v string) string {
	switch v {
	case "pass":
		return "✓"
	case "warn":
		return "!"
	case "fail":
		return "✗"
	case "skipped":
		return "-"
	}
	return "i"
}

type textStyles struct {
	pass, warn, fail, dim, bold lipgloss.Style
}

func newTextStyles(w io.Writer, color bool) textStyles {
	r := lipgloss.NewRenderer(w)
	if !color {
		r.SetColorProfile(termenv.Ascii)
	} else {
		r.SetColorProfile(termenv.ANSI256)
	}
	return textStyles{
		pass: r.NewStyle().Foreground(lipgloss.Color("2")),
		warn: r.NewStyle().Foreground(lipgloss.Color("3")),
		fail: r.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		dim:  r.NewStyle().Faint(true),
		bold: r.NewStyle().Bold(true),
	}
}

func (s textStyles) mark(v string) string {
	m := Mark(v)
	switch v {
	case "pass":
		return s.pass.Render(m)
	case "warn":
		return s.warn.Render(m)
	case "fail":
		return s.fail.Render(m)
	}
	return s.dim.Render(m)
}

// Indents of the text output: a finding under its step, its fix lines and
// evidence under the finding.
const (
	findingIndent = "    "
	detailIndent  = "        "
)

// Text writes the human output of a check, like flutter doctor: a mark per
// step, the findings worth acting on with their fix lines indented under
// them (every finding and its evidence when Verbose), the values for
// Huntress when nothing failed, and a last line that counts what failed and
// says what to do next.
//
// Everything that came from Halo or Huntress (messages, fix lines that name
// tenant objects, evidence, values) goes through scrub first: a tenant's
// names and error bodies never drive the terminal.
func Text(w io.Writer, r steps.Report, o TextOptions) error {
	t := textWriter{st: newTextStyles(w, o.Color), width: o.Width}
	command := o.Command
	if command == "" {
		command = "check"
	}
	t.line(t.st.bold.Render("halowiz "+command)+" "+scrub.Line(r.Host), "", "")
	t.b.WriteString("\n")
	hidden := 0
	for _, s := range r.Steps {
		t.step(s)
		for _, f := range s.Findings {
			if !o.Verbose && !worthShowing(s, f) {
				hidden++
				continue
			}
			t.finding(f, o.Verbose)
		}
	}
	if hidden > 0 {
		t.b.WriteString("\n")
		t.line(fmt.Sprintf("-v shows %s and the evidence.", steps.Plural(hidden, "more finding", "more findings")), "", "")
	}
	if vals := r.HuntressValues(); r.OK() && len(vals) > 0 && !o.HideValues {
		t.b.WriteString("\nFor Huntress (Integrations > HaloPSA):\n")
		for _, v := range vals {
			t.value(v.Label, scrub.Line(v.Value))
		}
	}
	next := o.Next
	if next == "" {
		next = r.NextStep()
	}
	t.b.WriteString("\n")
	t.line(scrub.Line(next), "", "")
	_, err := io.WriteString(w, t.b.String())
	return err
}

// worthShowing says whether a finding is shown without -v: warnings and
// failures, and the note that says why a step did not run.
func worthShowing(s steps.Result, f steps.Finding) bool {
	return f.Severity == steps.Warn || f.Severity == steps.Fail || s.Status == steps.StatusSkipped
}

// textWriter builds the output, wrapping to width (0: no wrapping).
type textWriter struct {
	b     strings.Builder
	st    textStyles
	width int
}

func (t *textWriter) step(s steps.Result) {
	title := scrub.Line(s.Title)
	line := t.st.mark(string(s.Status)) + " " + title
	if s.Status != steps.StatusSkipped {
		// The durations line up in a column, closer in on a narrow terminal.
		dur := formatDuration(s.Duration)
		column := 35
		if t.width > 0 {
			column = min(column, t.width-2-displayWidth(dur))
		}
		line += strings.Repeat(" ", max(1, column-displayWidth(title))) + t.st.dim.Render(dur)
	}
	t.b.WriteString(line + "\n")
}

// value writes one value for Huntress beside its label, or under it when
// the two do not fit the width. A value is never wrapped: it is copied.
func (t *textWriter) value(label, value string) {
	line := fmt.Sprintf("  %-34s %s", label, value)
	if t.width > 0 && displayWidth(line) > t.width {
		line = "  " + label + "\n" + detailIndent + value
	}
	t.b.WriteString(line + "\n")
}

func (t *textWriter) finding(f steps.Finding, verbose bool) {
	id := "[" + scrub.Line(f.ID) + "]"
	lines := wrap(scrub.Line(f.Message)+" "+id, findingIndent+"  ", findingIndent+"  ", t.width)
	// The mark and the id are coloured after wrapping, so that widths are
	// counted on the text alone; the id is one word, so it ends the last line.
	lines[0] = findingIndent + t.st.mark(string(f.Severity)) + " " + strings.TrimPrefix(lines[0], findingIndent+"  ")
	last := len(lines) - 1
	lines[last] = strings.TrimSuffix(lines[last], id) + t.st.dim.Render(id)
	t.b.WriteString(strings.Join(lines, "\n") + "\n")
	for i, line := range f.Fix {
		num := fmt.Sprintf("%d. ", i+1)
		t.line(scrub.Line(line), detailIndent+num, detailIndent+strings.Repeat(" ", len(num)))
	}
	if verbose && f.Evidence != "" {
		label := "evidence: "
		hang := detailIndent + strings.Repeat(" ", len(label))
		for i, line := range strings.Split(scrub.Text(f.Evidence), "\n") {
			first := hang
			if i == 0 {
				first = detailIndent + label
			}
			t.line(line, first, hang)
		}
	}
}

// line writes text after first, wrapped to the width with continuations
// after rest.
func (t *textWriter) line(text, first, rest string) {
	t.b.WriteString(strings.Join(wrap(text, first, rest, t.width), "\n") + "\n")
}

// wrap breaks text at spaces into lines no wider than width (0: no limit),
// the first after first, the others after rest: a hanging indent. A word
// longer than the room it has stays whole, since it may be a host, a path
// or an id that someone copies.
func wrap(text, first, rest string, width int) []string {
	if width <= 0 || displayWidth(first)+displayWidth(text) <= width {
		return []string{strings.TrimRight(first+text, " ")}
	}
	var lines []string
	prefix, cur := first, ""
	for _, word := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = word
		case displayWidth(prefix)+displayWidth(cur)+1+displayWidth(word) <= width:
			cur += " " + word
		default:
			lines = append(lines, prefix+cur)
			prefix, cur = rest, word
		}
	}
	return append(lines, prefix+cur)
}

// displayWidth is the number of terminal columns s takes, colour escapes
// excluded.
func displayWidth(s string) int { return lipgloss.Width(s) }

func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
