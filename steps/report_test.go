package steps

import (
	"strings"
	"testing"
)

func TestNextStepCountsAndAdvisesInWordsNotIDs(t *testing.T) {
	pass := Result{Step: Hostname, Title: Hostname.Title(), Status: StatusPass, Findings: []Finding{{ID: "hostname.reachable", Severity: Pass, Message: "acme.halopsa.com answers"}}}
	warn := func(n int) Result {
		r := Result{Step: Mapping, Title: Mapping.Title(), Status: StatusWarn}
		for range n {
			r.Findings = append(r.Findings, Finding{ID: "mapping.unmapped-orgs", Severity: Warn, Message: "3 organizations have no client."})
		}
		return r
	}
	fail := Result{Step: Application, Title: Application.Title(), Status: StatusFail, Findings: []Finding{
		{ID: "application.token", Severity: Info, Message: "Asked for a token"},
		{ID: "application.invalid-client", Severity: Fail, Message: "Halo refused the client ID or the client secret (invalid_client)"},
	}}
	ticketFail := Result{Step: Ticket, Title: Ticket.Title(), Status: StatusFail, Findings: []Finding{{ID: "ticket.not-visible", Severity: Fail, Message: "Halo created ticket 7 but the agent cannot read it."}}}
	ticketPass := Result{Step: Ticket, Title: Ticket.Title(), Status: StatusPass}
	tests := []struct {
		name  string
		steps []Result
		want  string
	}{
		{"one failure", []Result{pass, fail},
			"1 step failed. Next, the API application step: Halo refused the client ID or the client secret (invalid_client). Fix it as shown above, then check again."},
		{"two failures and warnings", []Result{fail, warn(2), ticketFail},
			"2 steps failed, with 2 warnings. Next, the API application step: Halo refused the client ID or the client secret (invalid_client). Fix it as shown above, then check again."},
		{"a failure and one warning", []Result{warn(1), ticketFail},
			"1 step failed, with 1 warning. Next, the Test ticket step: Halo created ticket 7 but the agent cannot read it. Fix it as shown above, then check again."},
		{"one warning", []Result{pass, warn(1)},
			"No step failed, with 1 warning above worth a look before you finish the setup in Huntress."},
		{"three warnings", []Result{pass, warn(3)},
			"No step failed, with 3 warnings above worth a look before you finish the setup in Huntress."},
		{"all good with a ticket", []Result{pass, ticketPass},
			"Everything checked out, test ticket included. Enter these values in Huntress's HaloPSA screen and send its own test ticket."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Report{Steps: tt.steps}.NextStep()
			if got != tt.want {
				t.Errorf("NextStep() =\n  %s\nwant\n  %s", got, tt.want)
			}
			if strings.Contains(got, "application.") || strings.Contains(got, "ticket.not-visible") || strings.Contains(got, "(s)") {
				t.Errorf("NextStep() names a finding id or hedges a plural: %s", got)
			}
		})
	}
}

func TestCountUsesTheRightNoun(t *testing.T) {
	for n, want := range map[int]string{0: "no warnings", 1: "1 warning", 2: "2 warnings", 11: "11 warnings"} {
		if got := Count(n, "warning", "warnings"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTimedOutIsAnyRequestWithoutAnAnswerInTime(t *testing.T) {
	cases := []struct {
		ids  []string
		want bool
	}{
		{nil, false},
		{[]string{"hostname.ok", "mapping.unmapped-orgs"}, false},
		{[]string{"agent.timeout"}, true},
		{[]string{"mapping.huntress-timeout"}, true},
		{[]string{"ticket.timeout-ish"}, false},
	}
	for _, c := range cases {
		var fs []Finding
		for _, id := range c.ids {
			fs = append(fs, Finding{ID: id, Severity: Warn})
		}
		rep := Report{Steps: []Result{NewResult(Mapping, "t", 0, fs)}}
		if got := rep.TimedOut(); got != c.want {
			t.Errorf("%v: TimedOut %t, want %t", c.ids, got, c.want)
		}
	}
}

func TestJoinAndListsAsASentenceDoes(t *testing.T) {
	for _, c := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := JoinAnd(c.items); got != c.want {
			t.Errorf("JoinAnd(%q) = %q, want %q", c.items, got, c.want)
		}
	}
}
