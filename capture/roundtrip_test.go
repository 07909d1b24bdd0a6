package capture_test

import (
	"context"
	"encoding/base64"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"halowiz/capture"
	"halowiz/demo"
	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/steps"
)

// timingDependent are the scenarios whose outcome depends on how long
// things take or on how the concurrent checks interleave, which a replay
// (answering at once, request by request) cannot reproduce: slow answers
// and answers that never come, and faults hitting the n-th request, which
// is a different request in each run.
var timingDependent = map[string]string{
	"slow":          "every answer takes 3 s: a replay answers at once",
	"never-answers": "the run ends on deadlines, which a replay reaches at once",
	"rate-limited":  "which request gets a 429 depends on how the checks interleave, and its Retry-After is waited out",
	"server-errors": "which request gets a 503 depends on how the checks interleave",
	"rate-limit-window": "10 s of 429s are ridden out with growing waits; a replay would wait as long, " +
		"and which request ends the window depends on the clock",
	"token-revoked": "which request meets a revoked token depends on how the checks interleave, " +
		"and a replay answers a route's recorded answers in turn, whatever token a request carries",
}

// dependsOnTiming reports whether sc has a switch that makes its outcome a
// matter of time or of interleaving; such a scenario must be listed above.
func dependsOnTiming(sc halotest.Scenario) bool {
	return sc.Latency > 0 || sc.NeverAnswer || sc.RateLimit.Count > 0 || sc.ServerErrors.Count > 0 || sc.RateLimitWindow > 0 ||
		sc.TokenUses > 0
}

// demoConfig is the finished setup of the simulated tenant, as `check
// --demo --send-test-ticket` runs it.
func demoConfig(sc halotest.Scenario) steps.Config {
	cfg := demo.Config(sc)
	cfg.Timeout, cfg.SendTestTicket = 5*time.Second, true
	return cfg
}

// captureScenario runs the checks against the simulated tenant of sc
// through a recorder, as `halowiz check --demo --scenario NAME
// --send-test-ticket --capture FILE` does, and returns the report and the
// recorder.
func captureScenario(tb testing.TB, sc halotest.Scenario) (steps.Report, *capture.Recorder) {
	tb.Helper()
	srv, err := halotest.Start(sc)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Close)
	hunt := httptest.NewTLSServer(huntresstest.NewServer())
	tb.Cleanup(hunt.Close)
	rec := capture.NewRecorder()
	env := steps.Env{
		HTTPClient:         rec.Client(capture.Halo, srv.Client()),
		HuntressHTTPClient: rec.Client(capture.Huntress, hunt.Client()),
		HuntressURL:        hunt.URL,
	}
	cfg := demoConfig(sc)
	rec.SetRun(cfg, env.HuntressURL)
	rep := steps.Run(context.Background(), cfg, env)
	rec.SetOutcome(rep)
	return rep, rec
}

// replay runs the checks of t against t alone, as `halowiz check --replay
// FILE --send-test-ticket` does.
func replay(tb testing.TB, t *capture.Transcript) steps.Report {
	tb.Helper()
	cfg, err := t.Run.Config()
	if err != nil {
		tb.Fatal(err)
	}
	if cfg.Only, err = t.Run.StepsAsked(); err != nil {
		tb.Fatal(err)
	}
	cfg.SendTestTicket = t.Run.SendTestTicket
	cfg.Timeout = 5 * time.Second
	p := capture.NewReplayer(t)
	env := steps.Env{HTTPClient: p.Client(capture.Halo), HuntressHTTPClient: p.Client(capture.Huntress), HuntressURL: t.Run.HuntressURL}
	return steps.Run(context.Background(), cfg, env)
}

// viaFile is t written and read back, as a file would carry it.
func viaFile(tb testing.TB, t *capture.Transcript) *capture.Transcript {
	tb.Helper()
	data, err := t.Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	back, err := capture.Parse(data)
	if err != nil {
		tb.Fatalf("a transcript the recorder wrote does not parse: %v", err)
	}
	return back
}

func outline(o []capture.StepOutcome) string {
	var b strings.Builder
	for _, s := range o {
		b.WriteString(s.Step + " " + s.Status + ": " + strings.Join(s.Findings, " ") + "\n")
	}
	return b.String()
}

// replayErrors are the findings that say a replay was asked what the
// capture does not hold.
func replayErrors(rep steps.Report) []string {
	var out []string
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if strings.Contains(f.Message+f.Evidence, "capture holds no") {
				out = append(out, f.ID+": "+f.Message)
			}
		}
	}
	return out
}

// TestCaptureThenReplayGivesTheSameOutcome captures every scenario of the
// simulated tenant whose outcome does not depend on timing, with a test
// ticket and Huntress, and replays the transcript, written and read back,
// without the tenant: the step statuses and finding ids must be the same.
func TestCaptureThenReplayGivesTheSameOutcome(t *testing.T) {
	for _, sc := range halotest.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			if why, ok := timingDependent[sc.Name]; ok {
				t.Skip(why)
			}
			if dependsOnTiming(sc) {
				t.Fatalf("scenario %s depends on timing: list it in timingDependent, with why", sc.Name)
			}
			t.Parallel()
			rep, rec := captureScenario(t, sc)
			tr := viaFile(t, rec.Transcript(capture.Options{Scenario: sc.Name}))
			got := replay(t, tr)
			if want, have := outline(capture.OutcomeOf(rep)), outline(capture.OutcomeOf(got)); want != have {
				t.Errorf("replay differs from the captured run\ncaptured:\n%sreplayed:\n%s", want, have)
			}
			if errs := replayErrors(got); len(errs) > 0 {
				t.Errorf("the replay asked what the capture does not hold: %v", errs)
			}
		})
	}
}

// accessToken matches an access token as the simulated tenant issues them
// (crypto/rand.Text: 26 base32 characters).
var accessToken = regexp.MustCompile(`\b[A-Z2-7]{26}\b`)

// TestTranscriptsHoldNoSecret: neither the client secret, an access token,
// the Huntress secret nor its Basic header is in any transcript, anonymised
// or not, of any scenario.
func TestTranscriptsHoldNoSecret(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte(huntresstest.DemoKey + ":" + huntresstest.DemoSecret))
	for _, name := range []string{"healthy", "invalid-client", "scope-missing", "create-answer-lost", "html-page", "tls-failure"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, _ := halotest.Lookup(name)
			_, rec := captureScenario(t, sc)
			for _, anonymize := range []bool{false, true} {
				data, err := rec.Transcript(capture.Options{Anonymize: anonymize}).Marshal()
				if err != nil {
					t.Fatal(err)
				}
				text := string(data)
				for what, secret := range map[string]string{
					"the client secret":         halotest.ClientSecret,
					"the Huntress secret":       huntresstest.DemoSecret,
					"the Huntress Basic header": basic,
					"a Basic header":            "Basic ",
					"a bearer header":           "Bearer ",
				} {
					if strings.Contains(text, secret) {
						t.Errorf("anonymize=%t: the transcript holds %s", anonymize, what)
					}
				}
				if m := accessToken.FindString(text); m != "" {
					t.Errorf("anonymize=%t: the transcript holds an access token", anonymize)
				}
				if strings.Contains(strings.ToLower(text), "authorization") {
					t.Errorf("anonymize=%t: the transcript holds an Authorization header", anonymize)
				}
			}
		})
	}
}

// The names and e-mail addresses the simulated tenant and Huntress account
// hold: clients, sites, users, agents, teams, departments, organizations.
var demoNames = []string{
	"Acme IT Services", "Contoso Ltd", "Northwind Traders", "Fabrikam, Inc.", "Globex Corporation",
	"Initech LLC", "Umbrella Corp", "Soylent Green Co", "General User",
	"Huntress API", "Alex Morgan", "Sam Lee", "Service Desk", "Security Operations",
	"Fabrikam Inc", "globex corporation", "Initech", "Wayne Enterprises", "Stark Industries",
	"contoso", "northwind", "fabrikam", "globex", "initech", "umbrella", "wayne", "stark",
	"huntress-api@acme-it.com", "alex.morgan@acme-it.com", "sam.lee@acme-it.com",
}

var email = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

// TestAnonymizedTranscriptHoldsNoNameAndStillReplays: with anonymising, no
// name or e-mail address of the tenant's people and companies is left, the
// same name has the same replacement everywhere, and the transcript still
// replays without a request it does not hold.
func TestAnonymizedTranscriptHoldsNoNameAndStillReplays(t *testing.T) {
	for _, name := range []string{"healthy", "mandatory-fields", "not-visible", "create-answer-lost", "invalid-context"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, _ := halotest.Lookup(name)
			rep, rec := captureScenario(t, sc)
			tr := rec.Transcript(capture.Options{Anonymize: true})
			data, err := tr.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			for _, n := range demoNames {
				if strings.Contains(text, n) {
					t.Errorf("the anonymised transcript still holds %q", n)
				}
			}
			for _, m := range email.FindAllString(text, -1) {
				if !strings.HasSuffix(m, "@example.invalid") {
					t.Errorf("the anonymised transcript still holds the e-mail address %q", m)
				}
			}
			if !tr.Anonymized {
				t.Error("the transcript does not say it is anonymised")
			}
			got := replay(t, viaFile(t, tr))
			if errs := replayErrors(got); len(errs) > 0 {
				t.Errorf("the anonymised replay asked what the capture does not hold: %v", errs)
			}
			// Names change, so the organization matching may judge
			// differently; every other step must not.
			for i, s := range capture.OutcomeOf(got) {
				want := capture.OutcomeOf(rep)[i]
				if s.Step != "mapping" && !slices.Equal(s.Findings, want.Findings) {
					t.Errorf("step %s: %v after anonymising, %v before", s.Step, s.Findings, want.Findings)
				}
			}
		})
	}
}
