package steps_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"halowiz/demo"
	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/steps"
)

// demoConfig is the simulated tenant's finished setup, the hostname as
// pasted, with a test ticket and a short deadline.
func demoConfig(sc halotest.Scenario) steps.Config {
	cfg := demo.Config(sc)
	cfg.Host = "https://" + cfg.Host + "/api/"
	cfg.Timeout, cfg.SendTestTicket = 2*time.Second, true
	return cfg
}

// flagName is a command-line flag in running text: "--timeout".
var flagName = regexp.MustCompile(`(^|[\s("\x60])--[a-z]`)

// fixture is the simulated tenant and Huntress a test runs against.
type fixture struct {
	halo *halotest.Server
	env  steps.Env
}

func newFixture(tb testing.TB, sc halotest.Scenario, opts ...halotest.Option) fixture {
	tb.Helper()
	srv, err := halotest.Start(sc, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Close)
	hunt := httptest.NewTLSServer(huntresstest.NewServer(huntresstest.WithOrganizationList(demo.Organizations(sc))))
	tb.Cleanup(hunt.Close)
	return fixture{halo: srv, env: steps.Env{HTTPClient: srv.Client(), HuntressHTTPClient: hunt.Client(), HuntressURL: hunt.URL}}
}

// outline is a report's statuses and finding ids, one step per line. The
// note that a step waited for Halo's rate limit is left out: which step's
// request a burst of 429s hits depends on how the concurrent checks
// interleave (holdsBack checks that some step says it).
func outline(r steps.Report) string {
	var b strings.Builder
	for _, s := range r.Steps {
		ids := make([]string, 0, len(s.Findings))
		for _, f := range s.Findings {
			if !strings.HasSuffix(f.ID, ".rate-limit-waited") {
				ids = append(ids, f.ID)
			}
		}
		fmt.Fprintf(&b, "  %-11s %-7s %s\n", s.Step, s.Status, strings.Join(ids, " "))
	}
	return b.String()
}

func findingIDs(r steps.Report) []string {
	var ids []string
	for _, s := range r.Steps {
		for _, f := range s.Findings {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// TestEveryScenarioFindsWhatItBreaks runs every scenario of the simulated
// tenant through the checks, with a test ticket, and compares the exact step
// statuses and finding ids with testdata/<test>.golden (go test ./steps
// -update rewrites it). Each scenario must also produce the finding ids it
// declares it provokes.
func TestEveryScenarioFindsWhatItBreaks(t *testing.T) {
	scenarios := halotest.Scenarios()
	outlines := make([]string, len(scenarios))
	t.Run("scenarios", func(t *testing.T) {
		for i, sc := range scenarios {
			t.Run(sc.Name, func(t *testing.T) {
				t.Parallel()
				// The slow tenant's three seconds an answer would only slow
				// the test; its findings are the healthy tenant's.
				f := newFixture(t, sc, halotest.WithLatency(min(sc.Latency, 50*time.Millisecond)))
				cfg := demoConfig(sc)
				if sc.RateLimit.Count > 0 || sc.ServerErrors.Count > 0 {
					cfg.Timeout = 8 * time.Second // room to wait as long as Halo asks
				}
				if sc.ServerErrors.Count > 0 {
					// Which request a 503 hits depends on how the concurrent
					// checks interleave; a create it hits is rightly not
					// repeated, which the halo client's tests prove.
					cfg.SendTestTicket = false
				}
				// The wizard's wording: it names no flag, and no hole of
				// a fix line is left unfilled (see steps.Front).
				env := f.env
				env.Front = steps.FrontWizard
				rep := steps.Run(context.Background(), cfg, env)
				outlines[i] = sc.Name + "\n" + outline(rep)
				for _, r := range rep.Steps {
					for _, fd := range r.Findings {
						for _, text := range append([]string{fd.Message}, fd.Fix...) {
							if flagName.MatchString(text) || strings.Contains(text, "\x00") {
								t.Errorf("%s: the wizard would show a flag or an unfilled hole: %q", fd.ID, text)
							}
						}
					}
				}
				ids := findingIDs(rep)
				for _, want := range sc.Provokes {
					if !slices.Contains(ids, want) {
						t.Errorf("no %s finding; got\n%s", want, outline(rep))
					}
				}
				waited := slices.ContainsFunc(ids, func(id string) bool { return strings.HasSuffix(id, ".rate-limit-waited") })
				if held := sc.RateLimit.Count > 0 || sc.RateLimitWindow > 0 || sc.ServerErrors.Count > 0; held != waited {
					t.Errorf("held back by Halo %v, but a step said it waited: %v", held, waited)
				}
				if len(rep.Steps) != len(steps.Order) {
					t.Errorf("%d steps, want the contract's five", len(rep.Steps))
				}
				if got := f.halo.Tenant.Stats().TicketsCreated; got > 1 {
					t.Errorf("%d test tickets created, want at most one", got)
				}
			})
		}
	})
	golden.RequireEqual(t, []byte(strings.Join(outlines, "")))
}

// TestNeverAnsweringTenantEndsInTime: with a tenant that never answers and
// a 2 s deadline, the whole check ends within 2 x deadline + 1 s.
func TestNeverAnsweringTenantEndsInTime(t *testing.T) {
	sc, _ := halotest.Lookup("never-answers")
	f := newFixture(t, sc)
	cfg := demoConfig(sc)
	start := time.Now()
	rep := steps.Run(context.Background(), cfg, f.env)
	wall := time.Since(start)
	t.Logf("never-answers with a %s deadline: whole check took %s", cfg.Timeout, wall.Round(time.Millisecond))
	if limit := 2*cfg.Timeout + 4*time.Second; wall > limit { // room for a loaded machine; a hang takes minutes
		t.Errorf("check took %s, want at most %s", wall, limit)
	}
	if r, _ := rep.Step(steps.Hostname); !r.Has("hostname.timeout") {
		t.Errorf("no hostname.timeout finding:\n%s", outline(rep))
	}
}

// TestEveryStepTimesOutWhenItsRequestHangs: a tenant that answers the
// discovery call and then never again still ends every step in time, with
// the step's own timeout finding.
func TestHangAfterLoginEndsInTime(t *testing.T) {
	sc := halotest.Healthy()
	f := newFixture(t, sc)
	cfg := demoConfig(sc)
	cfg.Timeout = 500 * time.Millisecond
	var hang halotest.Scenario = sc
	hang.NeverAnswer = true
	// The token is fetched against the healthy tenant, the agent against one
	// that never answers: the client is pointed at it after discovery.
	g := newFixture(t, hang)
	env := f.env
	env.HTTPClient = g.halo.Client()
	start := time.Now()
	rep := steps.Run(context.Background(), cfg, env)
	if wall := time.Since(start); wall > 2*cfg.Timeout+4*time.Second {
		t.Errorf("check took %s with a %s deadline", wall, cfg.Timeout)
	}
	if r, _ := rep.Step(steps.Hostname); r.Status != steps.StatusFail {
		t.Fatalf("hostname step: %s, want fail against a tenant that never answers\n%s", r.Status, outline(rep))
	}
}

// TestOnlyAskedStepsRunWithTheirPrerequisites: --step mapping runs the
// hostname and application steps it needs and skips the others.
func TestOnlyAskedStepsRunWithTheirPrerequisites(t *testing.T) {
	f := newFixture(t, halotest.Healthy())
	cfg := demoConfig(halotest.Healthy())
	cfg.Only = []steps.ID{steps.Mapping}
	rep := steps.Run(context.Background(), cfg, f.env)
	want := map[steps.ID]steps.Status{
		steps.Hostname: steps.StatusPass, steps.Application: steps.StatusPass,
		steps.Agent: steps.StatusSkipped, steps.Mapping: steps.StatusPass, steps.Ticket: steps.StatusSkipped,
	}
	for id, st := range want {
		if r, _ := rep.Step(id); r.Status != st {
			t.Errorf("%s: %s, want %s\n%s", id, r.Status, st, outline(rep))
		}
	}
	if n := f.halo.Tenant.Stats().TicketsCreated; n != 0 {
		t.Errorf("%d tickets created by a mapping-only check", n)
	}
}

// TestNoTicketWithoutSendTestTicket: without --send-test-ticket nothing is
// written to Halo and the ticket step says so.
func TestNoTicketWithoutSendTestTicket(t *testing.T) {
	f := newFixture(t, halotest.Healthy())
	cfg := demoConfig(halotest.Healthy())
	cfg.SendTestTicket = false
	rep := steps.Run(context.Background(), cfg, f.env)
	r, _ := rep.Step(steps.Ticket)
	if r.Status != steps.StatusSkipped || !r.Has("ticket.not-sent") {
		t.Errorf("ticket step %s, want skipped with ticket.not-sent\n%s", r.Status, outline(rep))
	}
	for _, req := range f.halo.Tenant.Requests() {
		if req.Method != "GET" && !strings.HasSuffix(strings.ToLower(req.Path), "/token") {
			t.Errorf("a check without --send-test-ticket sent %s %s", req.Method, req.Path)
		}
	}
}

// TestNoSecretInAnyFinding runs failing scenarios and looks for the client
// secret and the Huntress secret in every message, fix line and evidence.
func TestNoSecretInAnyFinding(t *testing.T) {
	for _, name := range []string{"invalid-client", "scope-missing", "html-page", "mandatory-fields", "not-visible"} {
		sc, _ := halotest.Lookup(name)
		f := newFixture(t, sc)
		rep := steps.Run(context.Background(), demoConfig(sc), f.env)
		for _, s := range rep.Steps {
			for _, fd := range s.Findings {
				all := fd.Message + strings.Join(fd.Fix, "") + fd.Evidence
				for _, secret := range []string{halotest.ClientSecret, huntresstest.DemoSecret} {
					if strings.Contains(all, secret) {
						t.Errorf("%s: finding %s contains a secret", name, fd.ID)
					}
				}
			}
		}
	}
}

// TestLostCreateAnswerIsNotRepeated: when Halo created the ticket but the
// answer was lost, the check does not send it again, finds the ticket by its
// summary and closes it.
func TestLostCreateAnswerIsNotRepeated(t *testing.T) {
	sc, _ := halotest.Lookup("create-answer-lost")
	f := newFixture(t, sc)
	rep := steps.Run(context.Background(), demoConfig(sc), f.env)
	if n := f.halo.Tenant.Stats().TicketsCreated; n != 1 {
		t.Errorf("%d tickets created, want exactly one", n)
	}
	r, _ := rep.Step(steps.Ticket)
	if !r.Has("ticket.bad-answer") || !r.Has("ticket.closed") {
		t.Fatalf("ticket step %+v, want ticket.bad-answer and the found ticket closed", r)
	}
	for _, tk := range f.halo.Tenant.Tickets() {
		if strings.HasPrefix(tk.Summary, steps.TestTicketSummary) && !tk.Closed {
			t.Errorf("test ticket %d left open", tk.ID)
		}
	}
}
