package watch

import (
	"time"

	"halowiz/halo"
	"halowiz/steps"
)

// progress tells the command's progress callback, as the checks do, what
// a watch call waits for and until when. The zero value says nothing.
type progress struct {
	emit func(steps.Event)
}

// wait reports the start of a call that gives up after timeout, and
// returns what reports its end.
func (p progress) wait(what string, timeout time.Duration) func(error) {
	if p.emit == nil {
		return func(error) {}
	}
	start := time.Now()
	deadline := start.Add(timeout)
	p.emit(steps.Event{Step: Step, Kind: steps.Activity, What: what, Started: start, Deadline: deadline})
	return func(err error) {
		e := steps.Event{Step: Step, Kind: steps.ActivityDone, What: what, Started: start, Deadline: deadline, Failed: err != nil}
		if err != nil {
			e.Outcome = err.Error()
		}
		p.emit(e)
	}
}

// waiting reports a wait before a retry the way the checks' progress lines
// say it: "Halo's rate limit: waiting 8s, retry 3 (GET /api/Tickets)".
func (p progress) waiting(w halo.Wait) {
	if p.emit == nil {
		return
	}
	now := time.Now()
	p.emit(steps.Event{Step: Step, Kind: steps.Waiting, What: w.String(), Started: now, Deadline: now.Add(w.Delay)})
}
