package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/orgmap"
	"halowiz/report"
	"halowiz/scrub/scrubtest"
	"halowiz/steps"
)

// hostileChecked runs the checks against a simulated tenant whose names (or
// refusal) carry escape sequences, and a Huntress account whose
// organizations' names do too.
func hostileChecked(t *testing.T, scenario string) steps.Report {
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
	hunt := httptest.NewTLSServer(huntresstest.NewServer(huntresstest.WithScenario(huntresstest.HostileNames)))
	t.Cleanup(hunt.Close)
	cfg := steps.Config{
		Host: sc.HostName(), ClientID: halotest.ClientID, ClientSecret: halotest.ClientSecret,
		TicketType: sc.DefaultTicketType(), ResolutionStatus: sc.Resolution(),
		HuntressKey: huntresstest.DemoKey, HuntressSecret: huntresstest.DemoSecret,
		Timeout: 5 * time.Second, SendTestTicket: true,
	}
	return steps.Run(context.Background(), cfg, steps.Env{HTTPClient: srv.Client(), HuntressHTTPClient: hunt.Client(), HuntressURL: hunt.URL})
}

// noRaw fails the test for every control that reached out unneutralised.
func noRaw(t *testing.T, where string, out []byte) {
	t.Helper()
	found := scrubtest.Raw(out)
	for i, h := range found {
		if i == 5 {
			t.Errorf("%s: and %d more", where, len(found)-i)
			break
		}
		t.Errorf("%s holds a raw %s", where, scrubtest.Describe(out, h))
	}
}

// Tenant text is data: every name Halo or Huntress sends, and Halo's error
// bodies, reach the text output, the JSON, the Markdown report and the CSV
// export shown, never obeyed. JSON keeps them, escaped.
func TestHostileTenantTextNeverReachesAnOutputRaw(t *testing.T) {
	for _, scenario := range []string{"hostile-text", "hostile-refusal"} {
		rep := hostileChecked(t, scenario)
		// The payloads are in the findings (steps keep tenant text as it
		// came); the outputs are what must neutralise them.
		var inFindings []scrubtest.Hit
		for _, s := range rep.Steps {
			for _, f := range s.Findings {
				inFindings = append(inFindings, scrubtest.Raw([]byte(f.Message+strings.Join(f.Fix, "")+f.Evidence))...)
			}
		}
		if len(inFindings) == 0 {
			t.Fatalf("%s: no payload reached a finding; the test would prove nothing", scenario)
		}

		t.Run(scenario+"/json", func(t *testing.T) {
			var b bytes.Buffer
			if err := report.JSON(&b, rep); err != nil {
				t.Fatal(err)
			}
			noRaw(t, "the JSON", b.Bytes())
			var doc report.Document
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("the JSON does not decode: %v", err)
			}
			if !bytes.Equal(mustJSON(t, doc), mustJSON(t, report.NewDocument(rep))) {
				t.Error("the JSON does not decode to the report: tenant text must be kept, escaped")
			}
		})
		t.Run(scenario+"/markdown", func(t *testing.T) {
			var b bytes.Buffer
			if err := report.Markdown(&b, rep, report.MarkdownOptions{Version: "halowiz test", Time: when}); err != nil {
				t.Fatal(err)
			}
			noRaw(t, "the Markdown report", b.Bytes())
			if !bytes.Contains(b.Bytes(), []byte(`x1b`)) {
				t.Error("the Markdown report shows no escaped payload: the tenant text did not reach it")
			}
		})
		t.Run(scenario+"/text", func(t *testing.T) {
			for _, color := range []bool{false, true} {
				var b bytes.Buffer
				if err := report.Text(&b, rep, report.TextOptions{Color: color}); err != nil {
					t.Fatal(err)
				}
				out := b.Bytes()
				if color {
					out = stripSGR(out) // halowiz's own colours
				}
				noRaw(t, "the text output", out)
			}
		})
	}
	rep := hostileChecked(t, "hostile-text")
	t.Run("hostile-text/csv", func(t *testing.T) {
		if len(rep.Facts.Orgs) == 0 {
			t.Fatal("no organizations matched: the CSV would be empty")
		}
		var b bytes.Buffer
		if err := orgmap.WriteCSV(&b, rep.Facts.Orgs); err != nil {
			t.Fatal(err)
		}
		noRaw(t, "the CSV export", b.Bytes())
		if !bytes.Contains(b.Bytes(), []byte(`\u202e`)) {
			t.Errorf("the CSV shows no escaped payload:\n%s", b.Bytes())
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// stripSGR removes the colour sequences the text output itself writes
// (ESC [ digits and semicolons m), so that only tenant text is judged.
func stripSGR(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '[' {
			j := i + 2
			for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == ';') {
				j++
			}
			if j < len(b) && b[j] == 'm' {
				i = j
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}
