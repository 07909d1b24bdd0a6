package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"halowiz/halo"
	"halowiz/huntress"
	"halowiz/huntress/huntresstest"
	"halowiz/steps"
)

func TestPlatformActionsAboutThePSA(t *testing.T) {
	cases := []struct {
		a    huntress.PlatformAction
		want bool
	}{
		{huntress.PlatformAction{Subject: "Unable to send incident reports to your PSA"}, true},
		{huntress.PlatformAction{Subject: "Integration failing", Type: "Integration Issue", Subtype: "halopsa_auth"}, true},
		{huntress.PlatformAction{Subject: "Reconfigure the integration", Description: "We could not create a ticket in HaloPSA."}, true},
		{huntress.PlatformAction{Subject: "Ticketing integration disconnected"}, true},
		{huntress.PlatformAction{Subject: "Defender Disabled", Type: "Environmental Issue"}, false},
		{huntress.PlatformAction{Subject: "Microsoft 365 integration: consent revoked", Type: "Integration Issue"}, false},
		{huntress.PlatformAction{Subject: "Low disk space on PSAGE-01"}, false},
	}
	for _, c := range cases {
		if got := aboutPSA(c.a); got != c.want {
			t.Errorf("%+v: about the PSA %t, want %t", c.a, got, c.want)
		}
	}
}

func TestPSAActionFindingClearsWhenResolved(t *testing.T) {
	psa := huntress.PlatformAction{ID: 7, Subject: "Unable to send incident reports to your PSA", CreatedAt: "2026-11-27T03:30:00Z"}
	other := huntress.PlatformAction{ID: 8, Subject: "Defender Disabled"}
	got := actionFindings(actionsResult{open: []huntress.PlatformAction{psa, other}, overdue: map[int64]bool{7: true}})
	if len(got) != 1 || got[0].ID != "watch.huntress-psa-action" || !strings.Contains(got[0].Message, "overdue since 2026-11-27 03:30 UTC, id 7") ||
		strings.Join(got[0].keys, ",") != "7" || !strings.Contains(got[0].Evidence, "/v1/platform_actions/7") {
		t.Errorf("open PSA action: %+v", got)
	}
	if got := actionFindings(actionsResult{open: []huntress.PlatformAction{other}}); len(got) != 0 {
		t.Errorf("no PSA action open, yet %+v", got)
	}
	if got := actionFindings(actionsResult{err: errors.New("refused")}); len(got) != 0 {
		t.Errorf("an unreadable list is the Huntress finding's, not this one's: %+v", got)
	}
}

func TestEveryRefusesMoreThanATenthOfHalosBudget(t *testing.T) {
	if MinEvery != 5*time.Minute {
		t.Fatalf("MinEvery = %s: 30 requests a cycle within a tenth of 300 per 5 minutes is every 5 minutes", MinEvery)
	}
	for every, ok := range map[time.Duration]bool{time.Minute: false, 4*time.Minute + 59*time.Second: false, 5 * time.Minute: true, 15 * time.Minute: true, 24 * time.Hour: true} {
		if err := CheckEvery(every); (err == nil) != ok {
			t.Errorf("CheckEvery(%s) = %v, want ok %t", every, err, ok)
		}
	}
	cases := []struct {
		every    time.Duration
		requests int
		want     time.Duration
	}{
		{15 * time.Minute, 25, 15 * time.Minute},
		{5 * time.Minute, 30, 5 * time.Minute},
		{5 * time.Minute, 90, 15 * time.Minute}, // a tenant that made the cycle send three times the plan
	}
	for _, c := range cases {
		if got := NextWait(c.every, c.requests); got != c.want {
			t.Errorf("NextWait(%s, %d) = %s, want %s", c.every, c.requests, got, c.want)
		}
	}
}

// observation builds what a cycle saw from the step findings and facts given.
func observation(cfg steps.Config, facts steps.Facts, findings map[steps.ID][]string, version string) observed {
	rep := steps.Report{Facts: facts}
	for _, id := range steps.Order {
		var fs []steps.Finding
		for _, fid := range findings[id] {
			sev := steps.Fail
			if strings.HasSuffix(fid, ".ok") {
				sev = steps.Pass
			}
			fs = append(fs, steps.Finding{ID: fid, Severity: sev, Evidence: "seen"})
		}
		res := steps.NewResult(id, id.Title(), 0, fs)
		if fs == nil {
			res.Status = steps.StatusSkipped
		}
		rep.Steps = append(rep.Steps, res)
	}
	return observed{at: t0, cfg: cfg, rep: rep, haloVersion: version}
}

func TestDriftIsWhatWasGoodAndIsNot(t *testing.T) {
	yes, no := true, false
	cfg := steps.Config{ClientID: "app", TicketType: "Incident", ResolutionStatus: "Closed"}
	agent := &halo.Agent{ID: 12, Name: "Huntress API", Teams: []halo.TeamMembership{{TeamID: 1, TeamName: "Service Desk", UnassignedAccess: &yes, OtherAgentAccess: &yes}}}
	good := steps.Facts{Agent: agent, TicketType: &steps.TicketTypeOption{ID: 1, Name: "Incident"},
		TicketTypes:      []steps.TicketTypeOption{{ID: 1, Name: "Incident"}},
		ResolutionStatus: &steps.StatusOption{ID: 9, Name: "Closed", Closed: true}, ClosedBy: "Halo's own excludeclosed filter"}
	ok := map[steps.ID][]string{steps.Application: {"application.ok"}, steps.Agent: {"agent.ok"}, steps.Mapping: {"mapping.ok"}}
	base := Baseline{}.update(observation(cfg, good, ok, "2.184.12"), nil)

	flagsOff := *agent
	flagsOff.Teams = []halo.TeamMembership{{TeamID: 1, TeamName: "Service Desk", UnassignedAccess: &no, OtherAgentAccess: &no}}
	blocked := good
	blocked.TicketType = &steps.TicketTypeOption{ID: 1, Name: "Incident", Blocking: []string{"Category", "Impact"}}
	open := good
	open.ResolutionStatus = &steps.StatusOption{ID: 9, Name: "Closed"}
	hidden := good
	hidden.Agent = &flagsOff
	other := cfg
	other.TicketType = "Service Request"
	cases := []struct {
		name     string
		cfg      steps.Config
		facts    steps.Facts
		findings map[steps.ID][]string
		version  string
		want     string
	}{
		{"nothing changed", cfg, good, ok, "2.184.12", ""},
		{"token refused", cfg, steps.Facts{}, map[steps.ID][]string{steps.Application: {"application.invalid-client"}}, "", "watch.token-refused"},
		{"Halo out of reach is not drift", cfg, steps.Facts{}, map[steps.ID][]string{steps.Application: {"application.unreachable"}}, "", ""},
		{"agent disabled", cfg, good, map[steps.ID][]string{steps.Application: {"application.ok"}, steps.Agent: {"agent.disabled"}, steps.Mapping: {"mapping.ok"}}, "", "watch.agent-changed"},
		{"team flags off", cfg, hidden, ok, "", "watch.agent-changed"},
		{"mandatory fields", cfg, blocked, ok, "", "watch.ticket-type-changed"},
		{"another ticket type chosen is not drift", other, blocked, ok, "", ""},
		{"status no longer closed", cfg, open, ok, "", "watch.resolution-status-changed"},
		{"upgraded", cfg, good, ok, "2.190.3", "watch.halo-upgraded"},
		{"steps skipped say nothing", cfg, steps.Facts{}, map[steps.ID][]string{steps.Application: {"application.ok"}}, "", ""},
		// The lists were not read: nothing says the type or the status is
		// gone, whatever the mapping step's finding is called.
		{"lists unanswered are not drift", cfg, steps.Facts{Agent: agent}, map[steps.ID][]string{steps.Application: {"application.ok"}, steps.Agent: {"agent.ok"}, steps.Mapping: {"mapping.unreachable"}}, "", ""},
		{"lists rate-limited are not drift", cfg, steps.Facts{Agent: agent}, map[steps.ID][]string{steps.Application: {"application.ok"}, steps.Agent: {"agent.ok"}, steps.Mapping: {"mapping.rate-limited"}}, "", ""},
	}
	for _, c := range cases {
		var got []string
		found, _ := drift(base, observation(c.cfg, c.facts, c.findings, c.version))
		for _, f := range found {
			got = append(got, f.ID)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: drift %v, want %q", c.name, got, c.want)
		}
	}
}

func TestTheVersionStaysWhileAnUpgradeBrokeSomething(t *testing.T) {
	cfg := steps.Config{ClientID: "app"}
	ok := map[steps.ID][]string{steps.Application: {"application.ok"}}
	base := Baseline{}.update(observation(cfg, steps.Facts{}, ok, "2.184.12"), nil)
	if b := base.update(observation(cfg, steps.Facts{}, ok, "2.190.3"), []steps.Finding{{ID: driftAgent, Severity: steps.Fail}}); b.Halo.Version != "2.184.12" {
		t.Errorf("after a cycle with drift the version moved to %s", b.Halo.Version)
	}
	if b := base.update(observation(cfg, steps.Facts{}, ok, "2.190.3"), nil); b.Halo.Version != "2.190.3" {
		t.Errorf("after a good cycle the version stayed %s", b.Halo.Version)
	}
}

func TestUnchangedNamesOnlyWhatTheCycleSaw(t *testing.T) {
	cfg := steps.Config{ClientID: "app"}
	ok := map[steps.ID][]string{steps.Application: {"application.ok"}}
	base := Baseline{}.update(observation(cfg, steps.Facts{}, ok, "2.184.12"), nil)
	cases := []struct {
		name     string
		findings map[steps.ID][]string
		version  string
		want     string
	}{
		{"the token and the version seen", ok, "2.184.12", "watch.unchanged: the token and Halo 2.184.12"},
		{"the version not read", ok, "", "watch.unchanged: the token"},
		{"nothing seen: Halo did not answer", map[steps.ID][]string{steps.Hostname: {"hostname.timeout"}}, "", ""},
	}
	for _, c := range cases {
		o := observation(cfg, steps.Facts{}, c.findings, c.version)
		got := ""
		for _, f := range baselineFinding(base, base.update(o, nil), nil, o) {
			_, what, _ := strings.Cut(f.Message, "last good cycle: ")
			got = f.ID + ": " + strings.TrimSuffix(what, ".")
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	first := observation(cfg, steps.Facts{}, map[steps.ID][]string{steps.Hostname: {"hostname.timeout"}}, "")
	if f := baselineFinding(Baseline{}, Baseline{}.update(first, nil), nil, first); len(f) != 1 || !strings.HasPrefix(f[0].Message, "No cycle has found") {
		t.Errorf("a first cycle that found nothing good: %+v", f)
	}
}

func TestAMissingTicketIsOnlyClaimedFromAFullList(t *testing.T) {
	outs := Match([]Report{rep(1, subjA, 2*time.Hour)}, nil, nil, t0, DefaultTolerance)
	// Read in part, the list cannot say the ticket is missing, nor that it
	// is not: an earlier watch.ticket-missing stands (blind).
	for incomplete, want := range map[string]string{"": "watch.ticket-missing(fail) blind []", "10 of 12 pages read": "watch.flow-unchecked(warn) blind [watch.ticket-missing]"} {
		got := ""
		found, blind := flowFindings(flowResult{window: DefaultWindow, outcomes: outs, incomplete: incomplete}, t0, DefaultTolerance)
		for _, f := range found {
			got += f.ID + "(" + string(f.Severity) + ")"
		}
		got += fmt.Sprintf(" blind %v", blind)
		if got != want {
			t.Errorf("list incomplete %q: %s, want %s", incomplete, got, want)
		}
	}
}

func TestAgentChangedStandsUntilTheChangeIsUndone(t *testing.T) {
	yes := true
	team := func(id int, name string) halo.TeamMembership {
		return halo.TeamMembership{TeamID: id, TeamName: name, UnassignedAccess: &yes, OtherAgentAccess: &yes}
	}
	cfg := Config{Steps: steps.Config{ClientID: "app"}}
	ok := map[steps.ID][]string{steps.Application: {"application.ok"}, steps.Agent: {"agent.ok"}}
	agent := func(teams ...halo.TeamMembership) steps.Facts {
		return steps.Facts{Agent: &halo.Agent{ID: 12, Name: "Huntress API", Teams: teams}}
	}
	cycles := []struct {
		name  string
		facts steps.Facts
		want  bool // watch.agent-changed
	}{
		{"teams A and B", agent(team(1, "A"), team(2, "B")), false},
		{"A removed: the agent step still passes on B", agent(team(2, "B")), true},
		{"nothing fixed", agent(team(2, "B")), true},
		{"A given back", agent(team(1, "A"), team(2, "B")), false},
	}
	var base Baseline
	for _, c := range cycles {
		var found []finding
		found, base, _ = judge(cfg, base, observation(cfg.Steps, c.facts, ok, ""), huntressRead{}, haloRead{})
		got := slices.ContainsFunc(found, func(f finding) bool { return f.ID == driftAgent })
		if got != c.want {
			t.Errorf("%s: watch.agent-changed %t, want %t", c.name, got, c.want)
		}
	}
}

func TestTheSameReportsInAnotherOrderAreNoChange(t *testing.T) {
	rep := steps.Report{Steps: []steps.Result{steps.NewResult(Step, Title, 0, []steps.Finding{{ID: idMissing, Severity: steps.Fail}})}}
	first := seenFindings(rep, map[string][]string{idMissing: {"5004", "10", "5001"}}, nil, nil)
	// Huntress lists by updated_at, newest first: an update reorders them.
	second := seenFindings(rep, map[string][]string{idMissing: {"5001", "5004", "10"}}, first, nil)
	if ch := diff(first, rep, second); len(ch) != 0 {
		t.Errorf("the same three reports in another order: %+v", ch)
	}
	if got := strings.Join(first[idMissing].Keys, ","); got != "10,5001,5004" {
		t.Errorf("keys kept as %s, want them by number", got)
	}
	third := seenFindings(rep, map[string][]string{idMissing: {"5001", "5004", "11"}}, second, nil)
	if ch := diff(second, rep, third); len(ch) != 1 {
		t.Errorf("another report is a change: %+v", ch)
	}
}

// TestTicketsInAnOpenStatusAfterResolutionAreHuntresssPartDone: issue 9
// allows an open status after resolution (a "Resolved" a workflow closes
// later), with a warning of its own; a ticket that waits there is not
// left open by Huntress.
func TestTicketsInAnOpenStatusAfterResolutionAreHuntresssPartDone(t *testing.T) {
	closed := func(r Report) Report { r.Closed = t0.Add(-2 * time.Hour); return r }
	resolved := tk(10, subjA, 2, 30*time.Hour)
	resolved.Resolved = true
	inProgress := tk(11, subjB, 3, 30*time.Hour)
	cases := []struct {
		name    string
		tickets []Ticket
		want    string
	}{
		{"waiting in the status after resolution", []Ticket{resolved}, "watch.flow-proven"},
		{"one waiting there, one in another open status", []Ticket{resolved, inProgress}, "watch.ticket-open-after-close watch.flow-proven"},
	}
	for _, c := range cases {
		outs := Match([]Report{closed(rep(1, subjA, 30*time.Hour)), closed(rep(2, subjB, 30*time.Hour))}, c.tickets, nil, t0, DefaultTolerance)
		if len(c.tickets) == 1 {
			outs = outs[:1]
		}
		found, _ := flowFindings(flowResult{window: DefaultWindow, outcomes: outs, resolution: "Resolved"}, t0, DefaultTolerance)
		var got []string
		for _, f := range found {
			got = append(got, f.ID)
			if !strings.Contains(f.Evidence, `1 ticket of reports Huntress closed is in the status after resolution "Resolved", an open status: Huntress did its part`) {
				t.Errorf("%s: %s's evidence does not say where ticket 10 waits: %s", c.name, f.ID, f.Evidence)
			}
			if f.ID == idOpenAfterClose && (strings.Contains(f.Message, "report 1") || strings.Contains(strings.Join(f.Fix, " "), "must be a closed status")) {
				t.Errorf("%s: %s\n%s", c.name, f.Message, f.Fix)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}
}

func TestHuntressUnreadableSaysWhatCouldNotBeRead(t *testing.T) {
	refused := fmt.Errorf("list: %w", huntress.ErrUnauthorized)
	down := errors.New("connection refused")
	cases := []struct {
		name             string
		actions, reports error
		want             string
	}{
		{"the actions only", down, nil, "Huntress's platform actions could not be read (connection refused), so whether Huntress says it cannot send was not checked."},
		{"the reports only", nil, down, "Huntress's incident reports could not be read (connection refused), so whether its reports became tickets was not checked."},
		{"both", refused, refused, "Huntress's platform actions and incident reports could not be read"},
	}
	for _, c := range cases {
		got := huntressFinding(huntressRead{configured: true, actions: actionsResult{err: c.actions}, reportsErr: c.reports})
		if len(got) != 1 || got[0].ID != "watch.huntress-unreadable" || !strings.HasPrefix(got[0].Message, c.want) {
			t.Errorf("%s: %+v\nwant %q", c.name, got, c.want)
		}
	}
	if got := huntressFinding(huntressRead{configured: true}); len(got) != 0 {
		t.Errorf("both read, yet %+v", got)
	}
}

func TestPlatformActionsAreReadOnceEachInIDOrder(t *testing.T) {
	created := t0.Add(-time.Hour)
	sim := huntresstest.NewServer(huntresstest.WithPlatformActions(
		huntresstest.PlatformAction{ID: 1<<62 + 5, Subject: "newest", Created: created},
		huntresstest.PlatformAction{ID: 7, Subject: "open and overdue", Overdue: true, Created: created.Add(-time.Hour)},
		huntresstest.PlatformAction{ID: -(1 << 62), Subject: "an id far below", Overdue: true, Created: created.Add(-2 * time.Hour)},
	))
	srv := httptest.NewUnstartedServer(sim)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(func() { srv.Close(); sim.Release() })
	c := huntress.New(huntress.Options{BaseURL: srv.URL, Key: huntresstest.DemoKey, Secret: huntresstest.DemoSecret, HTTPClient: srv.Client()})
	r := readActions(context.Background(), c, 5*time.Second, progress{})
	var got []string
	for _, a := range r.open {
		got = append(got, fmt.Sprintf("%d:%t", a.ID, r.overdue[a.ID]))
	}
	if r.err != nil || strings.Join(got, " ") != fmt.Sprintf("%d:true 7:true %d:false", -(1<<62), 1<<62+5) {
		t.Errorf("read %v (%v): want each action once, by id, overdue marked", got, r.err)
	}
}

func TestOneProvenReportSaysHowItsTicketWasFound(t *testing.T) {
	for ticket, want := range map[Ticket]string{
		linked(tk(10, "renamed", 2, 2*time.Hour), 1): "found by Huntress's link in the ticket",
		tk(10, subjA, 2, 2*time.Hour):                "found by summary, client and time",
	} {
		outs := Match([]Report{rep(1, subjA, 2*time.Hour)}, []Ticket{ticket}, nil, t0, DefaultTolerance)
		found, _ := flowFindings(flowResult{window: DefaultWindow, outcomes: outs}, t0, DefaultTolerance)
		if len(found) != 1 || !strings.Contains(found[0].Message, want) {
			t.Errorf("ticket %d (%.20q): %+v, want %q", ticket.ID, ticket.Details, found, want)
		}
	}
}
