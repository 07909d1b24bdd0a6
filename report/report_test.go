package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"halowiz/demo"
	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/report"
	"halowiz/steps"
)

// checked runs the checks against a scenario of the simulated tenant, with a
// test ticket, and zeroes the durations so the outputs can be compared.
func checked(t *testing.T, scenario string) steps.Report {
	t.Helper()
	sc, ok := halotest.Lookup(scenario)
	if !ok {
		t.Fatalf("no scenario %q", scenario)
	}
	srv, err := halotest.Start(sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	hunt := httptest.NewTLSServer(huntresstest.NewServer())
	t.Cleanup(hunt.Close)
	cfg := demo.Config(sc)
	cfg.Host, cfg.Tenant = "https://"+cfg.Host+"/api", ""
	cfg.Timeout, cfg.SendTestTicket = 5*time.Second, true
	rep := steps.Run(context.Background(), cfg, steps.Env{HTTPClient: srv.Client(), HuntressHTTPClient: hunt.Client(), HuntressURL: hunt.URL})
	for i := range rep.Steps {
		rep.Steps[i].Duration = 0
		for j := range rep.Steps[i].Findings {
			f := &rep.Steps[i].Findings[j]
			f.Message, f.Evidence = stable(f.Message), stable(f.Evidence)
		}
	}
	return rep
}

// stable replaces what differs from run to run (the test ticket's marker,
// the times Halo and halowiz stamp) so that the goldens stay put.
func stable(s string) string {
	s = regexp.MustCompile(`hw-[0-9a-f]{8}`).ReplaceAllString(s, "hw-00000000")
	return regexp.MustCompile(`\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?(Z| UTC)?`).ReplaceAllString(s, "2026-11-27 09:30 UTC")
}

var when = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

func TestOutputsMatchGoldens(t *testing.T) {
	for _, scenario := range []string{"healthy", "mandatory-fields", "invalid-client"} {
		rep := checked(t, scenario)
		t.Run(scenario+"-text", func(t *testing.T) {
			var b bytes.Buffer
			if err := report.Text(&b, rep, report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.Bytes())
		})
		if scenario == "mandatory-fields" {
			t.Run(scenario+"-text-verbose", func(t *testing.T) {
				var b bytes.Buffer
				if err := report.Text(&b, rep, report.TextOptions{Verbose: true}); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.Bytes())
			})
			t.Run(scenario+"-text-width-60", func(t *testing.T) {
				var b bytes.Buffer
				if err := report.Text(&b, rep, report.TextOptions{Width: 60}); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.Bytes())
			})
		}
		t.Run(scenario+"-json", func(t *testing.T) {
			var b bytes.Buffer
			if err := report.JSON(&b, rep); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.Bytes())
		})
		t.Run(scenario+"-markdown", func(t *testing.T) {
			var b bytes.Buffer
			if err := report.Markdown(&b, rep, report.MarkdownOptions{Version: "halowiz test", Time: when}); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.Bytes())
		})
	}
}

// TestJSONFollowsTheContract checks the rules of the contract's JSON.
func TestJSONFollowsTheContract(t *testing.T) {
	for _, scenario := range []string{"healthy", "team-visibility", "never-answers"} {
		rep := checked(t, scenario)
		var b bytes.Buffer
		if err := report.JSON(&b, rep); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Version int    `json:"version"`
			Host    string `json:"host"`
			OK      *bool  `json:"ok"`
			Steps   []struct {
				ID, Title, Status string
				DurationMS        *int64 `json:"duration_ms"`
				Findings          []struct {
					ID, Severity, Message string
					Fix                   []string `json:"fix"`
					Evidence              *string  `json:"evidence"`
				} `json:"findings"`
			} `json:"steps"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Version != 1 || doc.Host != "acme.halopsa.com" || doc.OK == nil {
			t.Errorf("%s: version %d host %q ok %v", scenario, doc.Version, doc.Host, doc.OK)
		}
		order := []string{"agent", "hostname", "application", "mapping", "ticket"}
		failed := false
		for i, s := range doc.Steps {
			if i >= len(order) || s.ID != order[i] {
				t.Fatalf("%s: step %d is %q, want the contract's order %v", scenario, i, s.ID, order)
			}
			if !strings.Contains("pass warn fail skipped", s.Status) || s.DurationMS == nil || len(s.Findings) == 0 {
				t.Errorf("%s: step %s: status %q, duration %v, %d findings", scenario, s.ID, s.Status, s.DurationMS, len(s.Findings))
			}
			failed = failed || s.Status == "fail"
			for _, f := range s.Findings {
				if f.Fix == nil || f.Evidence == nil || !strings.HasPrefix(f.ID, s.ID+".") || !strings.Contains("info pass warn fail", f.Severity) {
					t.Errorf("%s: finding %+v breaks the contract", scenario, f)
				}
			}
		}
		if len(doc.Steps) != 5 || *doc.OK == failed {
			t.Errorf("%s: %d steps, ok %v with a failed step %v", scenario, len(doc.Steps), *doc.OK, failed)
		}
	}
}

// TestTextHasNoColourWhenAskedNot: without colour the output holds no escape.
func TestTextHasNoColourWhenAskedNot(t *testing.T) {
	rep := checked(t, "mandatory-fields")
	var plain, colour bytes.Buffer
	_ = report.Text(&plain, rep, report.TextOptions{})
	_ = report.Text(&colour, rep, report.TextOptions{Color: true})
	if bytes.Contains(plain.Bytes(), []byte("\x1b[")) {
		t.Error("plain output has escape sequences")
	}
	if !bytes.Contains(colour.Bytes(), []byte("\x1b[")) {
		t.Error("coloured output has no escape sequences")
	}
}
