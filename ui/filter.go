package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// filterField is the text input that narrows a list as it is typed into.
type filterField struct {
	c      *Common
	input  textinput.Model
	active bool // it has the cursor: keys are typed into it
}

func newFilterField(c *Common, prompt, placeholder string) filterField {
	f := textinput.New()
	f.Prompt = prompt
	f.CharLimit = 0
	f.Placeholder = placeholder
	f.PlaceholderStyle = c.Styles.Subtle
	f.Cursor.Style = c.Styles.Cursor
	return filterField{c: c, input: f}
}

func (f *filterField) start() tea.Cmd {
	f.active = true
	cmd := f.input.Focus()
	if f.c.Static {
		f.input.Cursor.SetMode(cursor.CursorStatic)
		return nil
	}
	return cmd
}

func (f *filterField) stop() {
	f.active = false
	f.input.Blur()
}

// update types into the filter; changed reports whether its text changed.
func (f *filterField) update(msg tea.Msg) (cmd tea.Cmd, changed bool) {
	before := f.input.Value()
	f.input, cmd = f.input.Update(msg)
	return cmd, f.input.Value() != before
}

// query is what to look for: lower case, without surrounding spaces.
func (f *filterField) query() string { return strings.ToLower(strings.TrimSpace(f.input.Value())) }
