package ui

import (
	"strings"

	"halowiz/halo"
	"halowiz/keystore"
	"halowiz/steps"
)

// setup is what the walk has built so far: the values the admin gave, and
// one picture of the setup made of every step's latest real result. The
// full-screen wizard and the accessible one share it.
type setup struct {
	cfg     steps.Config
	results map[steps.ID]steps.Result
	facts   steps.Facts
	// sawFailure is set once any check failed in this session (or a saved
	// setup was re-checked): Huntress may then hold a stuck setup.
	sawFailure bool
	skipped    map[steps.ID]bool
	halo       secretState
	huntress   secretState
}

func newSetup(opts Options) *setup {
	s := &setup{cfg: opts.Config, results: map[steps.ID]steps.Result{}, skipped: map[steps.ID]bool{}, sawFailure: opts.Saved}
	if s.cfg.Timeout <= 0 {
		s.cfg.Timeout = steps.DefaultTimeout
	}
	if opts.SecretSource == string(keystore.FromKeyring) && s.cfg.ClientSecret != "" {
		s.halo = secretState{status: secretInKeyring, saved: haloKey(keyringHost(s.cfg.Host), s.cfg.ClientID, s.cfg.ClientSecret)}
	}
	return s
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
	rep := steps.Report{ClientID: s.cfg.ClientID, Facts: s.facts, Host: s.facts.Host}
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

// host is the cleaned hostname, or what was typed when it could not be cleaned.
func (s *setup) host() string {
	if s.facts.Host != "" {
		return s.facts.Host
	}
	return keyringHost(s.cfg.Host)
}

// settings is what a later run starts from. It never holds a secret.
func (s *setup) settings() keystore.Settings {
	st := keystore.Settings{
		Host:             s.host(),
		Tenant:           strings.TrimSpace(s.cfg.Tenant),
		ClientID:         s.cfg.ClientID,
		TicketType:       s.cfg.TicketType,
		ResolutionStatus: s.cfg.ResolutionStatus,
		TestClient:       s.cfg.TestClient,
		HuntressKey:      s.cfg.HuntressKey,
	}
	for _, m := range s.cfg.Mapping {
		st.Mapping = append(st.Mapping, keystore.OrgMapping{OrgID: m.OrgID, OrgName: m.OrgName, ClientID: m.ClientID, ClientName: m.ClientName})
	}
	return st
}

// keyringHost is the name a Halo secret is filed under: the cleaned host.
func keyringHost(input string) string {
	if h, _, err := halo.NormalizeHost(input); err == nil {
		return h
	}
	return strings.TrimSpace(input)
}
