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

// Text writes the compact human output of a check: a mark per step, each
// finding with its fix lines indented under it, and a last line that says
// what to do next.
func Text(w io.Writer, r steps.Report, o TextOptions) error {
	st := newTextStyles(w, o.Color)
	var b strings.Builder
	command := o.Command
	if command == "" {
		command = "check"
	}
	fmt.Fprintf(&b, "%s %s\n\n", st.bold.Render("halowiz "+command), scrub.Line(r.Host))
	for _, s := range r.Steps {
		dur := ""
		if s.Status != steps.StatusSkipped {
			dur = st.dim.Render(formatDuration(s.Duration))
		}
		fmt.Fprintf(&b, "%s %-34s %s\n", st.mark(string(s.Status)), scrub.Line(s.Title), dur)
		for _, f := range s.Findings {
			writeFinding(&b, st, f)
		}
	}
	if vals := r.HuntressValues(); r.OK() && len(vals) > 0 && !o.HideValues {
		b.WriteString("\nFor Huntress (Integrations > HaloPSA):\n")
		for _, v := range vals {
			fmt.Fprintf(&b, "  %-34s %s\n", v.Label, scrub.Line(v.Value))
		}
	}
	next := o.Next
	if next == "" {
		next = r.NextStep()
	}
	fmt.Fprintf(&b, "\n%s\n", scrub.Line(next))
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFinding writes one finding. Messages and fixes quote what Halo and
// Huntress sent (names, subjects, error bodies), so they are scrubbed here,
// at the terminal's edge; the JSON keeps them as they came.
func writeFinding(b *strings.Builder, st textStyles, f steps.Finding) {
	fmt.Fprintf(b, "    %s %s %s\n", st.mark(string(f.Severity)), scrub.Line(f.Message), st.dim.Render("["+scrub.Line(f.ID)+"]"))
	for i, line := range f.Fix {
		fmt.Fprintf(b, "        %d. %s\n", i+1, scrub.Line(line))
	}
}

func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
