package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// field is one labelled text input. CharLimit stays 0: a long pasted
// secret must never be cut short without a word.
type field struct {
	label  string
	input  textinput.Model
	secret bool
}

func newField(c *Common, label, value, placeholder string, secret bool) *field {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = 0
	ti.Placeholder = placeholder
	ti.PlaceholderStyle = c.Styles.Subtle
	ti.TextStyle = c.Styles.Value
	ti.Cursor.Style = c.Styles.Cursor
	if secret {
		ti.EchoMode = textinput.EchoPassword
		ti.EchoCharacter = '•'
	}
	ti.SetValue(value)
	return &field{label: label, input: ti, secret: secret}
}

// form is a column of fields, one of which may have the cursor.
type form struct {
	fields  []*field
	focused int
	active  bool // a field has the cursor: keys are typed into it
	static  bool
}

func (f *form) freeze() {
	f.static = true
	for _, fl := range f.fields {
		fl.input.Cursor.SetMode(cursor.CursorStatic)
	}
}

// focus gives field i the cursor.
func (f *form) focus(i int) tea.Cmd {
	if len(f.fields) == 0 {
		return nil
	}
	f.blur()
	f.focused, f.active = max(0, min(i, len(f.fields)-1)), true
	cmd := f.fields[f.focused].input.Focus()
	if f.static {
		f.fields[f.focused].input.Cursor.SetMode(cursor.CursorStatic)
		return nil
	}
	return cmd
}

// blur takes the cursor away: keys are commands again.
func (f *form) blur() {
	for _, fl := range f.fields {
		fl.input.Blur()
	}
	f.active = false
}

// move gives the cursor to the next (or previous) field; false when there
// is none.
func (f *form) move(delta int) (tea.Cmd, bool) {
	i := f.focused + delta
	if i < 0 || i >= len(f.fields) {
		return nil, false
	}
	return f.focus(i), true
}

// update hands a message to the field with the cursor.
func (f *form) update(msg tea.Msg) tea.Cmd {
	if !f.active || len(f.fields) == 0 {
		return nil
	}
	var cmd tea.Cmd
	fl := f.fields[f.focused]
	fl.input, cmd = fl.input.Update(msg)
	return cmd
}

// value is field i as the checks get it: without surrounding spaces, which
// a paste often brings along.
func (f *form) value(i int) string { return strings.TrimSpace(f.fields[i].input.Value()) }

// set replaces field i's value.
func (f *form) set(i int, v string) { f.fields[i].input.SetValue(v) }

// key is every value, for telling whether the inputs changed since a check.
func (f *form) key() string {
	var parts []string
	for i := range f.fields {
		parts = append(parts, f.value(i))
	}
	return strings.Join(parts, "\x00")
}

func (f *form) setWidth(c *Common) {
	w := max(c.contentWidth()-labelWidth-4, 12)
	for _, fl := range f.fields {
		fl.input.Width = w
	}
}

const labelWidth = 25

// view renders the fields, a "›" before the one with the cursor, and under
// a secret its length (never its value).
func (f *form) view(c *Common) string {
	var b strings.Builder
	for i, fl := range f.fields {
		marker := "  "
		if f.active && i == f.focused {
			marker = c.Styles.Cursor.Render("› ")
		}
		b.WriteString(marker + c.Styles.Label.Render(pad(fl.label, labelWidth)) + fl.input.View() + "\n")
		if fl.secret {
			b.WriteString("  " + pad("", labelWidth) + c.Styles.Subtle.Render(secretLength(fl.input.Value())) + "\n")
		}
	}
	return b.String()
}

// secretLength says how long a secret is, and whether spaces around it
// will be dropped.
func secretLength(raw string) string {
	v := strings.TrimSpace(raw)
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0:
		return "empty"
	case v != raw:
		return fmt.Sprintf("%d characters (the spaces around it are ignored)", n)
	}
	return fmt.Sprintf("%d characters", n)
}
