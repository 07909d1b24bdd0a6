package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"halowiz/steps"
)

// The accessible wizard walks the same steps, with the same checks,
// findings and fixes, as plain prompts (huh's accessible mode: numbered
// choices, one question a line) and progress as lines of text instead of
// spinners, for screen readers and terminals that cannot redraw.

// errInputEnded says the input closed before the wizard was done.
var errInputEnded = errors.New("the input ended before the wizard finished; run halowiz check for scripts")

// accessible is one run of the accessible wizard.
type accessible struct {
	ctx   context.Context
	opts  Options
	deps  Deps
	in    *byteReader // prompts read through it, a byte at a time
	raw   io.Reader   // the terminal itself, for hidden input
	out   io.Writer
	mu    sync.Mutex // progress lines come from the checks' goroutines
	c     *Common
	theme *huh.Theme
	setup *setup
	files fileState
}

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

func runAccessible(ctx context.Context, opts Options, deps Deps, in io.Reader, out io.Writer) error {
	c := &Common{Ctx: ctx, Width: 80, Height: 24, Styles: NewStyles(lipgloss.NewRenderer(out)), Keys: DefaultKeyMap(), Now: deps.Now, Static: true}
	if f, ok := out.(*os.File); ok {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			c.Width = w
		}
	}
	a := &accessible{ctx: ctx, opts: opts, deps: deps, in: &byteReader{r: in}, raw: in, out: out, c: c, theme: huh.ThemeBase(), setup: newSetup(opts)}
	defer keepTerminal(in)()
	err := a.walk()
	if ctx.Err() != nil || errors.Is(err, ErrInterrupted) {
		return ErrInterrupted
	}
	return err
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

// say prints text as it is.
func (a *accessible) say(text string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, _ = io.WriteString(a.out, text)
}

// ask runs one prompt; Ctrl+C (the context) ends the wait at once.
func (a *accessible) ask(f huh.Field, r io.Reader) error {
	done := make(chan error, 1)
	go func() { done <- f.RunAccessible(a.out, r) }()
	select {
	case err := <-done:
		if a.in.eof {
			return errInputEnded
		}
		return err
	case <-a.ctx.Done():
		return ErrInterrupted
	}
}

// text asks for a value; enter keeps def, which the prompt shows.
func (a *accessible) text(title, def string) (string, error) {
	v := def
	if def != "" {
		title += " [" + def + "]"
	}
	if err := a.ask(huh.NewInput().Title(title+":").Value(&v).WithTheme(a.theme), a.in); err != nil {
		return "", err // the prompt may still be running: its value is not read
	}
	return strings.TrimSpace(v), nil
}

// secret asks for a secret without echoing it; enter keeps the one given,
// whose length (never its value) the prompt shows.
func (a *accessible) secret(title, current string) (string, error) {
	if current != "" {
		title += " [enter keeps the one given, " + secretLength(current) + "]"
	}
	v := ""
	var err error
	if f, ok := a.raw.(*os.File); ok && term.IsTerminal(f.Fd()) {
		err = a.ask(huh.NewInput().Title(title+":").EchoMode(huh.EchoModePassword).Value(&v).WithTheme(a.theme), f)
	} else {
		// Not a terminal: nothing typed is echoed anyway.
		err = a.ask(huh.NewInput().Title(title+":").Value(&v).WithTheme(a.theme), a.in)
	}
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(v) == "" {
		v = current
	}
	return strings.TrimSpace(v), nil
}

// choose asks for one of items by number; enter keeps value.
func (a *accessible) choose(title string, items []pickItem, value string) (string, error) {
	if len(items) == 0 {
		return value, nil
	}
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
	v := value
	if err := a.ask(huh.NewSelect[string]().Title(title).Options(options...).Value(&v).WithTheme(a.theme), a.in); err != nil {
		return "", err
	}
	return v, nil
}

// confirm asks a yes or no question.
func (a *accessible) confirm(title string, def bool) (bool, error) {
	v := def
	if err := a.ask(huh.NewConfirm().Title(title).Value(&v).WithTheme(a.theme), a.in); err != nil {
		return false, err
	}
	return v, nil
}

// progress prints the events of a check of cfg as lines; steps the check
// does not run are left out.
func (a *accessible) progress(cfg steps.Config) func(steps.Event) {
	return func(e steps.Event) {
		if cfg.Runs(e.Step) {
			a.event(e)
		}
	}
}

func (a *accessible) event(e steps.Event) {
	switch e.Kind {
	case steps.StepStarted:
		a.say(fmt.Sprintf("checking %s… (gives up in %s)\n", e.Step.Title(), fmtDuration(e.Deadline.Sub(e.Started))))
	case steps.Activity:
		a.say(fmt.Sprintf("  waiting for: %s (gives up in %s)\n", e.What, fmtDuration(e.Deadline.Sub(e.Started))))
	case steps.StepFinished:
		if e.Result != nil {
			a.say(a.c.Styles.mark(string(e.Result.Status)) + " " + e.Result.Title + " " + statusWords(e.Result.Status) + "\n")
		}
	}
}

// check runs the checks only asks for with the values given so far, and
// saves the secrets they verified.
func (a *accessible) check(only []steps.ID, sendTicket bool) error {
	cfg := a.setup.cfg
	cfg.Only, cfg.SendTestTicket = only, sendTicket
	rep := a.deps.Check(a.ctx, cfg, a.progress(cfg))
	if a.ctx.Err() != nil {
		return ErrInterrupted
	}
	a.setup.absorb(cfg, rep)
	for _, v := range a.setup.verifiedSecrets(cfg) {
		err := v.save(a.deps.Secrets)
		a.setup.saved(v, err)
		if err != nil {
			a.say("! The secret was verified but not saved: " + err.Error() + " The wizard goes on.\n")
		}
	}
	return nil
}

// show prints the latest results of needs that failed, then those of owns.
func (a *accessible) show(owns, needs []steps.ID, evidence bool) {
	var b strings.Builder
	for _, id := range needs {
		if r, ok := a.setup.result(id); ok && r.Failed() {
			b.WriteString(resultView(a.c, r, evidence))
		}
	}
	for _, id := range owns {
		if r, ok := a.setup.result(id); ok {
			b.WriteString(resultView(a.c, r, evidence))
		}
	}
	a.say(b.String() + "\n")
}
