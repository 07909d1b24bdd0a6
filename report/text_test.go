package report_test

import (
	"bytes"
	"strings"
	"testing"

	"halowiz/report"
	"halowiz/steps"
)

// tenantReport is a report whose texts carry what a hostile or broken tenant
// could put in names and error bodies.
func tenantReport() steps.Report {
	return steps.Report{
		Host:     "acme.halopsa.com",
		ClientID: "42",
		Steps: []steps.Result{
			{Step: steps.Hostname, Title: steps.Hostname.Title(), Status: steps.StatusPass, Findings: []steps.Finding{
				{ID: "hostname.reachable", Severity: steps.Pass, Message: "acme.halopsa.com answers as a Halo API.", Evidence: "GET /api/authinfo: 200\nbody \x1b[2J cleared"},
			}},
			{Step: steps.Mapping, Title: steps.Mapping.Title(), Status: steps.StatusWarn, Findings: []steps.Finding{
				{ID: "mapping.unmapped-orgs", Severity: steps.Warn,
					Message:  "Huntress organization \x1b]52;c;cm0gLXJmIH4=\x07Evil Corp has no Halo client, and this sentence is long enough to need wrapping at forty columns.",
					Fix:      []string{"In Halo, create a client named \x1b[31mEvil Corp\x1b[0m exactly as in Huntress, then check again."},
					Evidence: "GET /v1/organizations: 1 organization"},
			}},
		},
		Facts: steps.Facts{Host: "acme.halopsa.com", TicketType: &steps.TicketTypeOption{ID: 1, Name: "Incident\x1b[8m"}},
	}
}

// Nothing from the tenant reaches the terminal as a control sequence.
func TestTextEscapesWhatTheTenantSent(t *testing.T) {
	for _, o := range []report.TextOptions{{}, {Verbose: true}, {Width: 40, Verbose: true}} {
		var b bytes.Buffer
		if err := report.Text(&b, tenantReport(), o); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%+v: output holds a raw control character:\n%q", o, out)
		}
		for _, want := range []string{`\x1b]52;c;`, `\x1b[31mEvil`, `Incident\x1b[8m`} {
			if !strings.Contains(strings.ReplaceAll(out, "\n", " "), want) && !strings.Contains(out, want) {
				t.Errorf("%+v: output lacks the escaped %q:\n%s", o, want, out)
			}
		}
		if o.Verbose && !strings.Contains(out, `body \x1b[2J cleared`) {
			t.Errorf("%+v: evidence not shown escaped:\n%s", o, out)
		}
	}
}

// Wrapped lines stay within the width and hang under the text they continue.
func TestTextWrapsToTheWidthWithAHangingIndent(t *testing.T) {
	var b bytes.Buffer
	if err := report.Text(&b, tenantReport(), report.TextOptions{Width: 40, Verbose: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	indentOf := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	for i, l := range lines {
		if l == "For Huntress (Integrations > HaloPSA):" {
			break // values to copy are never wrapped
		}
		if report.DisplayWidth(l) > 40 && len(strings.Fields(l)) > 1 {
			t.Errorf("line %d is %d columns wide: %q", i, report.DisplayWidth(l), l)
		}
	}
	var finding, fix int
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "    ! Huntress organization"):
			finding = i
		case strings.HasPrefix(l, "        1. In Halo"):
			fix = i
		}
	}
	if finding == 0 || fix <= finding+1 {
		t.Fatalf("finding at line %d, fix at line %d; want a wrapped finding before its fix:\n%s", finding, fix, b.String())
	}
	for _, l := range lines[finding+1 : fix] {
		if indentOf(l) != 6 {
			t.Errorf("continuation of the finding indented %d, want 6: %q", indentOf(l), l)
		}
	}
	if l := lines[fix+1]; indentOf(l) != 11 {
		t.Errorf("continuation of the fix line indented %d, want 11: %q", indentOf(l), l)
	}
}

// Without a width (a pipe), each finding and fix line is one line.
func TestTextDoesNotWrapWithoutAWidth(t *testing.T) {
	var b bytes.Buffer
	if err := report.Text(&b, tenantReport(), report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != 16 {
		t.Errorf("%d lines, want 16:\n%s", n, b.String())
	}
}

// By default a passing finding is hidden and counted; -v shows it and the
// evidence.
func TestTextShowsPassesAndEvidenceOnlyWhenVerbose(t *testing.T) {
	tests := []struct {
		verbose      bool
		want, absent []string
	}{
		{false, []string{"-v shows 1 more finding and the evidence.", "mapping.unmapped-orgs", "No step failed, with 1 warning above"}, []string{"hostname.reachable", "evidence:"}},
		{true, []string{"hostname.reachable", "evidence: GET /v1/organizations: 1 organization"}, []string{"-v shows"}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := report.Text(&b, tenantReport(), report.TextOptions{Verbose: tt.verbose}); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("verbose %v: lacks %q:\n%s", tt.verbose, w, b.String())
			}
		}
		for _, a := range tt.absent {
			if strings.Contains(b.String(), a) {
				t.Errorf("verbose %v: shows %q:\n%s", tt.verbose, a, b.String())
			}
		}
	}
}
