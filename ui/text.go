package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// wrap breaks text into lines of at most width cells, at spaces where it
// can.
func wrap(text string, width int) string {
	return ansi.Wrap(text, max(width, 10), "")
}

// indentWrap wraps text behind prefix, with a hanging indent as wide as the
// prefix, so numbered fix lines and bullets stay readable when they wrap.
// A style, when given, colours each line of the text (not the prefix), so
// that no colour runs on past a line end.
func indentWrap(prefix, text string, width int, style ...lipgloss.Style) string {
	pad := strings.Repeat(" ", ansi.StringWidth(prefix))
	lines := strings.Split(wrap(text, width-ansi.StringWidth(prefix)), "\n")
	for i := range lines {
		if len(style) > 0 {
			lines[i] = style[0].Render(lines[i])
		}
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// para is a wrapped paragraph followed by a blank line.
func para(text string, width int) string { return wrap(text, width) + "\n\n" }

// pad fills s with spaces to width cells, for label columns.
func pad(s string, width int) string {
	if n := ansi.StringWidth(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// truncateLine cuts a line to width cells, with an ellipsis.
func truncateLine(s string, width int) string {
	return ansi.Truncate(s, max(width, 4), "…")
}

// heading is a heading, wrapped to width, with its hint (the keys that
// work on what it heads) after it when both fit on a line and on the next
// line when not. It ends with a line end.
func heading(c *Common, title, hint string) string {
	s := c.Styles
	width := c.contentWidth()
	lines := strings.Split(wrap(title, width), "\n")
	for i := range lines {
		lines[i] = s.Heading.Render(lines[i])
	}
	last := len(lines) - 1
	switch {
	case hint == "":
	case ansi.StringWidth(lines[last])+2+ansi.StringWidth(hint) <= width:
		lines[last] += s.Subtle.Render("  " + hint)
	default:
		lines = append(lines, indentWrap("", hint, width, s.Subtle))
	}
	return strings.Join(lines, "\n") + "\n"
}

// lineCount is how many whole lines b holds so far: the line the next
// write starts on.
func lineCount(b *strings.Builder) int { return strings.Count(b.String(), "\n") }

// cursorLiner is a page that knows which line of its own content (the top
// its View returns) has the cursor, or -1, as of its last View: the frame
// keeps that line in sight.
type cursorLiner interface {
	cursorLine() int
}

// rowAt is the line of the page the form's cursor is on, the form starting
// at line at; -1 when the form does not have the cursor.
func (f *inputForm) rowAt(at int) int {
	if !f.active || f.row < 0 {
		return -1
	}
	return at + f.row
}
