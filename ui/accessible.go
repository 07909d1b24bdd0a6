package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/term"

	"halowiz/scrub"
	"halowiz/steps"
)

// The accessible wizard is the same wizard, rendered for screen readers and
// terminals that cannot redraw: the same Model, pages, walk and words, with
// the pages drawn plain (Common.Plain). Each page is said once as lines and
// after that only what changed; what a key needs from the admin (the page's
// Questions) is asked with huh's accessible prompts; the keys that work on
// the page are offered as a numbered choice and pressed on the Model; a
// check's progress is said a line an event.

// errInputEnded says the input closed before the wizard was done.
var errInputEnded = errors.New("the input ended before the wizard finished; run halowiz check for scripts")

// accessible is one run of the accessible wizard.
type accessible struct {
	ctx   context.Context
	m     *Model
	in    *byteReader // prompts read through it, a byte at a time
	raw   io.Reader   // the terminal itself, for hidden input
	out   io.Writer
	theme *huh.Theme

	shown     pageID          // the page said last
	said      map[string]bool // what of it has been said
	saidRun   int             // the check whose progress was said last
	announced map[string]bool // the results its progress said, as said() has them
	notes     int             // how many of its notes have been said
	checks    int             // the checks whose results have been said
	done      bool            // the wizard quit
}

func runAccessible(ctx context.Context, opts Options, deps Deps, in io.Reader, out io.Writer) error {
	styles := NewStyles(TerminalRenderer(out))
	styles.Words = true
	c := &Common{Ctx: ctx, Width: 80, Height: 24, Styles: styles, Keys: DefaultKeyMap(), Now: deps.Now, Static: true, Plain: true}
	if f, ok := out.(*os.File); ok {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			c.Width = w
		}
	}
	// Writes are serialised: a prompt that Ctrl+C left behind may still
	// write while the wizard says what it kept.
	a := &accessible{ctx: ctx, m: newModel(c, opts, deps), in: &byteReader{r: in}, raw: in, out: lockOutput(out), theme: huh.ThemeBase(), shown: -1}
	defer keepTerminal(in)()
	err := a.walk()
	a.say(a.m.w.keepOnExit())
	if ctx.Err() != nil || errors.Is(err, ErrInterrupted) {
		return ErrInterrupted
	}
	return err
}

// walk says the page, asks what to do there, asks what that needs and does
// it, until the wizard finishes.
func (a *accessible) walk() error {
	if cmd := a.m.Init(); cmd != nil {
		if err := a.send(cmd()); err != nil {
			return err
		}
	}
	for !a.done {
		a.show()
		p := a.m.w.page()
		b, err := a.action(p)
		if err != nil {
			return err
		}
		for _, q := range p.Questions(b) {
			if err := a.ask(q); err != nil {
				return err
			}
		}
		a.show()
		if err := a.press(b); err != nil {
			return err
		}
	}
	return nil
}

// show says what is new: the page's heading when it opened, its new notes,
// the parts of it not said yet, and the results of a check that ended.
func (a *accessible) show() {
	w := a.m.w
	var b strings.Builder
	if w.active != a.shown {
		a.shown, a.said, a.notes = w.active, map[string]bool{}, 0
		b.WriteString("\n== " + rowOf(w.active).heading() + " ==\n")
	}
	if a.notes > len(w.notes) {
		a.notes = 0
	}
	b.WriteString(a.unsaid(notesText(w.c, w.notes[a.notes:])))
	a.notes = len(w.notes)
	top, results := w.page().View()
	for _, part := range strings.Split(top, "\n\n") {
		if part = strings.Trim(part, "\n"); part != "" && !a.said[part] {
			a.said[part] = true
			b.WriteString(part + "\n\n")
		}
	}
	if results = strings.Trim(results, "\n"); results != "" && (a.checks != w.seq || !a.said[results]) {
		a.said[results] = true
		if rest := strings.Trim(a.unsaid(results), "\n"); rest != "" {
			b.WriteString(rest + "\n\n")
		}
	}
	a.checks = w.seq
	a.say(b.String())
}

// say prints text as it is.
func (a *accessible) say(text string) { _, _ = io.WriteString(a.out, text) }

// action is the key to press next: Enter while a field has the cursor
// (its questions come first), otherwise the admin's choice among the keys
// the page offers.
func (a *accessible) action(p page) (key.Binding, error) {
	k := a.m.w.c.Keys
	if p.Typing() {
		return k.Continue, nil
	}
	var offered []key.Binding
	for _, b := range p.ShortHelp() {
		if b.Enabled() && !a.widgetKey(b) {
			offered = append(offered, b)
		}
	}
	if id, ok := p.Step(); ok && a.hasEvidence(id) {
		offered = append(offered, k.Evidence)
	}
	switch len(offered) {
	case 0:
		return k.Continue, nil
	case 1:
		_, err := a.text(fmt.Sprintf("Press enter to %s", offered[0].Help().Desc), "")
		return offered[0], err
	}
	items := make([]pickItem, len(offered))
	def := ""
	enter, esc := keyPress(k.Continue.Keys()[0]), keyPress(k.Cancel.Keys()[0])
	for i, b := range offered {
		items[i] = pickItem{label: b.Help().Desc, value: strconv.Itoa(i)}
		if def == "" && key.Matches(enter, b) {
			def = items[i].value
		}
	}
	for i, b := range offered {
		if def == "" && key.Matches(esc, b) {
			def = items[i].value // no Enter here: the safe way out is the default
		}
	}
	question := "What now?"
	if q, ok := p.(asker); ok {
		question = q.question()
	}
	v, err := a.chooseSaying(question, items, def, "enter: ")
	i, _ := strconv.Atoi(v)
	return offered[i], err
}

// asker is a page whose keys answer a question of its own ("Send it
// now?"), which the accessible mode asks instead of "What now?".
type asker interface {
	question() string
}

// widgetKey reports whether b only moves within the full-screen page (its
// lists, fields and scrolling) or is one the accessible mode has no use for.
func (a *accessible) widgetKey(b key.Binding) bool {
	k := a.m.w.c.Keys
	for _, w := range []key.Binding{k.Help, k.Quit, k.Up, k.Down, k.PrevItem, k.NextItem, k.Choose, k.PageUp, k.PageDown,
		k.NextZone, k.NextField, k.PrevField, k.DoneTyping, k.Reveal, k.Filter, k.FilterDone} {
		if same(b, w) {
			return true
		}
	}
	return false
}

// hasEvidence reports whether step id's latest result has evidence to show.
func (a *accessible) hasEvidence(id steps.ID) bool {
	r, ok := a.m.w.setup.result(id)
	return ok && hasEvidence(r)
}

// press presses b on the Model and runs what that starts until it is done,
// saying a check's progress as it comes.
func (a *accessible) press(b key.Binding) error {
	return a.send(keyPress(b.Keys()[0]))
}

// send delivers msg to the Model, and runs what it starts to the end.
func (a *accessible) send(msg tea.Msg) error {
	quit, err := settle(a.ctx, a.m, msg, func(msg tea.Msg) {
		if e, ok := msg.(progressMsg); ok {
			a.event(e)
		}
	})
	a.done = a.done || quit
	return err
}

// settle is Bubble Tea's loop without a terminal: it delivers msg to m,
// runs the commands that starts, each in its own goroutine as Bubble Tea
// does, and delivers what they bring back in turn, until nothing is left
// to run. seen, when set, is shown each message before m is. It reports
// whether m asked to quit, and stops early when ctx ends.
func settle(ctx context.Context, m *Model, msg tea.Msg, seen func(tea.Msg)) (quit bool, err error) {
	msgs := make(chan tea.Msg, 64)
	pending := 0
	launch := func(c tea.Cmd) {
		if c != nil {
			pending++
			go func() { msgs <- c() }()
		}
	}
	deliver := func(msg tea.Msg) {
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				launch(c)
			}
		case tea.QuitMsg:
			quit = true
		default:
			if seen != nil {
				seen(msg)
			}
			_, next := m.Update(msg)
			launch(next)
		}
	}
	deliver(msg)
	for pending > 0 {
		select {
		case msg := <-msgs:
			pending--
			deliver(msg)
		case <-ctx.Done():
			return quit, ErrInterrupted
		}
	}
	return quit, nil
}

// event says one progress event of the check in flight as a line.
func (a *accessible) event(msg progressMsg) {
	run := a.m.w.run
	if run == nil || msg.id != run.id || !run.cfg.Runs(msg.event.Step) {
		return
	}
	e := msg.event
	if msg.id != a.saidRun {
		a.saidRun, a.announced = msg.id, map[string]bool{}
	}
	switch e.Kind {
	case steps.StepStarted:
		// The step's deadline is said once, here; its requests' own
		// deadlines lie within it.
		a.say(fmt.Sprintf("checking %s… (gives up in %s)\n", e.Step.Title(), fmtDuration(e.Deadline.Sub(e.Started))))
	case steps.Activity:
		a.say(indentWrap("  ", "waiting for: "+scrub.Line(e.What), a.m.w.c.contentWidth()) + "\n")
	case steps.Waiting:
		a.say(indentWrap("  ", scrub.Line(e.What), a.m.w.c.contentWidth()) + "\n")
	case steps.StepFinished:
		if e.Result != nil {
			line := finishedLine(a.m.w.c, *e.Result)
			a.announced[said(line)] = true
			a.say(line + "\n")
		}
	}
}

// said is a line as it is compared with what was said already: without the
// spaces around it and a closing full stop.
func said(line string) string { return strings.TrimSuffix(strings.TrimSpace(line), ".") }

// unsaid is text without the lines the check's progress said already: a
// step's result is said once, as it finishes.
func (a *accessible) unsaid(text string) string {
	var keep []string
	for _, l := range strings.Split(text, "\n") {
		if !a.announced[said(l)] {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
