package steps

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// EventKind says what a progress Event reports.
type EventKind int

// Progress event kinds.
const (
	StepStarted  EventKind = iota // a step began
	Activity                      // a step started waiting for an answer
	StepFinished                  // a step ended; Result is set
	ActivityDone                  // the answer came (or did not); Failed and Outcome say how
	Waiting                       // a request waits before a retry; What says why and for how long ("Halo's rate limit: waiting 8s, retry 3"), Deadline when it ends
)

// Event reports progress while Run works, so a wizard can show what is being
// waited for, since when and until when.
type Event struct {
	Step     ID
	Kind     EventKind
	What     string    // for Activity: what is being waited for
	Started  time.Time // when the step or the activity began
	Deadline time.Time // when it will be given up
	Result   *Result   // for StepFinished
	Failed   bool      // for ActivityDone: the request did not succeed
	Outcome  string    // for ActivityDone when Failed: why, redacted
}

// stepFunc runs one check. It fills out with the facts its step owns and
// returns its findings.
type stepFunc func(ctx context.Context, s *session, out *Facts) []Finding

// plan says how a step is scheduled.
type plan struct {
	run stepFunc
	// after lists the steps whose facts this one reads: it starts when they end.
	after []ID
	// gate lists the steps that must not have failed or been skipped.
	gate []ID
	// requests is the longest chain of sequential requests the step makes;
	// with the per-request deadline it bounds the step's own deadline.
	requests int
	// precondition may skip the step, saying why.
	precondition func(c Config, f Facts) *Finding
}

var plans = map[ID]plan{
	// requests counts the sequential round trips of the longest path:
	// discovery is authinfo, then the OIDC document, then an unauthenticated
	// /api/Agent/me; the mapping step reads the types, then their fields in
	// waves of four; the test ticket is created, read back, resolved and
	// read, closed and read, or, when the create answer was lost, searched
	// for (three tries) and read before it is resolved and closed.
	Hostname:    {run: checkHostname, requests: 3},
	Application: {run: checkApplication, after: []ID{Hostname}, gate: []ID{Hostname}, requests: 2},
	Agent:       {run: checkAgent, after: []ID{Application}, gate: []ID{Application}, requests: 3},
	Mapping:     {run: checkMapping, after: []ID{Application}, gate: []ID{Application}, requests: 2 + detailLimit/detailWave},
	Ticket: {run: checkTicket, after: []ID{Application, Mapping}, gate: []ID{Application},
		requests: 1 + searchTries + 1 + 4, precondition: ticketPrecondition},
}

// grace is how long a step that passed its deadline gets to return its own,
// more precise, timeout finding before the runner reports one for it.
const grace = 300 * time.Millisecond

// Run checks the steps of cfg (all five unless cfg.Only narrows them, plus
// whatever those need) and returns their results in the contract's order.
// Steps that do not depend on each other run concurrently. A step that
// panics or outlives its deadline becomes a failing finding; Run itself
// returns within the steps' deadlines.
func Run(ctx context.Context, cfg Config, env Env) Report {
	s := newSession(cfg, env)
	needed := neededSteps(cfg)

	done := make(map[ID]chan struct{}, len(Order))
	for _, id := range Order {
		done[id] = make(chan struct{})
	}
	results := make(map[ID]Result, len(Order))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, id := range Order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[id])
			p := plans[id]
			for _, dep := range p.after {
				<-done[dep]
			}
			mu.Lock()
			deps := make(map[ID]Result, len(p.gate))
			for _, g := range p.gate {
				deps[g] = results[g]
			}
			mu.Unlock()
			r := s.runStep(ctx, id, p, needed[id], deps)
			mu.Lock()
			results[id] = r
			mu.Unlock()
		}()
	}
	wg.Wait()

	rep := Report{ClientID: cfg.ClientID, Facts: s.snapshot()}
	rep.Facts.TestTicket = s.liveTicket()
	reconcile(results, &rep.Facts)
	for _, id := range Order {
		rep.Steps = append(rep.Steps, results[id])
	}
	rep.Host = rep.Facts.Host
	if rep.Host == "" {
		rep.Host = cfg.Host
	}
	return rep
}

// neededSteps returns the steps to run: those asked for and their gates.
func neededSteps(cfg Config) map[ID]bool {
	need := make(map[ID]bool, len(Order))
	var add func(ID)
	add = func(id ID) {
		if need[id] {
			return
		}
		need[id] = true
		for _, g := range plans[id].gate {
			add(g)
		}
		for _, a := range plans[id].after {
			add(a)
		}
	}
	for _, id := range Order {
		if cfg.wants(id) {
			add(id)
		}
	}
	return need
}

// runStep decides whether a step runs, runs it isolated and reports it.
func (s *session) runStep(ctx context.Context, id ID, p plan, needed bool, gates map[ID]Result) Result {
	start := time.Now()
	finish := func(r Result) Result {
		r.Step, r.Title, r.Duration = id, id.Title(), time.Since(start)
		for i := range r.Findings {
			r.Findings[i] = s.env.Front.fillFinding(r.Findings[i])
		}
		s.emit(Event{Step: id, Kind: StepFinished, Started: start, Result: &r})
		return r
	}
	if !needed {
		return finish(skipped(id, "Not checked: "+how(taskOtherSteps)+"."))
	}
	for _, g := range p.gate {
		if r := gates[g]; r.Status == StatusFail || r.Status == StatusSkipped {
			return finish(skipped(id, fmt.Sprintf("Not checked: the %s step did not pass, and this one needs it. Fix that first, then check again.", g.Title())))
		}
	}
	if p.precondition != nil {
		if f := p.precondition(s.cfg, s.snapshot()); f != nil {
			return finish(Result{Status: StatusSkipped, Findings: []Finding{s.redact(*f)}})
		}
	}
	budget := time.Duration(p.requests) * s.cfg.timeout()
	s.emit(Event{Step: id, Kind: StepStarted, Started: start, Deadline: start.Add(budget)})
	findings, facts, ok := s.isolate(ctx, id, p.run, budget)
	if ok {
		s.merge(id, facts)
	}
	if f, ok := s.waitFinding(id); ok {
		findings = append(findings, f)
	}
	for i := range findings {
		findings[i] = s.redact(findings[i])
	}
	return finish(Result{Status: statusOf(findings), Findings: findings})
}

// isolate runs a check in its own goroutine under its own deadline. A panic
// becomes a crash finding; a check that does not return in time is left to
// its cancelled context and reported as a timeout. ok is false when the
// check's facts must not be used.
func (s *session) isolate(ctx context.Context, id ID, run stepFunc, budget time.Duration) (findings []Finding, facts Facts, ok bool) {
	start := time.Now()
	ctx, clock, stop := startClock(ctx, budget)
	defer stop()
	s.mu.Lock()
	s.clocks[id] = clock
	s.mu.Unlock()
	type outcome struct {
		findings []Finding
		facts    Facts
	}
	ch := make(chan outcome, 1)
	go func() {
		var out Facts
		defer func() {
			if v := recover(); v != nil {
				ch <- outcome{findings: []Finding{crashed(id, v)}}
			}
		}()
		f := run(ctx, s, &out)
		ch <- outcome{findings: f, facts: out}
	}()
	select {
	case o := <-ch:
		return o.findings, o.facts, true
	case <-ctx.Done():
	}
	select {
	case o := <-ch:
		return o.findings, o.facts, true
	case <-time.After(grace):
		s.abandon(id)
		if !errors.Is(context.Cause(ctx), errStepDeadline) {
			return []Finding{interrupted(id)}, Facts{}, false
		}
		return []Finding{s.stepTimeout(id, clock.until().Sub(start))}, Facts{}, false
	}
}

func skipped(id ID, why string) Result {
	return Result{Status: StatusSkipped, Findings: []Finding{{
		ID: string(id) + ".skipped", Severity: Info, Message: why, Fix: []string{},
	}}}
}

func crashed(id ID, v any) Finding {
	return Finding{
		ID:       string(id) + ".crashed",
		Severity: Fail,
		Message:  fmt.Sprintf("halowiz hit an internal error while checking this step (%v). The other steps were still checked.", v),
		Fix: []string{
			"Check again; if it happens again, " + how(taskWriteReport) + ".",
			"Send the report to the halowiz maintainers: it has no secrets in it.",
		},
	}
}

func interrupted(id ID) Finding {
	return Finding{
		ID:       string(id) + ".interrupted",
		Severity: Fail,
		Message:  "Stopped before this step finished: the run was interrupted.",
		Fix:      []string{"Run the check again."},
	}
}
