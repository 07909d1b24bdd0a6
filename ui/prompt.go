package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/term"

	"halowiz/scrub"
)

// The accessible mode's prompts: huh fields run in huh's accessible mode,
// one line each, on the wizard's input.

// byteReader reads one byte at a time, so that each prompt (huh gives each
// its own buffered scanner) takes only its own line, and notes the end of
// the input.
type byteReader struct {
	r   io.Reader
	eof bool
}

func (b *byteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	n, err := b.r.Read(p)
	if errors.Is(err, io.EOF) {
		b.eof = true
	}
	return n, err
}

// keepTerminal saves the terminal's state and returns what restores it: a
// hidden-input prompt cut short by Ctrl+C would leave echo off.
func keepTerminal(in io.Reader) func() {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return func() {}
	}
	st, err := term.GetState(f.Fd())
	if err != nil {
		return func() {}
	}
	return func() { _ = term.Restore(f.Fd(), st) }
}

// ask asks one question with a huh prompt.
func (a *accessible) ask(q question) error {
	if q.choices != nil {
		items := q.choices()
		if len(items) == 0 {
			return nil
		}
		v, err := a.choose(q.label, items, q.get())
		if err == nil {
			q.set(v)
		}
		return err
	}
	title := q.label
	cur := *q.value
	var aside []string
	if q.hint != "" {
		aside = append(aside, q.hint)
	}
	if q.required == "" && strings.TrimSpace(cur) != "" {
		aside = append(aside, "a dash clears it")
	}
	if len(aside) > 0 {
		title += " (" + strings.Join(aside, "; ") + ")"
	}
	if q.secret {
		if strings.TrimSpace(cur) != "" {
			title += " (enter keeps the one given, " + secretLength(cur) + ")"
		}
		v, err := a.secret(title, q.validate)
		if strings.TrimSpace(v) != "" {
			*q.value = v
		}
		a.clear(q)
		return err
	}
	v, err := a.text(title, cur, q.validate)
	*q.value = v
	a.clear(q)
	return err
}

// clear empties an optional value answered with a dash.
func (a *accessible) clear(q question) {
	if q.required == "" && strings.TrimSpace(*q.value) == "-" {
		*q.value = ""
	}
}

// run runs one prompt; Ctrl+C (the context) ends the wait at once.
func (a *accessible) run(f huh.Field, r io.Reader) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			// huh's numbered choice indexes out of range when the input
			// ends right after an answer it refused.
			if p := recover(); p != nil {
				done <- fmt.Errorf("the prompt failed: %v", p)
			}
		}()
		done <- f.RunAccessible(a.out, r)
	}()
	select {
	case err := <-done:
		if a.in.eof {
			return errInputEnded
		}
		if !a.typedAtTerminal() {
			a.say("\n") // a terminal echoes the answer's line end; piped input does not
		}
		return err
	case <-a.ctx.Done():
		return ErrInterrupted
	}
}

// typedAtTerminal reports whether the answers come from a terminal, which
// echoes them, rather than a pipe.
func (a *accessible) typedAtTerminal() bool {
	f, ok := a.raw.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// text asks for a line; enter keeps def, which the prompt says.
func (a *accessible) text(title, def string, validate ...func(string) error) (string, error) {
	v := def
	if def != "" {
		title += " (enter keeps " + scrub.Line(def) + ")"
	}
	in := huh.NewInput().Title(title + ":").Value(&v)
	for _, fn := range validate {
		in.Validate(fn)
	}
	if err := a.run(in.WithTheme(a.theme), a.in); err != nil {
		return def, err // v may still be written by a prompt Ctrl+C left behind
	}
	return v, nil
}

// secret asks for a secret without echoing it on a terminal; an empty
// answer keeps the one given.
func (a *accessible) secret(title string, validate func(string) error) (string, error) {
	v := ""
	in := huh.NewInput().Title(title + ":").Value(&v).Validate(validate)
	var err error
	if f, ok := a.raw.(*os.File); ok && term.IsTerminal(f.Fd()) {
		err = a.run(in.EchoMode(huh.EchoModePassword).WithTheme(a.theme), f)
	} else {
		// Not a terminal: nothing typed is echoed anyway.
		err = a.run(in.WithTheme(a.theme), a.in)
	}
	if err != nil {
		return "", err
	}
	return v, nil
}

// choose asks for one of items by number; enter keeps value, which the
// question says.
func (a *accessible) choose(title string, items []pickItem, value string) (string, error) {
	return a.chooseSaying(title, items, value, "enter keeps ")
}

// chooseSaying is choose, the default said after enter as given: "enter
// keeps " for a value, "enter: " for an action.
func (a *accessible) chooseSaying(title string, items []pickItem, value, enter string) (string, error) {
	options := make([]huh.Option[string], len(items))
	found := false
	for i, it := range items {
		label := it.label
		if it.note != "" {
			label += " (" + it.note + ")"
		}
		options[i] = huh.NewOption(label, it.value)
		found = found || it.value == value
	}
	if !found {
		value = items[0].value
	}
	for _, it := range items {
		if it.value == value {
			title += " (" + enter + it.label + ")"
		}
	}
	v := value
	if err := a.run(huh.NewSelect[string]().Title(title).Options(options...).Value(&v).WithTheme(a.theme), a.in); err != nil {
		return value, err
	}
	return v, nil
}
