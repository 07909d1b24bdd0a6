package ui

import (
	"strings"
	"testing"

	"halowiz/steps"
)

func TestRecheckWithoutValuesSaysWhatIsMissingAndStays(t *testing.T) {
	tests := []struct {
		name string
		cfg  steps.Config
		want string
	}{
		{"nothing given", steps.Config{}, "needs the API hostname (step 2) and the client ID and client secret (step 3) first"},
		{"no secret", steps.Config{Host: "acme.halopsa.com", ClientID: "halowiz-demo"}, "needs the client secret (step 3) first"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{Config: tc.cfg}, healthy())
			h.keys("R")
			if h.page() != pageWelcome || h.check.callCount() != 0 {
				t.Fatalf("R without values: page %d, %d checks run; want no check and the page kept", h.page(), h.check.callCount())
			}
			if txt := h.text(); !strings.Contains(txt, tc.want) || strings.Contains(txt, "none fails") {
				t.Errorf("R without values says:\n%s\nwant it to say %q", txt, tc.want)
			}
		})
	}
}

func TestSummaryNeverOffersAHostnameThatFailed(t *testing.T) {
	h := walkTo(t, pageHostname, failing(steps.Hostname, "hostname.custom-domain", "support.acme-it.com is not a halopsa.com name."))
	h.keys("enter")
	if h.load(pageHostname) != stateFailed {
		t.Fatal("the hostname check did not fail")
	}
	h.send(h.m.w.goTo(pageSummary))
	if txt := h.text(); strings.Contains(txt, "Server Host") {
		t.Errorf("the summary offers a Server Host although the hostname step failed:\n%s", txt)
	}
}

func TestATimeoutGivesTheNextCheckLonger(t *testing.T) {
	h := walkTo(t, pageHostname, failing(steps.Hostname, "hostname.timeout", "acme.halopsa.com did not answer within the deadline."))
	h.keys("enter")
	if got := h.m.w.setup.cfg.Timeout; got != 2*steps.DefaultTimeout {
		t.Fatalf("after a timeout the deadline is %s, want %s", got, 2*steps.DefaultTimeout)
	}
	if !strings.Contains(h.text(), "the next check gives each request 30s") {
		t.Errorf("the wizard does not say it gives Halo longer:\n%s", h.text())
	}
	h.keys("enter")
	if got := h.check.last().Timeout; got != 2*steps.DefaultTimeout {
		t.Errorf("the next check ran with %s per request, want %s", got, 2*steps.DefaultTimeout)
	}
	h.keys("enter")
	if !strings.Contains(h.text(), "no answer within 30s: the next check gives each request 1m.") {
		t.Errorf("a minute is not said as one:\n%s", h.text())
	}
	for range 5 {
		h.keys("enter")
	}
	if got := h.m.w.setup.cfg.Timeout; got != longestTimeout {
		t.Errorf("after many timeouts the deadline is %s, want it capped at %s", got, longestTimeout)
	}
}

func TestTheSummaryNamesNoFlagAndSaysWhereToGoInTheWizard(t *testing.T) {
	h := walkTo(t, pageTicket, healthy())
	h.keys("s") // no test ticket
	txt := h.text()
	if strings.Contains(txt, "--") {
		t.Errorf("the summary names a command-line flag:\n%s", txt)
	}
	if !strings.Contains(txt, "The test ticket has not proved the path yet: esc goes back to step 5 to send it.") {
		t.Errorf("the summary does not say how to send the test ticket in the wizard:\n%s", txt)
	}
}

func TestTheIPAllowlistReminderIsSaidOnceOnTheWayAndOnTheSummary(t *testing.T) {
	allowlist := finding("hostname.ip-allowlist", steps.Info, "halowiz cannot prove that Huntress's servers get through.", "Only if your tenant restricts access by IP address: allowlist Huntress's addresses.")
	check := &fakeCheck{answer: answer(map[steps.ID]steps.Result{
		steps.Hostname: result(steps.Hostname, steps.StatusPass, finding("hostname.reachable", steps.Pass, "acme.halopsa.com answers as a Halo API."), allowlist),
	})}
	h := walkTo(t, pageApplication, check)
	if n := strings.Count(h.text(), "allowlist Huntress's addresses"); n != 1 {
		t.Errorf("the happy path says the reminder %d times on arriving at the application, want once:\n%s", n, h.text())
	}
	h.keys("esc", "x", "enter") // the hostname again, changed, and checked again
	if h.page() != pageApplication || strings.Contains(h.text(), "allowlist") {
		t.Errorf("the reminder came again on page %d:\n%s", h.page(), h.text())
	}
	h = walkTo(t, pageSummary, check)
	if n := strings.Count(h.text(), "allowlist Huntress's addresses"); n != 1 {
		t.Errorf("the summary says the reminder %d times, want once:\n%s", n, h.text())
	}
}
