package watch

import (
	"context"
	"maps"
	"net/http"
	"sync"
	"time"

	"halowiz/halo"
	"halowiz/huntress"
	"halowiz/orgmap"
	"halowiz/scrub"
	"halowiz/steps"
)

// Step is the id of watch's own step, after the five.
const Step steps.ID = "watch"

// Title is the watch step's title.
const Title = "Tickets keep flowing"

// DefaultWindow is how far back a cycle looks for incident reports.
const DefaultWindow = 7 * 24 * time.Hour

// Config is one cycle's input: the checks' Config (SendTestTicket only
// when asked) and how far back to look.
type Config struct {
	Steps     steps.Config
	Window    time.Duration // DefaultWindow when zero
	Tolerance Tolerance     // DefaultTolerance when zero
}

// Env is what a cycle touches outside its Config.
type Env struct {
	Steps steps.Env
	Now   func() time.Time // time.Now when nil
}

// Cycle is what one cycle found: the six steps' report, the state to keep
// for the next cycle, what changed since the last one, what changed since
// the last notification that went out, and what it sent.
type Cycle struct {
	Report   steps.Report
	State    TenantState
	Changes  []Change // since the cycle before
	Unsent   []Change // since the last notification that went out
	Requests Requests
	Started  time.Time
}

// Run runs one cycle for the tenant whose state before it is prev. It
// reads Huntress while the checks run, then Halo's tickets, and returns
// within the checks' and the requests' deadlines.
func Run(ctx context.Context, cfg Config, env Env, prev TenantState) Cycle {
	cfg, now := cfg.withDefaults(), env.now()
	start := time.Now()
	haloHTTP, haloCount := counted(env.Steps.HTTPClient)
	huntHTTP, huntCount := counted(env.Steps.HuntressHTTPClient)
	stepsEnv := env.Steps
	stepsEnv.HTTPClient, stepsEnv.HuntressHTTPClient = haloHTTP, huntHTTP
	if stepsEnv.RateLimit == nil {
		// One budget for the cycle: the checks and watch's own Halo
		// requests wait for the rate limit, together, at most that long.
		stepsEnv.RateLimit = cfg.Steps.RateLimitBudget()
	}

	hunt := startHuntress(ctx, cfg, stepsEnv, now)
	rep := steps.Run(ctx, cfg.Steps, stepsEnv)
	h := hunt.wait()

	side := readHalo(ctx, cfg, rep, haloHTTP, stepsEnv, h)

	o := observed{at: now, cfg: cfg.Steps, rep: rep, haloVersion: side.version}
	found, baseline, blind := judge(cfg, prev.Baseline, o, h, side)
	req := Requests{Halo: int(haloCount.n.Load()), Huntress: int(huntCount.n.Load())}
	found = append(found, requestsFinding(req, side.waits))

	// Unlike the checks' and a capture's (steps.Config.TeachRedactor),
	// which skip a secret shorter than 4 characters, this redactor takes
	// every secret, and the Huntress secret's Basic credential even
	// without a key.
	red := scrub.NewRedactor(cfg.Steps.ClientSecret, cfg.Steps.HuntressSecret)
	red.AddBasicAuth(cfg.Steps.HuntressKey, cfg.Steps.HuntressSecret)
	keys := map[string][]string{}
	list := make([]steps.Finding, len(found))
	for i, f := range found {
		list[i] = f.Finding.Redacted(red)
		keys[f.ID] = f.keys
	}
	rep.Steps = append(rep.Steps, steps.NewResult(Step, Title, time.Since(start), list))

	next := TenantState{LastCycle: now, Baseline: baseline, Notified: map[string]Seen{}}
	next.Findings = seenFindings(rep, keys, prev.Findings, blind)
	maps.Copy(next.Notified, prev.notified())
	return Cycle{Report: rep, State: next, Changes: diff(prev.Findings, rep, next.Findings),
		Unsent: diff(prev.notified(), rep, next.Findings), Requests: req, Started: start}
}

// Notified records that the cycle's changes reached the webhook, or that
// there was none to send them to: the next notification is diffed against
// how the findings stand now. Until it is called, the changes stay unsent
// and go with the next notification.
func (c *Cycle) Notified() {
	c.State.Notified = maps.Clone(c.State.Findings)
	c.Unsent = nil
}

// judge turns what the cycle read into the watch step's findings, in the
// order of the issue: what Huntress says, drift, the flow. It returns the
// baseline the next cycle compares with, and the ids of the findings the
// cycle could not judge (Huntress or Halo could not be read): they stand
// as they did.
func judge(cfg Config, base Baseline, o observed, h huntressRead, side haloRead) (found []finding, next Baseline, blind []string) {
	found = append(found, huntressFinding(h)...)
	if !h.configured || h.actions.err != nil {
		blind = append(blind, psaActionID)
	}
	found = append(found, actionFindings(h.actions)...)
	drifted, unseen := drift(base, o)
	blind = append(blind, unseen...)
	next = base.update(o, drifted)
	for _, f := range drifted {
		found = append(found, finding{Finding: f})
	}
	found = append(found, baselineFinding(base, next, drifted, o)...)
	if !h.configured || h.reportsErr != nil {
		return found, next, append(blind, flowIDs...)
	}
	flow := side.flow
	flow.window, flow.truncated = cfg.Window, h.truncated
	if r := o.rep.Facts.ResolutionStatus; r != nil && !r.Closed {
		flow.resolution = r.Name
	}
	flow.outcomes = Match(h.reports, side.tickets, expectedClients(cfg.Steps, o.rep), o.at, cfg.Tolerance)
	ff, unseen := flowFindings(flow, o.at, cfg.Tolerance)
	return append(found, ff...), next, append(blind, unseen...)
}

func (c Config) withDefaults() Config {
	if c.Window <= 0 {
		c.Window = DefaultWindow
	}
	if c.Tolerance == (Tolerance{}) {
		c.Tolerance = DefaultTolerance
	}
	if c.Steps.Timeout <= 0 {
		c.Steps.Timeout = steps.DefaultTimeout
	}
	return c
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now().UTC()
	}
	return time.Now().UTC()
}

// huntressRead is what a cycle read from Huntress.
type huntressRead struct {
	configured bool
	actions    actionsResult
	reports    []Report
	truncated  bool
	reportsErr error
}

type huntressJob struct {
	done chan struct{}
	out  huntressRead
}

func (j *huntressJob) wait() huntressRead { <-j.done; return j.out }

// startHuntress reads the platform actions and the incident reports of the
// window while the checks run.
func startHuntress(ctx context.Context, cfg Config, env steps.Env, now time.Time) *huntressJob {
	j := &huntressJob{done: make(chan struct{})}
	c := cfg.Steps
	if c.HuntressKey == "" || c.HuntressSecret == "" {
		close(j.done)
		return j
	}
	j.out.configured = true
	client := huntress.New(huntress.Options{BaseURL: env.HuntressURL, Key: c.HuntressKey, Secret: c.HuntressSecret,
		HTTPClient: env.HuntressHTTPClient, Debug: env.Debug, Timeout: c.Timeout * maxReportPages})
	go func() {
		defer close(j.done)
		var wg sync.WaitGroup
		p := progress{emit: env.Progress}
		wg.Go(func() { j.out.actions = readActions(ctx, client, c.Timeout, p) })
		j.out.reports, j.out.truncated, j.out.reportsErr = readReports(ctx, client, now.Add(-cfg.Window), c.Timeout, p)
		wg.Wait()
	}()
	return j
}

// haloRead is what a cycle read from Halo after the checks.
type haloRead struct {
	version string
	tickets []Ticket
	flow    flowResult
	waits   []halo.Wait // what held the reads back before a retry
}

// readHalo reads Halo's version and, when there are reports to prove, the
// ticket list that holds their tickets, as the integration's own agent,
// once the checks have shown that it can log in.
func readHalo(ctx context.Context, cfg Config, rep steps.Report, hc *http.Client, env steps.Env, h huntressRead) haloRead {
	var out haloRead
	if r, ok := rep.Step(steps.Application); !ok || r.Status == steps.StatusFail || r.Status == steps.StatusSkipped {
		out.flow.haloSkipped = "halowiz could not log in to Halo (see the steps above)"
		return out
	}
	var mu sync.Mutex
	p := progress{emit: env.Progress}
	c := haloClient(cfg.Steps, rep, hc, env, func(w halo.Wait) {
		mu.Lock()
		out.waits = append(out.waits, w)
		mu.Unlock()
		p.waiting(w)
	})
	timeout := cfg.Steps.Timeout
	var wg sync.WaitGroup
	wg.Go(func() {
		vctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		done := progress{emit: env.Progress}.wait("Reading Halo's version (GET /api/InstanceInfo)", timeout)
		info, err := c.InstanceInfo(vctx)
		done(err)
		if err == nil {
			out.version = info.AppVersion
		}
	})
	if h.configured && h.reportsErr == nil && len(h.reports) > 0 {
		q := ticketQuery(h.reports, cfg.Tolerance)
		st := rowStatuses{closed: map[int]bool{}}
		for _, s := range rep.Facts.Statuses {
			st.closed[s.ID] = s.Closed
		}
		if r := rep.Facts.ResolutionStatus; r != nil && !r.Closed {
			st.resolution = r.ID
		}
		l, err := readTickets(ctx, c, q, maxTicketPages, timeout, st, progress{emit: env.Progress})
		out.tickets, out.flow.haloErr = l.tickets, err
		out.flow.tickets, out.flow.incomplete = len(l.tickets), l.incomplete
		out.flow.ticketQuery = q.String()
	}
	wg.Wait()
	return out
}

// haloClient is a client for the tenant the checks found, logging in as
// they did, waiting for the rate limit within the cycle's budget (the one
// the checks drew on), and telling onWait of each wait.
func haloClient(c steps.Config, rep steps.Report, hc *http.Client, env steps.Env, onWait func(halo.Wait)) *halo.Client {
	return halo.New(halo.Options{Host: rep.Facts.Host, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
		Scopes: steps.LoginScopes(c, rep), HTTPClient: hc, Debug: env.Debug, Timeout: c.Timeout, RateLimit: env.RateLimit,
		OnWait: func(_ context.Context, w halo.Wait) { onWait(w) }})
}

// expectedClients is the Halo client each Huntress organization's tickets
// belong on: the saved mapping, else the client Huntress pairs by exact
// name, as the mapping step found them.
func expectedClients(c steps.Config, rep steps.Report) map[int64]Client {
	out := map[int64]Client{}
	for _, o := range rep.Facts.Orgs {
		if len(o.Candidates) == 1 && (o.Kind == orgmap.Exact || o.Kind == orgmap.Saved) {
			out[o.Org.ID] = Client{ID: o.Candidates[0].ID, Name: o.Candidates[0].Name}
		}
	}
	for _, m := range c.Mapping {
		if _, ok := out[m.OrgID]; !ok {
			out[m.OrgID] = Client{ID: m.ClientID, Name: m.ClientName}
		}
	}
	return out
}

func hasFail(fs []steps.Finding) bool {
	for _, f := range fs {
		if f.Severity == steps.Fail {
			return true
		}
	}
	return false
}
