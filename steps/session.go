package steps

import (
	"halowiz/retry"
	"halowiz/scrub"
	"slices"

	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"halowiz/halo"
	"halowiz/huntress"
)

// session is the state one Run shares between its checks.
type session struct {
	cfg Config
	env Env

	red    *scrub.Redactor // the run's secrets, in every form they are echoed
	budget *retry.Budget   // how long the run may wait for rate limits, in all

	mu        sync.Mutex
	facts     Facts
	client    *halo.Client
	activity  map[ID]string
	abandoned map[ID]bool
	ticket    *TestTicket // the test ticket as it stands, even when its step is abandoned
	waits     map[ID][]timedWait
	clocks    map[ID]*stepClock
}

// trackTicket makes t the run's test ticket; updateTicket changes it under
// the session's lock, so that an interrupted run can still say what it left.
func (s *session) trackTicket(t *TestTicket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ticket = t
}

func (s *session) updateTicket(change func(*TestTicket)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(s.ticket)
}

// liveTicket is a copy of the test ticket as it stands; nil when none.
func (s *session) liveTicket() *TestTicket {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ticket == nil {
		return nil
	}
	t := *s.ticket
	return &t
}

func newSession(cfg Config, env Env) *session {
	budget := env.RateLimit
	if budget == nil {
		budget = cfg.RateLimitBudget()
	}
	return &session{cfg: cfg, env: env, red: scrub.NewRedactor(cfg.secrets()...), budget: budget,
		activity: map[ID]string{}, abandoned: map[ID]bool{}, waits: map[ID][]timedWait{}, clocks: map[ID]*stepClock{}}
}

// snapshot returns a copy of the facts merged so far.
func (s *session) snapshot() Facts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.facts
}

func (s *session) merge(id ID, f Facts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.facts.merge(id, f)
}

// setHalo keeps the API client the hostname step built for the steps after it.
func (s *session) setHalo(c *halo.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.client = c
}

func (s *session) halo() *halo.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// emit reports progress, unless the step was abandoned after its deadline.
func (s *session) emit(e Event) {
	if s.env.Progress == nil {
		return
	}
	s.mu.Lock()
	gone := s.abandoned[e.Step]
	s.mu.Unlock()
	if !gone {
		s.env.Progress(e)
	}
}

func (s *session) abandon(id ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.abandoned[id] = true
}

// stepKey carries the step a call belongs to, so that a client's report of
// a wait reaches the right step.
type stepKey struct{}

// call runs one request of a step, telling the progress callback what it
// waits for and until when. The deadline is the client's own (Config's
// Timeout per request, not counting rate-limit waits); the step's clock is
// the backstop.
func (s *session) call(ctx context.Context, id ID, what string, fn func(context.Context) error) error {
	start := time.Now()
	ctx = context.WithValue(ctx, stepKey{}, id)
	deadline := start.Add(s.cfg.timeout())
	s.mu.Lock()
	s.activity[id] = what
	s.mu.Unlock()
	s.emit(Event{Step: id, Kind: Activity, What: what, Started: start, Deadline: deadline})
	err := fn(ctx)
	done := Event{Step: id, Kind: ActivityDone, What: what, Started: start, Deadline: deadline, Failed: err != nil}
	if err != nil {
		done.Outcome = s.redact(Finding{Message: err.Error()}).Message
	}
	s.emit(done)
	return err
}

// onWait hears of a client's wait before a retry: it is said where the
// person is looking, kept for the step's evidence, and a rate-limit wait
// moves the step's own deadline on by as much.
func (s *session) onWait(ctx context.Context, w halo.Wait) {
	id, _ := ctx.Value(stepKey{}).(ID)
	now := time.Now()
	s.mu.Lock()
	s.waits[id] = append(s.waits[id], timedWait{Wait: w, at: now})
	var clocks []*stepClock
	for _, c := range s.clocks {
		clocks = append(clocks, c)
	}
	own := s.clocks[id]
	s.mu.Unlock()
	switch w.Reason {
	case halo.WaitRateLimit, halo.WaitHeld:
		// The rate limit holds back the whole run (a step queued behind
		// another's token request waits too): every step's clock moves on.
		for _, c := range clocks {
			c.extend(w.Delay)
		}
	default:
		if own != nil {
			own.extend(w.Delay)
		}
	}
	s.emit(Event{Step: id, Kind: Waiting, What: w.String(), Started: now, Deadline: now.Add(w.Delay)})
}

// onHuntressWait hears of the Huntress client's wait before a retry, and
// says it where the person is looking, as onWait does Halo's.
func (s *session) onHuntressWait(ctx context.Context, w huntress.Wait) {
	id, _ := ctx.Value(stepKey{}).(ID)
	now := time.Now()
	s.emit(Event{Step: id, Kind: Waiting, What: w.String(), Started: now, Deadline: now.Add(w.Delay)})
}

// timedWait is a wait and when it began.
type timedWait struct {
	halo.Wait
	at time.Time
}

// waitFinding says how long rate limits (or a busy Halo) held a step back,
// when they did. Waits that overlapped (concurrent requests of the step)
// count once in the time given.
func (s *session) waitFinding(id ID) (Finding, bool) {
	s.mu.Lock()
	waits := slices.Clone(s.waits[id])
	s.mu.Unlock()
	var limited, busy int
	var total time.Duration
	var waited retry.Window
	var lines []string
	for _, w := range waits {
		switch w.Reason {
		case halo.WaitRateLimit:
			limited++
		case halo.WaitBusy:
			busy++
		case halo.WaitHeld:
		default:
			continue
		}
		total += waited.Cover(w.at, w.at.Add(w.Delay))
		lines = append(lines, w.String())
	}
	var said []string
	if limited > 0 {
		said = append(said, fmt.Sprintf("Halo's rate limit (300 requests per rolling 5 minutes, shared by every integration of the tenant, Huntress included) turned %s away", Plural(limited, "request", "requests")))
	}
	if busy > 0 {
		said = append(said, fmt.Sprintf("Halo answered busy (502, 503 or 504) %s", Plural(busy, "time", "times")))
	}
	if len(said) == 0 && total > 0 {
		said = append(said, "Halo's rate limit, met by another request of the run, held this step's requests back")
	}
	if len(said) == 0 {
		return Finding{}, false
	}
	msg := fmt.Sprintf("%s; halowiz waited %s in all and retried, and the step went on once Halo let it.", strings.Join(said, ", and "), retry.RoundWait(total))
	return Finding{ID: string(id) + ".rate-limit-waited", Severity: Info, Message: msg, Fix: []string{}, Evidence: strings.Join(lines, "; ")}, true
}

// stepTimeout is the finding for a step that outlived its deadline.
func (s *session) stepTimeout(id ID, budget time.Duration) Finding {
	s.mu.Lock()
	what := s.activity[id]
	s.mu.Unlock()
	msg := fmt.Sprintf("No answer within %s.", budget.Round(time.Millisecond))
	if what != "" {
		msg = fmt.Sprintf("No answer within %s while %s.", budget.Round(time.Millisecond), lowerFirst(what))
	}
	return timeoutFinding(id, msg, fmt.Sprintf("waiting for: %s; no answer within the step's %s", orNothing(what), budget.Round(time.Millisecond)))
}

// redact removes the secrets of the run, and anything shaped like a
// credential, from a finding.
func (s *session) redact(f Finding) Finding { return f.Redacted(s.red) }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func orNothing(what string) string {
	if what == "" {
		return "nothing yet (the step had not sent a request)"
	}
	return what
}
