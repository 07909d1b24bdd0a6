package ui

import (
	"context"
	"time"

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

// checkRun is one call of Deps.Check in flight. Its progress events come
// over a channel a command listens on; cancel ends every request it made.
type checkRun struct {
	id       int
	page     page
	intent   intent
	cfg      steps.Config
	ctx      context.Context
	cancel   context.CancelFunc
	events   chan steps.Event
	finished chan struct{}
	progress *progress
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

func newCheckRun(parent context.Context, id int, p page, in intent, cfg steps.Config, now time.Time) *checkRun {
	ctx, cancel := context.WithCancel(parent)
	return &checkRun{
		id: id, page: p, intent: in, cfg: cfg, ctx: ctx, cancel: cancel,
		events:   make(chan steps.Event, 64),
		finished: make(chan struct{}),
		progress: newProgress(cfg, now),
	}
}

// start runs the check in a command.
func (r *checkRun) start(check CheckFunc) tea.Cmd {
	return func() tea.Msg {
		defer close(r.finished)
		rep := check(r.ctx, r.cfg, r.emit)
		return checkDoneMsg{id: r.id, report: rep}
	}
}

// emit hands an event to the listener. Once the run is cancelled nobody
// listens any more, and events are dropped rather than blocking the check.
func (r *checkRun) emit(e steps.Event) {
	select {
	case r.events <- e:
	case <-r.ctx.Done():
	}
}

// drain takes in the events still queued once the check has returned:
// all it emitted is in the channel by then.
func (r *checkRun) drain() {
	for {
		select {
		case e := <-r.events:
			r.progress.add(e)
		default:
			return
		}
	}
}

// listen waits for the next event; the wizard re-arms it after each one.
// It ends quietly once the check has returned and nothing is left.
func (r *checkRun) listen() tea.Cmd {
	return func() tea.Msg {
		select {
		case e := <-r.events:
			return progressMsg{id: r.id, event: e}
		case <-r.finished:
			select {
			case e := <-r.events:
				return progressMsg{id: r.id, event: e}
			default:
				return nil
			}
		}
	}
}
