package ui

import (
	"io"

	"github.com/charmbracelet/lipgloss"

	"halowiz/report"
)

// TerminalRenderer is the renderer for the wizard's output out, which must
// be the terminal itself (the *os.File, not a wrapper around it: termenv
// recognises a terminal only by its file). Its colour profile is detected
// the way lipgloss and termenv do it, from out and the environment (TERM,
// COLORTERM, NO_COLOR, CLICOLOR_FORCE), which asks the terminal nothing.
//
// Its background is declared, never asked: asking is an escape sequence
// the terminal answers or not, and one that does not (a pty under script,
// some Windows and CI consoles) makes termenv wait 5 s. The styles use
// only the sixteen basic colours, which read on dark and light backgrounds
// alike, so nothing depends on the answer. (Bubble Tea's own question, at
// init, is headed off by package earlyterm.)
func TerminalRenderer(out io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(out)
	r.SetHasDarkBackground(true)
	return r
}

// Styles are the wizard's looks, built on one renderer so that the colour
// profile of the real output (and NO_COLOR) decides what reaches the screen.
// Only the sixteen basic colours are used: they read on dark and light
// backgrounds alike, and picking them needs no question to the terminal.
type Styles struct {
	Plain    lipgloss.Style
	App      lipgloss.Style
	Header   lipgloss.Style
	Step     lipgloss.Style
	Demo     lipgloss.Style
	Rule     lipgloss.Style
	Heading  lipgloss.Style
	Subtle   lipgloss.Style
	Bold     lipgloss.Style
	Label    lipgloss.Style
	Value    lipgloss.Style
	Pass     lipgloss.Style
	Warn     lipgloss.Style
	Fail     lipgloss.Style
	Info     lipgloss.Style
	Cursor   lipgloss.Style
	Selected lipgloss.Style
	Key      lipgloss.Style
	Help     lipgloss.Style
	Table    tableStyles
	// Words says statuses in words instead of marks (✓, ✗), which screen
	// readers read out by their names: the accessible rendering's.
	Words bool
}

type tableStyles struct {
	Header, Cell, Selected lipgloss.Style
}

// NewStyles builds the styles on renderer r.
func NewStyles(r *lipgloss.Renderer) *Styles {
	green, yellow, red, cyan, grey := lipgloss.Color("2"), lipgloss.Color("3"), lipgloss.Color("1"), lipgloss.Color("6"), lipgloss.Color("8")
	return &Styles{
		Plain:    r.NewStyle(),
		App:      r.NewStyle().PaddingLeft(1),
		Header:   r.NewStyle().Bold(true),
		Step:     r.NewStyle().Foreground(cyan),
		Demo:     r.NewStyle().Foreground(yellow).Bold(true),
		Rule:     r.NewStyle().Foreground(grey),
		Heading:  r.NewStyle().Bold(true).Foreground(cyan),
		Subtle:   r.NewStyle().Faint(true),
		Bold:     r.NewStyle().Bold(true),
		Label:    r.NewStyle().Bold(true),
		Value:    r.NewStyle().Foreground(cyan),
		Pass:     r.NewStyle().Foreground(green),
		Warn:     r.NewStyle().Foreground(yellow),
		Fail:     r.NewStyle().Foreground(red).Bold(true),
		Info:     r.NewStyle().Foreground(cyan),
		Cursor:   r.NewStyle().Foreground(cyan).Bold(true),
		Selected: r.NewStyle().Bold(true),
		Key:      r.NewStyle().Bold(true),
		Help:     r.NewStyle().Faint(true),
		Table: tableStyles{
			Header:   r.NewStyle().Bold(true).Padding(0, 1),
			Cell:     r.NewStyle().Padding(0, 1),
			Selected: r.NewStyle().Bold(true).Reverse(true),
		},
	}
}

// tone styles text by a status or severity name (pass, warn, fail, skipped,
// info), the words steps uses.
func (s *Styles) tone(v string) lipgloss.Style {
	switch v {
	case "pass":
		return s.Pass
	case "warn":
		return s.Warn
	case "fail":
		return s.Fail
	case "skipped":
		return s.Subtle
	}
	return s.Info
}

// mark is report.Mark in the status's colour, or the status in a word.
func (s *Styles) mark(v string) string {
	if s.Words {
		return markWords[v]
	}
	return s.tone(v).Render(report.Mark(v))
}

// markWords say the marks for a screen reader.
var markWords = map[string]string{
	"pass": "Pass:", "fail": "Fail:", "warn": "Warning:", "info": "Note:", "skipped": "Skipped:",
}
