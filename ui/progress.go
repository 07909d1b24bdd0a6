package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"halowiz/scrub"
	"halowiz/steps"
)

// activity is one request a step waits for, as its Activity event said.
type activity struct {
	what     string
	started  time.Time
	deadline time.Time
	done     bool   // the answer came, or the request gave up
	failed   bool   // it did not succeed
	outcome  string // why, when it failed
}

// stepProgress is what is known about one step while a check runs.
type stepProgress struct {
	started    time.Time
	deadline   time.Time
	activities []activity
	held       *activity     // the latest wait before a retry (Halo's rate limit), with when it ends
	result     *steps.Result // set once the step finished
}

// progress follows a check from its events: which steps run, what each one
// waits for, since when and until when, and the results as they come in.
type progress struct {
	order []steps.ID
	steps map[steps.ID]*stepProgress
}

func newProgress(cfg steps.Config) *progress {
	p := &progress{steps: map[steps.ID]*stepProgress{}}
	for _, id := range steps.Order {
		if cfg.Runs(id) {
			p.order = append(p.order, id)
			p.steps[id] = &stepProgress{}
		}
	}
	return p
}

// add takes one event in. What it waits for and how that ended may name
// the tenant's things, so they are made safe to show here, once.
func (p *progress) add(e steps.Event) {
	sp, ok := p.steps[e.Step]
	if !ok {
		return
	}
	switch e.Kind {
	case steps.StepStarted:
		sp.started, sp.deadline = e.Started, e.Deadline
	case steps.Activity:
		if sp.started.IsZero() {
			sp.started = e.Started
		}
		sp.activities = append(sp.activities, activity{what: scrub.Line(e.What), started: e.Started, deadline: e.Deadline})
	case steps.ActivityDone:
		what := scrub.Line(e.What)
		for i := len(sp.activities) - 1; i >= 0; i-- {
			if a := &sp.activities[i]; a.what == what && a.started.Equal(e.Started) && !a.done {
				a.done, a.failed, a.outcome = true, e.Failed, scrub.Line(e.Outcome)
				break
			}
		}
	case steps.Waiting:
		sp.held = &activity{what: scrub.Line(e.What), started: e.Started, deadline: e.Deadline}
	case steps.StepFinished:
		if e.Result != nil {
			r := *e.Result
			sp.result = &r
		}
	}
}

// running reports whether the step has started and not finished.
func (sp *stepProgress) running() bool {
	return sp.result == nil && (!sp.started.IsZero() || len(sp.activities) > 0)
}

// current is the latest request the step still waits for, or else the
// latest it made.
func (sp *stepProgress) current() (activity, bool) {
	for i := len(sp.activities) - 1; i >= 0; i-- {
		if !sp.activities[i].done {
			return sp.activities[i], true
		}
	}
	if len(sp.activities) == 0 {
		return activity{}, false
	}
	return sp.activities[len(sp.activities)-1], true
}

// progressView renders a check in progress: a line per step of the check,
// under a running step what it waits for, for how long so far and when it
// gives up, and under a failed one its findings. perRequest names a step whose requests are listed one per
// line (the test ticket's create, read back, resolve, confirm).
func progressView(c *Common, p *progress, spin string, perRequest steps.ID) string {
	var b strings.Builder
	now := c.Now()
	width := c.contentWidth()
	for _, id := range p.order {
		sp := p.steps[id]
		switch {
		case sp.result != nil && sp.result.Failed():
			// A step that failed (or gave up at its deadline) shows why at
			// once, while the others still run.
			b.WriteString(resultView(c, *sp.result, false, ""))
		case sp.result != nil:
			b.WriteString(finishedLine(c, *sp.result) + "\n")
		case sp.running():
			b.WriteString(spin + " " + c.Styles.Bold.Render(id.Title()) + "\n")
			if id == perRequest {
				b.WriteString(requestLog(c, sp, spin, now, width))
			} else {
				b.WriteString(waitLines(c, sp, now, width))
			}
			b.WriteString(heldLine(c, sp, now, width))
		default:
			b.WriteString(c.Styles.Subtle.Render("· "+id.Title()+": waiting for the steps it needs") + "\n")
		}
	}
	return b.String()
}

// finishedLine is the one line for a step that has finished. Said in
// words, the status needs no mark before it.
func finishedLine(c *Common, r steps.Result) string {
	line := c.Styles.Bold.Render(r.Title) + " " + c.Styles.tone(string(r.Status)).Render(statusWords(r.Status))
	if c.Styles.Words {
		return line
	}
	return c.Styles.mark(string(r.Status)) + " " + line
}

// statusWords says a step status in words.
func statusWords(s steps.Status) string {
	switch s {
	case steps.StatusPass:
		return "passed"
	case steps.StatusWarn:
		return "passed, with warnings"
	case steps.StatusFail:
		return "failed"
	}
	return "not checked"
}

// waitLines says what a running step waits for, since when and until when.
func waitLines(c *Common, sp *stepProgress, now time.Time, width int) string {
	a, ok := sp.current()
	if !ok {
		return indentWrap("    ", "starting; "+deadlineText(sp.started, sp.deadline, now), width) + "\n"
	}
	what := "waiting for: " + a.what
	if n := len(sp.activities); n > 1 {
		what += fmt.Sprintf(" (request %d)", n)
	}
	return indentWrap("    ", what, width) + "\n" +
		indentWrap("    ", deadlineText(a.started, a.deadline, now), width) + "\n"
}

// heldLine says why the step's request waits before it is sent again, and
// until when, while it does.
func heldLine(c *Common, sp *stepProgress, now time.Time, width int) string {
	if sp.held == nil || !now.Before(sp.held.deadline) {
		return ""
	}
	return indentWrap("    ", sp.held.what+" (until "+sp.held.deadline.Format("15:04:05")+")", width, c.Styles.Warn) + "\n"
}

// requestLog lists every request of the step with how it ended, the one
// still waiting with its spinner and clock.
func requestLog(c *Common, sp *stepProgress, spin string, now time.Time, width int) string {
	var b strings.Builder
	for _, a := range sp.activities {
		b.WriteString(requestLine(c, a, spin, now, width))
	}
	if len(sp.activities) == 0 {
		b.WriteString(indentWrap("    ", "starting; "+deadlineText(sp.started, sp.deadline, now), width) + "\n")
	}
	return b.String()
}

// deadlineText is "1.2s so far · gives up in 13.8s (at 15:04:05)".
func deadlineText(started, deadline, now time.Time) string {
	var parts []string
	if !started.IsZero() {
		parts = append(parts, fmtDuration(now.Sub(started))+" so far")
	}
	if !deadline.IsZero() {
		left := deadline.Sub(now)
		if left > 0 {
			parts = append(parts, fmt.Sprintf("gives up in %s (at %s)", fmtDuration(left), deadline.Format("15:04:05")))
		} else {
			parts = append(parts, "deadline passed: the check is giving up and will say why")
		}
	}
	return strings.Join(parts, " · ")
}

// fmtDuration is a short, human duration: 0.4s, 12s, 2m05s.
func fmtDuration(d time.Duration) string {
	switch {
	case d < 0:
		d = 0
	case d >= time.Minute:
		s := int(math.Round(d.Seconds()))
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	case d >= 10*time.Second:
		return fmt.Sprintf("%ds", int(math.Round(d.Seconds())))
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// requestLine is one request of a step: a mark for how it ended (with why,
// when it failed), or the spinner and the clock while it waits.
func requestLine(c *Common, a activity, spin string, now time.Time, width int) string {
	switch {
	case !a.done:
		return indentWrap("    "+spin+" ", a.what, width) + "\n" +
			indentWrap("      ", deadlineText(a.started, a.deadline, now), width) + "\n"
	case a.failed:
		return indentWrap("    "+c.Styles.mark("fail")+" ", a.what, width) + "\n" +
			indentWrap("      ", a.outcome, width) + "\n"
	}
	return indentWrap("    "+c.Styles.mark("pass")+" ", a.what, width) + "\n"
}
