package capture

import (
	"fmt"
	"strings"

	"halowiz/steps"
)

// RunOf is cfg's non-secret values, as a transcript keeps them.
func RunOf(cfg steps.Config, huntressURL string) Run {
	r := Run{
		Host:             cfg.Host,
		Tenant:           cfg.Tenant,
		ClientID:         cfg.ClientID,
		TicketType:       cfg.TicketType,
		ResolutionStatus: cfg.ResolutionStatus,
		TestClient:       cfg.TestClient,
		HuntressKey:      cfg.HuntressKey,
		HuntressURL:      huntressURL,
		SendTestTicket:   cfg.SendTestTicket,
	}
	for _, m := range cfg.Mapping {
		r.Mapping = append(r.Mapping, Mapping(m))
	}
	for _, id := range cfg.Only {
		r.Steps = append(r.Steps, string(id))
	}
	return r
}

// replaySecret stands in for the secrets a transcript never holds: a
// replay sends it to nothing but the transcript.
const replaySecret = "replay-without-secret"

// Config is the run's values as the checks take them, with stand-ins for
// the secrets, for a replay. SendTestTicket and Only are the caller's to
// set (the captured run's are in r).
func (r Run) Config() (steps.Config, error) {
	cfg := steps.Config{
		Host:             r.Host,
		Tenant:           r.Tenant,
		ClientID:         r.ClientID,
		ClientSecret:     replaySecret,
		TicketType:       r.TicketType,
		ResolutionStatus: r.ResolutionStatus,
		TestClient:       r.TestClient,
		HuntressKey:      r.HuntressKey,
		Timeout:          steps.DefaultTimeout,
	}
	if strings.TrimSpace(cfg.Host) == "" {
		return cfg, fmt.Errorf("the capture names no Halo host")
	}
	if cfg.HuntressKey != "" {
		cfg.HuntressSecret = replaySecret
	}
	for _, m := range r.Mapping {
		cfg.Mapping = append(cfg.Mapping, steps.SavedMapping(m))
	}
	return cfg, nil
}

// StepsAsked is the steps the captured run asked for (nil: all).
func (r Run) StepsAsked() ([]steps.ID, error) {
	var ids []steps.ID
	for _, s := range r.Steps {
		id := steps.ID(s)
		if !id.Valid() {
			return nil, fmt.Errorf("the capture asks for an unknown step %q", cut(s))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// OutcomeOf is rep's step statuses and finding ids.
func OutcomeOf(rep steps.Report) []StepOutcome {
	out := make([]StepOutcome, 0, len(rep.Steps))
	for _, s := range rep.Steps {
		o := StepOutcome{Step: string(s.Step), Status: string(s.Status), Findings: []string{}}
		for _, f := range s.Findings {
			o.Findings = append(o.Findings, f.ID)
		}
		out = append(out, o)
	}
	return out
}
