package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"halowiz/orgmap"
	"halowiz/steps"
)

// move is what the admin wants after a step failed.
type move string

const (
	moveRetry    move = "retry"
	moveChange   move = "change"
	moveEvidence move = "evidence"
	moveSkip     move = "skip"
)

// walk is the accessible wizard from welcome to summary.
func (a *accessible) walk() error {
	a.say(welcomeText(a.c, a.opts))
	start := steps.Agent
	if a.opts.Saved {
		cfg := a.opts.Config
		v, err := a.choose(fmt.Sprintf("A saved setup was found for %s (client ID %s). What now?", orDash(keyringHost(cfg.Host)), orDash(cfg.ClientID)), []pickItem{
			{label: "Re-check the saved setup", note: "every step is checked again; the wizard opens at the first one that fails", value: "recheck"},
			{label: "Start over", note: "walk every step, the saved values filled in", value: "over"},
		}, "recheck")
		if err != nil {
			return err
		}
		if v == "recheck" {
			id, failing, err := a.recheck()
			if err != nil || !failing {
				return errors.Join(err, a.summary())
			}
			start = id
		}
	}
	return a.walkFrom(start)
}

// walkFrom walks the steps from start to the summary.
func (a *accessible) walkFrom(start steps.ID) error {
	walkSteps := []struct {
		id  steps.ID
		run func() error
	}{
		{steps.Agent, a.agent}, {steps.Hostname, a.hostname}, {steps.Application, a.application},
		{steps.Mapping, a.mapping}, {steps.Ticket, a.ticket},
	}
	started := false
	for _, s := range walkSteps {
		started = started || s.id == start
		if !started {
			continue
		}
		a.say(fmt.Sprintf("\n== Step %d of 5: %s ==\n", pageFor(s.id).number(), s.id.Title()))
		if err := s.run(); err != nil {
			return err
		}
		if s.id == steps.Agent && a.setup.failed(steps.Agent) {
			start = steps.Application // the application step checks the agent again
		}
	}
	return a.summary()
}

// recheck checks every step and returns the first that fails.
func (a *accessible) recheck() (steps.ID, bool, error) {
	a.say("\nRe-checking every step of the saved setup.\n")
	if err := a.check(nil, false); err != nil {
		return "", false, err
	}
	rep := a.setup.report()
	id, failing := rep.FirstFailing()
	if failing {
		a.say(fmt.Sprintf("\n%s fails first. What is wrong and how to fix it follows.\n", id.Title()))
	}
	return id, failing, nil
}

// afterFailure asks what to do about a failed step, showing the evidence
// when asked.
func (a *accessible) afterFailure(owns, needs []steps.ID, canChange bool) (move, error) {
	for {
		items := []pickItem{{label: "Check again", note: "once it is fixed in Halo", value: string(moveRetry)}}
		if canChange {
			items = append(items, pickItem{label: "Change the values", value: string(moveChange)})
		}
		items = append(items,
			pickItem{label: "Show the evidence", note: "what halowiz asked and what Halo answered", value: string(moveEvidence)},
			pickItem{label: "Skip this step", note: "it stays unproven", value: string(moveSkip)})
		v, err := a.choose("What now?", items, string(moveRetry))
		if err != nil || move(v) != moveEvidence {
			return move(v), err
		}
		a.show(owns, needs, true)
	}
}

// loop runs a step until it passes or is skipped: ask for its values, check,
// show the results of owns (and of needs that failed), and on failure ask
// what next. Skipping skips owns[0].
func (a *accessible) loop(owns, needs []steps.ID, ask func() error, check func() error, failed func() bool) error {
	asking := ask != nil
	for {
		if asking {
			if err := ask(); err != nil {
				return err
			}
		}
		if err := check(); err != nil {
			return err
		}
		a.show(owns, needs, false)
		if !failed() {
			return nil
		}
		mv, err := a.afterFailure(owns, needs, ask != nil)
		if err != nil {
			return err
		}
		if mv == moveSkip {
			a.setup.skipped[owns[0]] = true
			a.say("! " + skipWarnings[owns[0]] + "\n")
			return nil
		}
		asking = mv == moveChange
	}
}

func (a *accessible) agent() error {
	a.say(agentText(a.c))
	if a.setup.failed(steps.Agent) {
		a.show([]steps.ID{steps.Agent}, nil, false)
	}
	_, err := a.text("Press enter once the agent is set up in Halo", "")
	return err
}

func (a *accessible) hostname() error {
	ask := func() error {
		a.say(wrap(hostnameIntro, a.c.contentWidth()) + "\n")
		def := a.setup.cfg.Host
		if a.opts.Demo != nil && def == a.opts.Config.Host && def != "" {
			def = "https://" + def + "/api/"
		}
		v, err := a.text("Resource Server", def)
		a.setup.cfg.Host = v
		a.say(hostPreview(a.c, v))
		return err
	}
	check := func() error { return a.check([]steps.ID{steps.Hostname}, false) }
	return a.loop([]steps.ID{steps.Hostname}, nil, ask, check, func() bool { return a.setup.failed(steps.Hostname) })
}

func (a *accessible) application() error {
	cfg := &a.setup.cfg
	ask := func() error {
		a.say(applicationText(a.c))
		var err error
		if cfg.ClientID, err = a.text("Client ID", cfg.ClientID); err != nil {
			return err
		}
		if cfg.ClientSecret, err = a.secret("Client Secret", cfg.ClientSecret); err != nil {
			return err
		}
		tenant := cfg.Tenant
		if tenant == "" {
			tenant = a.setup.facts.Tenant
		}
		cfg.Tenant, err = a.text("Tenant (filled in from Halo; only hosted tenants have one)", tenant)
		return err
	}
	check := func() error {
		err := a.check([]steps.ID{steps.Application, steps.Agent}, false)
		if err == nil && a.setup.failed(steps.Agent) && !a.setup.failed(steps.Application) {
			a.say("\nThe application works, but the agent it logs in as is not set up the way Huntress needs:\n" + agentText(a.c))
		}
		return err
	}
	failed := func() bool {
		return a.setup.failed(steps.Hostname) || a.setup.failed(steps.Application) || a.setup.failed(steps.Agent)
	}
	return a.loop([]steps.ID{steps.Application, steps.Agent}, []steps.ID{steps.Hostname}, ask, check, failed)
}

func (a *accessible) mapping() error {
	needs := []steps.ID{steps.Hostname, steps.Application}
	if a.setup.facts.TicketTypes == nil {
		if err := a.check([]steps.ID{steps.Mapping}, false); err != nil {
			return err
		}
	}
	cfg := &a.setup.cfg
	ask := func() error {
		f := a.setup.facts
		var err error
		if cfg.TicketType, err = a.choose("Default Ticket Type", ticketTypeItems(f.TicketTypes), resolvedID(cfg.TicketType, f.TicketType)); err != nil {
			return err
		}
		if cfg.ResolutionStatus, err = a.choose("Status after resolution", statusItems(f), statusID(cfg.ResolutionStatus, f)); err != nil {
			return err
		}
		key, err := a.text("Huntress API key (optional, to preview the organization mapping; a dash leaves it out)", cfg.HuntressKey)
		if err != nil {
			return err
		}
		cfg.HuntressKey = strings.TrimPrefix(key, "-")
		if cfg.HuntressKey == "" {
			cfg.HuntressSecret = ""
			return nil
		}
		cfg.HuntressSecret, err = a.secret("Huntress API secret", cfg.HuntressSecret)
		return err
	}
	check := func() error {
		if err := a.check([]steps.ID{steps.Mapping}, false); err != nil {
			return err
		}
		return a.reviewOrgs()
	}
	return a.loop([]steps.ID{steps.Mapping}, needs, ask, check, func() bool { return a.setup.failed(steps.Mapping) })
}

// reviewOrgs lists the organizations, offers the CSV export and pairing
// organizations with clients by hand.
func (a *accessible) reviewOrgs() error {
	orgs := a.setup.facts.Orgs
	if len(orgs) == 0 {
		return nil
	}
	const listed = 100
	var b strings.Builder
	b.WriteString("\nHuntress organizations (number. organization — match — Halo client — reason):\n")
	byOrg := map[int64]steps.SavedMapping{}
	for _, sm := range a.setup.cfg.Mapping {
		byOrg[sm.OrgID] = sm
	}
	for i, r := range orgs[:min(len(orgs), listed)] {
		kind, client, reason := rowText(r, byOrg)
		fmt.Fprintf(&b, "%d. %s — %s — %s — %s\n", i+1, r.Org.Name, kind, orDash(client), reason)
	}
	if len(orgs) > listed {
		fmt.Fprintf(&b, "and %d more: the CSV export lists them all.\n", len(orgs)-listed)
	}
	a.say(b.String())
	export, err := a.confirm(fmt.Sprintf("Export all %d organizations to a CSV file?", len(orgs)), false)
	if err != nil {
		return err
	}
	if export {
		path, err := writeCSVFile(a.deps.ReportDir, a.c.Now(), orgs)
		a.files.csvPath, a.files.csvErr = path, err
		a.say(a.files.csvLine(a.c.Styles))
	}
	return a.pairByHand(orgs)
}

// pairByHand pairs organizations with Halo clients until the admin is done,
// and checks the mapping again when it changed.
func (a *accessible) pairByHand(orgs []orgmap.Result) error {
	changed := false
	for {
		v, err := a.text("Pair an organization with a Halo client by hand? Its number, or enter to go on", "")
		if err != nil || v == "" {
			if err == nil && changed {
				err = a.check([]steps.ID{steps.Mapping}, false)
			}
			return err
		}
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > len(orgs) {
			a.say(fmt.Sprintf("There is no organization %q: give a number from 1 to %d.\n", v, len(orgs)))
			continue
		}
		org := orgs[n-1].Org
		name, err := a.text("Halo client for "+org.Name+" (its exact name or id)", "")
		if err != nil {
			return err
		}
		id := customerID(name, a.setup.facts.Customers, 0)
		cu, ok := a.customer(id)
		if !ok {
			a.say(fmt.Sprintf("There is no active Halo client %q.\n", name))
			continue
		}
		a.setup.cfg.Mapping = pairWith(a.setup.cfg.Mapping, steps.SavedMapping{OrgID: org.ID, OrgName: org.Name, ClientID: cu.ID, ClientName: cu.Name})
		a.say(fmt.Sprintf("%s → %s; checked when you go on.\n", org.Name, cu.Name))
		changed = true
	}
}

// pairWith replaces or adds the mapping of m.OrgID.
func pairWith(mapping []steps.SavedMapping, m steps.SavedMapping) []steps.SavedMapping {
	out := []steps.SavedMapping{m}
	for _, sm := range mapping {
		if sm.OrgID != m.OrgID {
			out = append(out, sm)
		}
	}
	return out
}
