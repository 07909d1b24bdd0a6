package steps

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// withPlans swaps the checks for the duration of a test.
func withPlans(t *testing.T, swap map[ID]stepFunc) {
	t.Helper()
	saved := make(map[ID]plan, len(plans))
	for id, p := range plans {
		saved[id] = p
		if f, ok := swap[id]; ok {
			p.run = f
			plans[id] = p
		}
	}
	t.Cleanup(func() {
		for id, p := range saved {
			plans[id] = p
		}
	})
}

func passing(id ID) stepFunc {
	return func(context.Context, *session, *Facts) []Finding {
		return []Finding{{ID: string(id) + ".ok", Severity: Pass, Message: "fine"}}
	}
}

func TestPanickingStepBecomesAFindingAndOthersStillRun(t *testing.T) {
	withPlans(t, map[ID]stepFunc{
		Hostname:    passing(Hostname),
		Application: passing(Application),
		Agent:       func(context.Context, *session, *Facts) []Finding { panic("boom with secret-value-123") },
		Mapping:     passing(Mapping),
	})
	rep := Run(context.Background(), Config{Host: "acme.halopsa.com", ClientSecret: "secret-value-123"}, Env{})
	agent, _ := rep.Step(Agent)
	if agent.Status != StatusFail || !agent.Has("agent.crashed") {
		t.Fatalf("agent step %+v, want a failing agent.crashed finding", agent)
	}
	if strings.Contains(agent.Findings[0].Message, "secret-value-123") {
		t.Error("the crash finding carries the secret")
	}
	if m, _ := rep.Step(Mapping); m.Status != StatusPass {
		t.Errorf("mapping step %s: a crash in another step stopped it", m.Status)
	}
}

func TestHangingStepBecomesItsTimeoutFinding(t *testing.T) {
	withPlans(t, map[ID]stepFunc{
		Hostname:    passing(Hostname),
		Application: passing(Application),
		Agent: func(ctx context.Context, s *session, _ *Facts) []Finding {
			_ = s.call(ctx, Agent, "Reading the agent behind the token", func(context.Context) error {
				select {} // ignores its context, as a bug would
			})
			return nil
		},
		Mapping: passing(Mapping),
	})
	cfg := Config{Host: "acme.halopsa.com", Timeout: 100 * time.Millisecond}
	start := time.Now()
	rep := Run(context.Background(), cfg, Env{})
	budget := time.Duration(plans[Agent].requests)*cfg.Timeout + grace
	if wall := time.Since(start); wall > budget+5*time.Second { // a hang would never end
		t.Errorf("run took %s, want about %s", wall, budget)
	}
	agent, _ := rep.Step(Agent)
	if !agent.Has("agent.timeout") || !strings.Contains(agent.Findings[0].Message, "reading the agent behind the token") {
		t.Errorf("agent step %+v, want agent.timeout naming what it waited for", agent)
	}
}

func TestFailedStepSkipsTheStepsThatNeedIt(t *testing.T) {
	withPlans(t, map[ID]stepFunc{
		Hostname: passing(Hostname),
		Application: func(context.Context, *session, *Facts) []Finding {
			return []Finding{{ID: "application.invalid-client", Severity: Fail}}
		},
	})
	rep := Run(context.Background(), Config{Host: "acme.halopsa.com", SendTestTicket: true}, Env{})
	for _, id := range []ID{Agent, Mapping, Ticket} {
		r, _ := rep.Step(id)
		if r.Status != StatusSkipped || !strings.Contains(r.Findings[0].Message, "API application") {
			t.Errorf("%s: %s %v, want skipped naming the application step", id, r.Status, r.Findings)
		}
	}
	if rep.OK() {
		t.Error("report OK with a failed step")
	}
	if id, _ := rep.FirstFailing(); id != Application {
		t.Errorf("first failing step %s, want application", id)
	}
}

func TestProgressReportsEveryStepStartAndEnd(t *testing.T) {
	withPlans(t, map[ID]stepFunc{
		Hostname: passing(Hostname), Application: passing(Application), Agent: passing(Agent), Mapping: passing(Mapping),
	})
	var mu sync.Mutex
	finished := map[ID]bool{}
	Run(context.Background(), Config{Host: "acme.halopsa.com"}, Env{Progress: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.Kind == StepFinished && e.Result != nil {
			finished[e.Step] = true
		}
	}})
	for _, id := range Order {
		if !finished[id] {
			t.Errorf("no StepFinished event for %s", id)
		}
	}
}

func TestStatusIsTheWorstSeverity(t *testing.T) {
	cases := []struct {
		sev  []Severity
		want Status
	}{
		{nil, StatusPass},
		{[]Severity{Info}, StatusPass},
		{[]Severity{Info, Pass}, StatusPass},
		{[]Severity{Pass, Warn, Info}, StatusWarn},
		{[]Severity{Warn, Fail, Pass}, StatusFail},
	}
	for _, c := range cases {
		var fs []Finding
		for _, s := range c.sev {
			fs = append(fs, Finding{Severity: s})
		}
		if got := statusOf(fs); got != c.want {
			t.Errorf("statusOf(%v) = %s, want %s", c.sev, got, c.want)
		}
	}
}

func TestMissingScopes(t *testing.T) {
	cases := map[string]string{
		"":             "",
		"all":          "",
		"all:standard": "",
		"read:tickets edit:tickets read:customers": "",
		"edit:tickets read:customers":              "",
		"read:tickets":                             "edit:tickets read:customers",
		"edit:tickets edit:customers":              "",
		"read:customers":                           "read:tickets edit:tickets",
	}
	for granted, want := range cases {
		if got := strings.Join(missingScopes(granted), " "); got != want {
			t.Errorf("missingScopes(%q) = %q, want %q", granted, got, want)
		}
	}
}
