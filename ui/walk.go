package ui

import (
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/scrub"
	"halowiz/steps"
)

// wizard is what the pages share: the setup built so far, the check in
// flight, the notes on top of the page, the page's scroll position and the
// walk from page to page. The Model owns it and draws it; the accessible
// mode drives the very same one, so both modes walk alike.
type wizard struct {
	c     *Common
	opts  Options
	deps  Deps
	setup *setup

	pages  [pageCount]page
	state  [pageCount]pageState
	active pageID

	run     *checkRun
	stopped *stoppedCheck // the last check the admin stopped, for r to run again
	seq     int
	recent  *progress // the last finished check, for the re-check lines

	spin     spinner.Model
	vp       viewport.Model
	notes    []note
	evidence bool
	jump     bool // show the page from its top, where its results are, at the next refresh

	files       fileState
	keeper      setupKeeper // the saves of the setup, in order
	clipboard   io.Writer
	interrupted bool
}

// loadState is where a page's check stands.
type loadState int

const (
	stateReady   loadState = iota // nothing running; results, if any, did not fail
	stateLoading                  // a check is in flight
	stateFailed                   // the last check of this page failed
)

// pageState is what the wizard remembers about a page between visits.
type pageState struct {
	load    loadState
	checked bool   // a check ran with the inputs of key
	key     string // the page's inputs when it was last checked
}

// note is a line shown at the top of a page: what just happened.
type note struct {
	tone  string // a steps severity name
	text  string
	about string // what the note answers ("copy", "export"); a newer note about it replaces it
}

func newWizard(opts Options, deps Deps, c *Common) *wizard {
	w := &wizard{c: c, opts: opts, deps: deps, setup: newSetup(opts)}
	w.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.Styles.Info))
	w.vp = viewport.New(80, 21)
	for i := range pageTable {
		r := &pageTable[i]
		w.pages[r.id] = r.build(base{w: w, row: r})
	}
	return w
}

// page is the active page.
func (w *wizard) page() page { return w.pages[w.active] }

// say adds a note to the page.
func (w *wizard) say(tone, text string) { w.notes = append(w.notes, note{tone: tone, text: text}) }

// tell answers a key the admin pressed with a note on top of the page,
// where they are looking, in place of the last answer to that key.
func (w *wizard) tell(about, tone, text string) {
	w.notes = slices.DeleteFunc(w.notes, func(n note) bool { return n.about == about })
	w.notes = append(w.notes, note{tone: tone, text: text, about: about})
}

// goTo opens page p.
func (w *wizard) goTo(p pageID) tea.Cmd {
	w.active = p
	w.notes = nil
	w.stopped = nil
	w.evidence = false
	w.vp.GotoTop()
	return tea.Batch(w.pages[p].Open(), w.saveDraft())
}

// next and back move along the walk.
func (w *wizard) next() tea.Cmd {
	if p, ok := neighbour(w.active, +1); ok {
		return w.goTo(p)
	}
	return nil
}

func (w *wizard) back() tea.Cmd {
	if p, ok := neighbour(w.active, -1); ok {
		return w.goTo(p)
	}
	return nil
}

// skip moves on from a step without a passing check, with a warning.
func (w *wizard) skip() tea.Cmd {
	r := rowOf(w.active)
	if r.step == "" {
		return nil
	}
	w.setup.skipped[r.step] = true
	cmd := w.next()
	w.say("warn", r.skip)
	return cmd
}

// stepKey handles what every step page does alike when no field has the
// cursor: back, skip, retry and scrolling. retry may be nil.
func (w *wizard) stepKey(msg tea.KeyMsg, retry func() tea.Cmd) tea.Cmd {
	k := w.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		return w.back()
	case key.Matches(msg, k.Skip):
		return w.skip()
	case key.Matches(msg, k.Retry) && retry != nil && (w.state[w.active].checked || w.stoppedHere()):
		w.stopped = nil
		return retry()
	}
	w.scroll(msg)
	return nil
}

// scroll moves the page a line, for pages whose arrow keys move nothing
// else.
func (w *wizard) scroll(msg tea.KeyMsg) {
	switch {
	case key.Matches(msg, w.c.Keys.Up):
		w.vp.ScrollUp(1)
	case key.Matches(msg, w.c.Keys.Down):
		w.vp.ScrollDown(1)
	}
}

// unchangedAndFine reports whether page p's inputs are the ones last
// checked and that check did not fail, nor is being run again: Enter then
// moves on.
func (w *wizard) unchangedAndFine(p pageID) bool {
	in, ok := w.pages[p].(checkedInputs)
	st := w.state[p]
	return ok && st.checked && st.load == stateReady && st.key == in.inputsKey()
}

// enterWord says what Enter does on a page with inputs.
func (w *wizard) enterWord(p pageID) string {
	if w.unchangedAndFine(p) {
		return "continue"
	}
	return "check"
}

// startCheck runs the checks only asks for (nil: all) with the values given
// so far, on behalf of page p.
func (w *wizard) startCheck(p pageID, only []steps.ID, in intent) tea.Cmd {
	if w.run != nil {
		return nil
	}
	cfg := w.setup.runConfig()
	cfg.Only = only
	cfg.SendTestTicket = p == pageTicket && in == intentSubmit
	w.seq++
	w.run = newCheckRun(w.c.Ctx, w.seq, p, in, cfg)
	w.run.prevLoad = w.state[p].load
	w.stopped = nil
	w.state[p].load = stateLoading
	w.jump = true
	cmds := []tea.Cmd{w.run.start(w.deps.Check), w.run.listen(), w.saveDraft()}
	if !w.c.Static {
		cmds = append(cmds, w.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// cancelCheck cancels the check in flight as the wizard ends.
func (w *wizard) cancelCheck() {
	if w.run != nil {
		w.run.cancel()
	}
}

// onProgress takes one progress event of the check in flight in. Every kind
// of event reaches the wizard here, and only here.
func (w *wizard) onProgress(msg progressMsg) tea.Cmd {
	if w.run == nil || msg.id != w.run.id {
		return nil
	}
	w.run.progress.add(msg.event)
	return w.run.listen()
}

// onCheckDone takes a check's report in, saves what it verified and lets
// the page that asked say where the walk goes.
func (w *wizard) onCheckDone(msg checkDoneMsg) tea.Cmd {
	run := w.run
	if run == nil || msg.id != run.id {
		return nil
	}
	w.run = nil
	run.cancel()
	for _, e := range msg.report.Steps {
		r := e
		run.progress.add(steps.Event{Step: r.Step, Kind: steps.StepFinished, Result: &r})
	}
	w.recent = run.progress
	w.setup.absorb(run.cfg, msg.report)
	for _, p := range w.pages {
		if l, ok := p.(learner); ok {
			l.learned(run)
		}
	}
	w.markChecked(run)
	longer := w.setup.giveLonger(msg.report)
	cmds := []tea.Cmd{w.saveSecrets(run.cfg)}
	w.jump = true
	switch run.intent {
	case intentRecheck:
		cmds = append(cmds, w.afterRecheck(msg.report))
	case intentSubmit:
		cmds = append(cmds, w.pages[run.page].AfterCheck(run))
	}
	if longer != "" {
		w.say("info", longer)
	}
	return tea.Batch(cmds...)
}

// markChecked records, for every page whose step the run checked, that its
// current inputs were checked and whether that failed.
func (w *wizard) markChecked(run *checkRun) {
	for _, id := range steps.Order {
		if !run.cfg.Runs(id) {
			continue
		}
		p := pageOf(id)
		st := &w.state[p]
		st.checked, st.key, st.load = true, "", stateReady
		if in, ok := w.pages[p].(checkedInputs); ok {
			st.key = in.checkedKey(run)
		}
		if w.setup.failed(id) {
			st.load = stateFailed
		}
	}
	if w.setup.failed(steps.Hostname) || w.setup.failed(steps.Application) {
		w.state[run.page].load = stateFailed
	}
}

// advanceIfClean opens the next page when the row's step passed without
// warnings; a warning keeps the page open for the admin to read.
func (w *wizard) advanceIfClean(r *pageRow) tea.Cmd {
	if r.step == "" || !w.cleanPass(r.step) {
		return nil
	}
	cmd := w.next()
	w.sayPassed(r.step.Title() + " passed.")
	w.remind(r.step)
	return cmd
}

// sayPassed says that checks passed as the walk moves on. The accessible
// mode said each result as its step finished, and does not say it twice.
func (w *wizard) sayPassed(text string) {
	if !w.c.Plain {
		w.say("pass", text)
	}
}

// remind says, once in the walk, the reminders of the steps given: what a
// passing step cannot prove and the admin should make sure of. A step that
// passes cleanly is left at once, so its result is not read; the summary
// says them all again.
func (w *wizard) remind(ids ...steps.ID) {
	for _, id := range ids {
		r, ok := w.setup.result(id)
		if !ok {
			continue
		}
		for _, f := range r.Findings {
			if f.IsReminder() && !w.setup.reminded[f.ID] {
				w.setup.reminded[f.ID] = true
				w.say("info", "Reminder: "+reminderText(f))
			}
		}
	}
}

// reminderText is a reminder as one line: what to do, when it says, or
// else what to make sure of. The walk says it after "Reminder: ", the
// summary under its own heading.
func reminderText(f steps.Finding) string {
	if len(f.Fix) > 0 {
		return scrub.Line(strings.Join(f.Fix, " "))
	}
	return scrub.Line(f.Message)
}

func (w *wizard) cleanPass(id steps.ID) bool {
	r, ok := w.setup.result(id)
	return ok && r.Status == steps.StatusPass
}

// recheckAll re-checks every step with the values given so far. Without the
// values every check needs there is nothing to re-check: it says which are
// missing and where they are given, and stays.
func (w *wizard) recheckAll() tea.Cmd {
	if missing := w.setup.missingForRecheck(); missing != "" {
		w.say("warn", "Nothing to re-check yet: every check needs "+missing+" first. Walk the steps to give them ("+w.c.Keys.Continue.Help().Key+" moves on).")
		return nil
	}
	w.goTo(pageRecheck)
	return w.startCheck(pageRecheck, nil, intentRecheck)
}

// afterRecheck opens the first step that fails, or the summary.
func (w *wizard) afterRecheck(rep steps.Report) tea.Cmd {
	id, failing := rep.FirstFailing()
	if !failing {
		cmd := w.goTo(pageSummary)
		w.say("pass", "Re-checked every step: none fails.")
		return cmd
	}
	p := pageOf(id)
	cmd := w.goTo(p)
	w.state[p].load = stateFailed
	w.say("fail", "Re-checked every step: "+id.Title()+" fails first. What is wrong and how to fix it is below; press "+w.c.Keys.Continue.Help().Key+" to check again once it is fixed.")
	return cmd
}

// quit ends the wizard and every request in flight.
func (w *wizard) quit() tea.Cmd {
	w.cancelCheck()
	w.interrupted = true
	return tea.Quit
}
