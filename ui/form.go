package ui

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// question is one value a page asks for, written once for both renderings:
// the full-screen page shows a text question as a huh field of its form and
// a choice as one of its lists, and the accessible mode asks either as a
// huh prompt. The label, the hint and the rule are the same in both.
type question struct {
	label string
	hint  string // where the value comes from; the empty field's placeholder

	// A text question edits value in place.
	value    *string
	secret   bool          // masked, and told by its length, never its value
	required string        // why it may not stay empty; "" for an optional value
	about    func() string // what the page knows of the value (where it came from, whether it is kept), shown under it; may be nil

	// A choice is one of choices(); get is the current one, set takes the
	// admin's.
	choices func() []pickItem
	get     func() string
	set     func(string)
}

// choiceOf is the question of which item of list to take.
func choiceOf(label string, list *picker) question {
	return question{label: label, choices: func() []pickItem { return list.items }, get: list.value, set: func(v string) { list.choose(v) }}
}

// validate refuses an empty required value. s is what was typed: in the
// accessible mode an empty line keeps the value there is.
func (q question) validate(s string) error {
	if q.required == "" || strings.TrimSpace(s) != "" || (q.value != nil && strings.TrimSpace(*q.value) != "") {
		return nil
	}
	return errors.New(q.label + " is needed: " + q.required + ".")
}

// labelWidth is the width of a field's label, so that values line up.
const labelWidth = 25

// inputForm is a page's text questions as a huh form inside the page: huh
// moves between the fields, edits and validates them; the page lays out
// their rows, says what Enter and Esc do, and adds under each field what it
// knows about its value.
type inputForm struct {
	c      *Common
	qs     []question
	fields []*huh.Input
	form   *huh.Form
	active bool         // a field has the cursor: keys are typed into it
	shown  map[int]bool // secrets shown as typed, by field
	width  int          // the fields' width
	row    int          // the line of view the field with the cursor is on; -1 when none has it
}

func newInputForm(c *Common, qs ...question) *inputForm {
	f := &inputForm{c: c, qs: qs, shown: map[int]bool{}}
	theme := formTheme(c.Styles)
	for _, q := range qs {
		in := huh.NewInput().Title(q.label).Prompt("").Placeholder(q.hint).Inline(true).Value(q.value).Validate(q.validate)
		if q.secret {
			in.EchoMode(huh.EchoModePassword)
		}
		in.WithTheme(theme)
		f.fields = append(f.fields, in)
	}
	f.setWidth()
	return f
}

// build makes a fresh huh form over the fields, the first one focused. A
// form is built when a field first gets the cursor.
func (f *inputForm) build() {
	fields := make([]huh.Field, len(f.fields))
	for i, in := range f.fields {
		fields[i] = in
	}
	f.form = huh.NewForm(huh.NewGroup(fields...)).
		WithKeyMap(formKeys()).
		WithShowHelp(false).
		WithShowErrors(false)
	f.form.Init()
	f.width = 0 // a new form: size its fields again
	f.setWidth()
}

// formTheme is huh's look in the wizard's styles: a bold label as wide as
// labelWidth, the value beside it.
func formTheme(s *Styles) *huh.Theme {
	t := huh.ThemeBase()
	for _, fs := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
		fs.Base = s.Plain
		fs.Title = s.Label.Width(labelWidth)
		fs.ErrorMessage = s.Fail
		fs.TextInput.Text = s.Value
		fs.TextInput.Placeholder = s.Subtle
		fs.TextInput.Prompt = s.Plain
		fs.TextInput.Cursor = s.Cursor
	}
	return t
}

// formKeys leaves huh no key of its own: moving between fields, Enter,
// Esc and finishing the last field are the page's to answer, through the
// wizard's KeyMap; huh edits the field with the cursor.
func formKeys() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	none := key.NewBinding()
	km.Quit = none
	km.Input = huh.InputKeyMap{Next: none, Prev: none, Submit: none, AcceptSuggestion: none}
	return km
}

// setWidth fits the fields to the terminal; the Model asks after every
// message, so it does the work only when the width changed.
func (f *inputForm) setWidth() {
	w := max(f.c.contentWidth()-2, labelWidth+12)
	if w == f.width {
		return
	}
	f.width = w
	for i, in := range f.fields {
		in.WithWidth(w)
		// The text input fits a value to its width only when the value is
		// set into an empty input: without this, a value longer than the
		// new width (a secret at 60 columns) would overflow its row.
		var none string
		in.Value(&none).Value(f.qs[i].value)
	}
}

// focused is the index of the field with the cursor, or last had it.
func (f *inputForm) focused() int {
	if f.form == nil {
		return 0
	}
	for i, in := range f.fields {
		if huh.Field(in) == f.form.GetFocusedField() {
			return i
		}
	}
	return 0
}

// focus gives field i the cursor.
func (f *inputForm) focus(i int) tea.Cmd {
	f.blur()
	f.build()
	for range max(0, min(i, len(f.fields)-1)) {
		f.form.NextField()
	}
	f.active = true
	if f.c.Static {
		return nil
	}
	return f.fields[f.focused()].Focus()
}

// blur takes the cursor away: keys are commands again.
func (f *inputForm) blur() {
	if f.active {
		f.fields[f.focused()].Blur()
	}
	f.active = false
}

// update hands a message to the form: keys to the field with the cursor
// (moving past the last field ends typing), anything else to every field.
func (f *inputForm) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok || !f.active {
		if ok || f.form == nil {
			return nil
		}
		_, cmd := f.form.Update(msg)
		return cmd
	}
	k := f.c.Keys
	switch at := f.focused(); {
	case key.Matches(km, k.NextField) && at == len(f.fields)-1:
		f.blur()
		return nil
	case key.Matches(km, k.NextField):
		return f.quiet(f.form.NextField())
	case key.Matches(km, k.PrevField) && at > 0:
		return f.quiet(f.form.PrevField())
	case key.Matches(km, k.PrevField):
		return nil
	case key.Matches(km, k.Reveal):
		f.reveal()
		return nil
	}
	_, cmd := f.form.Update(km)
	return f.quiet(cmd)
}

// quiet drops, in a frozen wizard, what a field starts on its own after a
// key (the cursor's blink), so that nothing moves between two frames.
func (f *inputForm) quiet(cmd tea.Cmd) tea.Cmd {
	if f.c.Static {
		return nil
	}
	return cmd
}

// reveal shows the secret under the cursor as typed, or masks it again.
func (f *inputForm) reveal() {
	i := f.focused()
	if !f.qs[i].secret {
		return
	}
	f.shown[i] = !f.shown[i]
	mode := huh.EchoModePassword
	if f.shown[i] {
		mode = huh.EchoModeNormal
	}
	f.fields[i].EchoMode(mode)
}

// onSecret reports whether the field with the cursor is a secret.
func (f *inputForm) onSecret() bool { return f.active && f.qs[f.focused()].secret }

// validate checks every field's rule and gives the cursor to the first
// field that breaks it, with its error; true when none does.
func (f *inputForm) validate() (bool, tea.Cmd) {
	for i, q := range f.qs {
		if q.validate(*q.value) != nil {
			cmd := f.focus(i)
			f.fields[i].Blur() // huh validates on blur: the error shows
			f.fields[i].Focus()
			return false, cmd
		}
	}
	return true, nil
}

// reload shows values the page changed itself.
func (f *inputForm) reload() {
	for i, in := range f.fields {
		in.Value(f.qs[i].value)
	}
}

// key is every value, for telling whether the inputs changed since a check.
func (f *inputForm) key() string {
	parts := make([]string, len(f.qs))
	for i, q := range f.qs {
		parts[i] = strings.TrimSpace(*q.value)
	}
	return strings.Join(parts, "\x00")
}

// view renders the fields, a "›" before the one with the cursor; under a
// secret its length (never its value), under a field its error.
func (f *inputForm) view() string {
	s := f.c.Styles
	var b strings.Builder
	focused := f.focused()
	f.row = -1
	for i, in := range f.fields {
		marker := "  "
		if f.active && i == focused {
			marker = s.Cursor.Render("› ")
			f.row = lineCount(&b)
		}
		b.WriteString(truncateLine(marker+in.View(), f.c.contentWidth()) + "\n")
		under := "  " + pad("", labelWidth)
		var aside []string
		if f.qs[i].secret {
			aside = append(aside, secretLength(*f.qs[i].value))
		}
		if about := f.qs[i].about; about != nil && about() != "" {
			aside = append(aside, about())
		}
		if len(aside) > 0 {
			b.WriteString(indentWrap(under, strings.Join(aside, " · "), f.c.contentWidth(), s.Subtle) + "\n")
		}
		if err := in.Error(); err != nil {
			b.WriteString(indentWrap(under, err.Error(), f.c.contentWidth(), s.Fail) + "\n")
		}
	}
	return b.String()
}

// formPageKey is what a step page made of one form does with a message:
// while a field has the cursor Shift+Tab goes to the field before it, from
// the first field Esc and Shift+Tab go back, and the rest is the form's;
// otherwise Edit gives the cursor back to the form and the step keys work.
func (w *wizard) formPageKey(f *inputForm, msg tea.Msg, retry func() tea.Cmd) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return f.update(msg)
	}
	k := w.c.Keys
	switch {
	case f.active && key.Matches(km, k.PrevField) && f.focused() > 0:
		return f.update(km) // shift+tab: the previous field before the previous page
	case f.active && key.Matches(km, k.Back):
		return w.back()
	case f.active:
		return f.update(km)
	case key.Matches(km, k.Edit):
		return f.focus(f.focused())
	}
	return w.stepKey(km, retry)
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
