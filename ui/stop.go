package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// stoppedCheck is a check the admin stopped with Esc: the page it was
// started from and what it was for, so that r runs it again there.
type stoppedCheck struct {
	page   pageID
	intent intent
}

// refocuser is a page whose field takes the cursor back when a check it
// started is stopped: the admin is where they were before it began.
type refocuser interface {
	refocus() tea.Cmd
}

// stopCheck stops the check in flight at the admin's word (Esc). Its
// requests are cancelled and nothing it had not finished counts: the page
// it was started from is back as it was, the values as typed, with a line
// that says so and how to run it again. It takes effect in this Update,
// without waiting for the check to wind down.
//
// A test ticket being sent is the one check that is not stopped: Halo may
// already hold the ticket, and only the check itself closes it again.
func (w *wizard) stopCheck() tea.Cmd {
	run := w.run
	if run == nil {
		return nil
	}
	if run.cfg.SendTestTicket {
		w.say("warn", "The test ticket is on its way: halowiz waits until it is closed again (every request has a deadline), so that none is left open in Halo. Ctrl+C quits at once, and may leave it open.")
		return nil
	}
	run.cancel()
	w.run = nil
	w.recent = nil // the lines of an older check would pass for this one's
	w.state[run.page].load = run.prevLoad
	w.stopped = &stoppedCheck{page: run.page, intent: run.intent}
	var cmd tea.Cmd
	if r, ok := w.pages[run.page].(refocuser); ok && w.active == run.page {
		cmd = r.refocus()
	}
	w.say("warn", w.stoppedText(run))
	return cmd
}

// stoppedText says what was stopped and which key runs it again.
func (w *wizard) stoppedText(run *checkRun) string {
	again := w.c.Keys.Retry.Help().Key
	if w.page().Typing() {
		again = w.c.Keys.Continue.Help().Key
	}
	switch run.intent {
	case intentRecheck:
		return "Stopped re-checking every step: nothing it had not finished counts. Press " + again + " to re-check again."
	case intentLoad:
		return "Stopped reading your setup from Halo: nothing was read. Press " + again + " to read it again."
	}
	return "Stopped the check of " + checkedTitles(run.cfg.Only) + " before it finished: nothing it found counts, and your values are as you typed them. Press " + again + " to check again."
}

// checkedTitles names the steps a run checks.
func checkedTitles(only []steps.ID) string {
	if len(only) == 0 {
		return "every step"
	}
	titles := make([]string, len(only))
	for i, id := range only {
		titles[i] = "the " + id.Title()
	}
	return strings.Join(titles, " and ")
}

// stoppedHere reports whether the active page's last check was stopped.
func (w *wizard) stoppedHere() bool { return w.stopped != nil && w.stopped.page == w.active }

// again runs the stopped check of the active page once more: a re-check or
// a read of Halo's lists as before; a page's own check through the page's
// retry, which knows how it checks.
func (w *wizard) again() tea.Cmd {
	s := *w.stopped
	w.stopped = nil
	switch s.intent {
	case intentRecheck:
		return w.recheckAll()
	case intentLoad:
		return w.page().Open()
	}
	return nil
}
