package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"halowiz/steps"
)

// setup is what the walk has built so far: the values the admin gave, as
// the pages' fields edit them in place, and one picture of the setup made of
// every step's latest real result.
type setup struct {
	cfg     steps.Config
	results map[steps.ID]steps.Result
	facts   steps.Facts
	// sawFailure is set once any check failed in this session (or a saved
	// setup was re-checked): Huntress may then hold a stuck setup.
	sawFailure bool
	skipped    map[steps.ID]bool
	reminded   map[string]bool // the reminders said on the way, by finding id
	noKeyring  error           // why the keyring cannot keep secrets here, when it cannot
	halo       secretState
	huntress   secretState
}

func newSetup(opts Options) *setup {
	// A saved setup that is re-checked may have left Huntress stuck; an
	// unfinished first run never reached Huntress.
	s := &setup{cfg: opts.Config, results: map[steps.ID]steps.Result{}, skipped: map[steps.ID]bool{}, reminded: map[string]bool{}, sawFailure: opts.Saved && opts.Resume == nil}
	if s.cfg.Timeout <= 0 {
		s.cfg.Timeout = steps.DefaultTimeout
	}
	if opts.SecretSaved && s.cfg.ClientSecret != "" {
		s.halo = secretState{status: secretInKeyring, saved: haloKey(steps.CleanHost(s.cfg.Host), s.cfg.ClientID, s.cfg.ClientSecret)}
	}
	if opts.Demo != nil && s.cfg.Host != "" {
		// Pasted the way it is copied from Halo, so that the demo shows
		// what cleaning removes.
		s.cfg.Host = "https://" + s.cfg.Host + "/api/"
	}
	return s
}

// runConfig is the values as the checks get them: without the spaces a
// paste often brings along. The hostname keeps them, for its step to say
// what it cleaned.
func (s *setup) runConfig() steps.Config {
	cfg := s.cfg
	for _, v := range []*string{&cfg.Tenant, &cfg.ClientID, &cfg.ClientSecret, &cfg.HuntressKey, &cfg.HuntressSecret} {
		*v = strings.TrimSpace(*v)
	}
	return cfg
}

// absorb takes the results of a run in: only the steps the run really
// checked replace what was known about them.
func (s *setup) absorb(cfg steps.Config, rep steps.Report) {
	for _, r := range rep.Steps {
		if !cfg.Runs(r.Step) {
			continue
		}
		s.results[r.Step] = r
		s.facts.MergeStep(r.Step, rep.Facts)
		delete(s.skipped, r.Step)
		if r.Failed() {
			s.sawFailure = true
		}
	}
}

// longestTimeout caps how long the wizard lets a request take.
const longestTimeout = 2 * time.Minute

// giveLonger doubles the deadline of each request after a check in which
// a request ran out of time (up to longestTimeout), as the timeout's fix
// tells the admin the wizard does, and says so; "" when it did not.
func (s *setup) giveLonger(rep steps.Report) string {
	if !rep.TimedOut() || s.cfg.Timeout >= longestTimeout {
		return ""
	}
	was := s.cfg.Timeout
	s.cfg.Timeout = min(2*was, longestTimeout)
	return fmt.Sprintf("A request got no answer within %s: the next check gives each request %s.", wholeDuration(was), wholeDuration(s.cfg.Timeout))
}

// wholeDuration says a deadline the way people say one: "30s", "1m",
// "1m30s".
func wholeDuration(d time.Duration) string {
	m, sec := int(d/time.Minute), int((d%time.Minute)/time.Second)
	switch {
	case m == 0:
		return fmt.Sprintf("%ds", sec)
	case sec == 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dm%ds", m, sec)
}

// result is the latest real result of step id.
func (s *setup) result(id steps.ID) (steps.Result, bool) {
	r, ok := s.results[id]
	return r, ok
}

// failed reports whether step id's latest result failed.
func (s *setup) failed(id steps.ID) bool {
	r, ok := s.results[id]
	return ok && r.Failed()
}

// report is the setup as a steps.Report: the steps checked so far, in the
// contract's order, with everything learned about the tenant.
func (s *setup) report() steps.Report {
	rep := steps.Report{ClientID: strings.TrimSpace(s.cfg.ClientID), Facts: s.facts, Host: s.facts.Host}
	if rep.Host == "" {
		rep.Host = strings.TrimSpace(s.cfg.Host)
	}
	for _, id := range steps.Order {
		if r, ok := s.results[id]; ok {
			rep.Steps = append(rep.Steps, r)
		}
	}
	return rep
}

// tenantHost is the hostname the hostname step proved, or "" while it has
// not: the host the addresses of the tenant's Halo pages are on.
func (s *setup) tenantHost() string {
	if r, ok := s.results[steps.Hostname]; ok && r.Proven() && !s.facts.CustomDomain {
		return s.facts.Host
	}
	return ""
}

// host is the cleaned hostname, or what was typed when it could not be cleaned.
func (s *setup) host() string {
	if s.facts.Host != "" {
		return s.facts.Host
	}
	return steps.CleanHost(s.cfg.Host)
}

// kept is what a later run starts from: the values, the hostname cleaned,
// and never a secret.
func (s *setup) kept() steps.Config {
	cfg := s.runConfig()
	cfg.Host = s.host()
	cfg.ClientSecret, cfg.HuntressSecret = "", ""
	cfg.Only, cfg.SendTestTicket = nil, false
	return cfg
}

// missingForRecheck names the values re-checking every step needs and does
// not have, with the step each is given on; "" when it has them all.
func (s *setup) missingForRecheck() string {
	cfg := s.runConfig()
	var missing []string
	if strings.TrimSpace(cfg.Host) == "" {
		missing = append(missing, "the API hostname (step "+stepNumber(steps.Hostname)+")")
	}
	var app []string
	if cfg.ClientID == "" {
		app = append(app, "client ID")
	}
	if cfg.ClientSecret == "" {
		app = append(app, "client secret")
	}
	if len(app) > 0 {
		missing = append(missing, "the "+strings.Join(app, " and ")+" (step "+stepNumber(steps.Application)+")")
	}
	return strings.Join(missing, " and ")
}

// stepNumber is step id's number on the walk.
func stepNumber(id steps.ID) string { return strconv.Itoa(rowOf(pageOf(id)).number()) }
