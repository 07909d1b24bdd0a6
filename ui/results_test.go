package ui

import (
	"strings"
	"testing"

	"halowiz/steps"
)

// frameLines is the screen as drawn at its size, a line each.
func (h *harness) frameLines() []string { return strings.Split(h.m.View(), "\n") }

// lineOf is the first line of the screen that holds text, or -1.
func (h *harness) lineOf(text string) int {
	for i, l := range h.frameLines() {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

func TestAStepsResultComesFirstAndInSightAt80x24(t *testing.T) {
	check := &fakeCheck{answer: answer(map[steps.ID]steps.Result{
		steps.Hostname:    result(steps.Hostname, steps.StatusFail, finding("hostname.timeout", steps.Fail, "acme.halopsa.com did not answer within the deadline.", "Check again.")),
		steps.Application: result(steps.Application, steps.StatusSkipped, finding("application.skipped", steps.Info, "Not checked: the API hostname step did not pass, and this one needs it.")),
	})}
	h := newHarness(t, Options{Config: demoConfig()}, check)
	h.send(h.m.w.goTo(pageApplication))
	h.keys("enter")
	if h.page() != pageApplication {
		t.Fatalf("the login check with a failing hostname left the application page for %d", h.page())
	}
	own, other := h.lineOf("API application not checked"), h.lineOf("API hostname failed")
	switch {
	case own < 0:
		t.Fatalf("the application's own result is not in sight at 80x24:\n%s", h.m.View())
	case other >= 0 && other < own:
		t.Errorf("the hostname's result (line %d) sits above the application's own (line %d):\n%s", other, own, h.m.View())
	case own > 4:
		t.Errorf("the application's result is on line %d, below the page's other text:\n%s", own, h.m.View())
	}
}

func TestTheTicketPageShowsNoResultOfTheMappingBeforeATicketIsSent(t *testing.T) {
	msg := `Ticket type "Incident" requires Category, Impact, Urgency with no default.`
	h := walkTo(t, pageMapping, &fakeCheck{answer: answer(map[steps.ID]steps.Result{
		steps.Mapping: result(steps.Mapping, steps.StatusFail, finding("mapping.mandatory-fields", steps.Fail, msg, "Make them optional.")),
	})})
	h.keys("s") // go on to the test ticket without a passing mapping
	if h.page() != pageTicket {
		t.Fatalf("skip on the mapping page went to page %d", h.page())
	}
	txt := h.text()
	if strings.Contains(txt, msg) || strings.Contains(txt, "Make them optional") {
		t.Errorf("the ticket page shows the mapping's findings as if they were its result:\n%s", txt)
	}
	if !strings.Contains(txt, "Ticket type, status and clients failed on step 4: fix it there first") {
		t.Errorf("the ticket page does not say that step 4 failed, in one line:\n%s", txt)
	}
}
