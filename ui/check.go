package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// intent says what the wizard does when a check ends well.
type intent int

const (
	intentLoad    intent = iota // read what the page needs; stay
	intentSubmit                // the admin asked to check: move on when it passes
	intentRecheck               // re-check everything: open the first failing step
)

// checkRun is one call of Deps.Check in flight. Its progress events and,
// last, its report come over one channel a command listens on, so the report
// never overtakes an event; cancel ends every request it made.
type checkRun struct {
	id       int
	page     pageID
	intent   intent
	cfg      steps.Config
	ctx      context.Context
	cancel   context.CancelFunc
	msgs     chan tea.Msg
	progress *progress
	prevLoad loadState // where the page stood before: a stopped check leaves it so
}

// progressMsg carries one progress event of run id.
type progressMsg struct {
	id    int
	event steps.Event
}

// checkDoneMsg carries the report of run id.
type checkDoneMsg struct {
	id     int
	report steps.Report
}

func newCheckRun(parent context.Context, id int, p pageID, in intent, cfg steps.Config) *checkRun {
	ctx, cancel := context.WithCancel(parent)
	return &checkRun{
		id: id, page: p, intent: in, cfg: cfg, ctx: ctx, cancel: cancel,
		msgs:     make(chan tea.Msg, 64),
		progress: newProgress(cfg),
	}
}

// start runs the check in a command; its report follows its last event
// down the channel.
func (r *checkRun) start(check CheckFunc) tea.Cmd {
	return func() tea.Msg {
		rep := check(r.ctx, r.cfg, r.emit)
		r.send(checkDoneMsg{id: r.id, report: rep})
		return nil
	}
}

// emit hands an event to the listener.
func (r *checkRun) emit(e steps.Event) { r.send(progressMsg{id: r.id, event: e}) }

// send queues a message for the listener. Once the run is cancelled nobody
// listens any more, and messages are dropped rather than blocking the check.
func (r *checkRun) send(msg tea.Msg) {
	select {
	case r.msgs <- msg:
	case <-r.ctx.Done():
	}
}

// listen waits for the next message; the wizard re-arms it after each
// progress event, and the report ends it.
func (r *checkRun) listen() tea.Cmd {
	return func() tea.Msg {
		select {
		case msg := <-r.msgs:
			return msg
		case <-r.ctx.Done():
			return nil
		}
	}
}
