package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// walkTo drives a fresh demo-like wizard on a healthy tenant to page p.
func walkTo(t testing.TB, p pageID, check *fakeCheck) *harness {
	t.Helper()
	h := newHarness(t, Options{Config: demoConfig(), Demo: &Demo{Scenario: "healthy", Summary: "everything Huntress needs is in place"}}, check)
	for h.page() != p {
		before := h.page()
		h.keys("enter")
		if h.page() == pageTicket && p != pageTicket {
			h.keys("enter", "y", "enter")
		}
		if h.page() == before {
			t.Fatalf("stuck on page %d on the way to %d:\n%s", before, p, h.m.View())
		}
	}
	return h
}

func TestEnterWalksEveryPageOnAHealthyTenant(t *testing.T) {
	h := walkTo(t, pageSummary, healthy())
	var only [][]steps.ID
	for _, c := range h.check.calls {
		only = append(only, c.Only)
	}
	// The mapping page reads its lists when it opens.
	want := [][]steps.ID{{steps.Hostname}, {steps.Application, steps.Agent}, {steps.Mapping}, {steps.Ticket}}
	if len(only) != len(want) {
		t.Fatalf("checks run: %v, want %v", only, want)
	}
	for i := range want {
		if !slices.Equal(only[i], want[i]) {
			t.Errorf("check %d asked for %v, want %v", i, only[i], want[i])
		}
	}
	if !h.check.last().SendTestTicket {
		t.Error("the test ticket check did not ask to send the ticket")
	}
}

func TestEveryTransitionForward(t *testing.T) {
	tests := []struct {
		from, to pageID
	}{
		{pageWelcome, pageAgent},
		{pageAgent, pageHostname},
		{pageHostname, pageApplication},
		{pageApplication, pageMapping},
		{pageMapping, pageTicket},
		{pageSummary, pageSummary},
	}
	for _, tc := range tests {
		h := walkTo(t, tc.from, healthy())
		h.keys("enter")
		if tc.from == pageSummary {
			if !h.quit || h.m.w.interrupted {
				t.Errorf("enter on the summary: quit %v, interrupted %v; want a clean finish", h.quit, h.m.w.interrupted)
			}
			continue
		}
		if h.page() != tc.to {
			t.Errorf("enter on page %d opened %d, want %d", tc.from, h.page(), tc.to)
		}
	}
}

func TestBackFromEveryPage(t *testing.T) {
	tests := []struct {
		from, to pageID
		key      string
	}{
		{pageAgent, pageWelcome, "esc"},
		{pageHostname, pageAgent, "esc"},
		{pageApplication, pageHostname, "shift+tab"},
		{pageMapping, pageApplication, "esc"},
		{pageTicket, pageMapping, "esc"},
		{pageSummary, pageTicket, "esc"},
	}
	for _, tc := range tests {
		h := walkTo(t, tc.from, healthy())
		h.keys(tc.key)
		if h.page() != tc.to {
			t.Errorf("%s on page %d opened %d, want %d", tc.key, tc.from, h.page(), tc.to)
		}
	}
}

func TestHostnameFailureStaysWithItsFixAndRetryChecksAgain(t *testing.T) {
	check := failing(steps.Hostname, "hostname.not-halo", "acme.halopsa.com answered, but not as a Halo API.", "Copy the Resource Server hostname from Configuration > Integrations > HaloPSA API.")
	h := walkTo(t, pageHostname, check)
	h.keys("enter")
	if h.page() != pageHostname || h.load(pageHostname) != stateFailed {
		t.Fatalf("after a failing check: page %d, load %d; want the hostname page, failed", h.page(), h.load(pageHostname))
	}
	for _, want := range []string{"answered, but not as a Halo API", "1. Copy the Resource Server hostname"} {
		if !strings.Contains(flat(h.m.View()), want) {
			t.Errorf("the page does not show %q:\n%s", want, h.m.View())
		}
	}
	h.keys("r")
	if h.check.callCount() != 2 {
		t.Errorf("r ran %d checks in all, want 2", h.check.callCount())
	}
	h.keys("enter")
	if h.check.callCount() != 3 || h.page() != pageHostname {
		t.Errorf("enter on a failed page: %d checks, page %d; want it checked again, on the same page", h.check.callCount(), h.page())
	}
}

func TestEnterAfterAPassingCheckContinuesWithoutCheckingAgain(t *testing.T) {
	check := &fakeCheck{answer: answer(map[steps.ID]steps.Result{steps.Hostname: result(steps.Hostname, steps.StatusWarn,
		finding("hostname.custom-domain", steps.Warn, "support.acme-it.com is not a halopsa.com name."))})}
	h := walkTo(t, pageHostname, check)
	h.keys("enter")
	if h.page() != pageHostname {
		t.Fatalf("a warning moved on to page %d; it must stay so the admin reads it", h.page())
	}
	h.keys("enter")
	if h.page() != pageApplication || check.callCount() != 1 {
		t.Errorf("enter after a warning: page %d after %d checks; want the application page after 1", h.page(), check.callCount())
	}
}

func TestChangedInputIsCheckedAgain(t *testing.T) {
	check := &fakeCheck{answer: answer(map[steps.ID]steps.Result{steps.Hostname: result(steps.Hostname, steps.StatusWarn,
		finding("hostname.custom-domain", steps.Warn, "not a halopsa.com name."))})}
	h := walkTo(t, pageHostname, check)
	h.keys("enter", "e", "x", "enter")
	if check.callCount() != 2 || check.last().Host != "https://acme.halopsa.com/api/x" {
		t.Errorf("after editing: %d checks, last host %q; want a second check of the new value", check.callCount(), check.last().Host)
	}
}

func TestLettersAreTypedWhileAFieldHasTheCursor(t *testing.T) {
	h := walkTo(t, pageHostname, healthy())
	h.keys("r", "s", "?", "R", "q")
	if got := h.m.w.setup.cfg.Host; !strings.HasSuffix(got, "rs?Rq") {
		t.Errorf("typed letters gave %q; want them in the field", got)
	}
	if h.page() != pageHostname || h.m.showHelp || h.check.callCount() != 0 {
		t.Errorf("a typed letter acted as a command: page %d, help %v, %d checks", h.page(), h.m.showHelp, h.check.callCount())
	}
}

func TestSkipWarnsAndMovesOn(t *testing.T) {
	for _, p := range []pageID{pageAgent, pageHostname, pageApplication, pageMapping, pageTicket} {
		h := walkTo(t, p, healthy())
		h.hostname().form.blur()
		h.application().form.blur()
		h.keys("s")
		if h.page() == p {
			t.Errorf("s on page %d stayed", p)
		}
		if !strings.Contains(flat(h.m.View()), rowOf(p).skip) {
			t.Errorf("skipping %s shows no warning:\n%s", rowOf(p).step, h.m.View())
		}
	}
}

func TestSkippedTicketIsCalledUnprovenInTheSummary(t *testing.T) {
	h := walkTo(t, pageTicket, healthy())
	h.keys("s")
	if h.page() != pageSummary {
		t.Fatalf("s on the ticket page opened %d", h.page())
	}
	if v := h.text(); !strings.Contains(v, "Test ticket skipped: unproven") {
		t.Errorf("the summary does not say the ticket path is unproven:\n%s", v)
	}
}

func TestResumeOpensTheFirstFailingStepWithItsFix(t *testing.T) {
	check := failing(steps.Agent, "agent.no-team", "Huntress API is in no team and no department.", "Add the agent to the team your technicians work in.")
	h := newHarness(t, Options{Config: demoConfig(), Saved: true}, check)
	h.keys("enter")
	if len(check.calls[0].Only) != 0 || check.calls[0].SendTestTicket {
		t.Errorf("the re-check asked for %v (send %v); want every step, no ticket", check.calls[0].Only, check.calls[0].SendTestTicket)
	}
	if h.page() != pageAgent || h.load(pageAgent) != stateFailed {
		t.Fatalf("after the re-check: page %d; want the agent page, failed", h.page())
	}
	screen := flat(h.m.View())
	for _, want := range []string{"API-only agent fails first", "no team and no department", "1. Add the agent"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the agent page does not show %q in view:\n%s", want, h.m.View())
		}
	}
}

func TestResumeWithNothingFailingOpensTheSummary(t *testing.T) {
	h := newHarness(t, Options{Config: demoConfig(), Saved: true}, healthy())
	h.keys("enter")
	if h.page() != pageSummary {
		t.Fatalf("a re-check where nothing fails opened page %d, want the summary", h.page())
	}
	if !strings.Contains(flat(h.m.View()), "remove the HaloPSA integration, add it again") {
		t.Errorf("after a saved setup the summary must say to remove and add the integration again:\n%s", h.m.View())
	}
}

func TestStartOverWalksFromTheAgent(t *testing.T) {
	h := newHarness(t, Options{Config: demoConfig(), Saved: true}, healthy())
	h.keys("down", "enter")
	if h.page() != pageAgent || h.check.callCount() != 0 {
		t.Errorf("start over: page %d after %d checks; want the agent page, nothing checked", h.page(), h.check.callCount())
	}
}

func TestStartNoteShowsOnWelcome(t *testing.T) {
	h := newHarness(t, Options{Config: demoConfig(), Saved: true, StartNote: "no client secret for acme.halopsa.com (client ID 7): set HALO_CLIENT_SECRET"}, healthy())
	if !strings.Contains(h.text(), "set HALO_CLIENT_SECRET") {
		t.Errorf("the welcome screen does not show the start note:\n%s", h.m.View())
	}
}

func TestAgentFailureSendsBackToTheAgentPage(t *testing.T) {
	check := failing(steps.Agent, "agent.unassigned-hidden", "Huntress API cannot see unassigned tickets in any of its teams.", "Tick Can see unassigned Tickets for this Team.")
	h := walkTo(t, pageApplication, check)
	h.keys("enter")
	if h.page() != pageAgent || h.load(pageAgent) != stateFailed {
		t.Fatalf("an agent failure opened page %d, want the agent page, failed", h.page())
	}
	if !strings.Contains(h.text(), "The application works, but the agent it logs in as is not set up the way Huntress needs") {
		t.Errorf("the agent page does not say why the wizard came back:\n%s", h.m.View())
	}
	if v := flat(h.m.View()); !strings.Contains(v, "1. Tick Can see unassigned") {
		t.Errorf("the agent page does not show the agent's fix in view:\n%s", h.m.View())
	}
	check.answer = answer(nil)
	before := check.callCount()
	h.keys("enter")
	if h.page() != pageMapping || !slices.Equal(check.calls[before].Only, []steps.ID{steps.Application, steps.Agent}) {
		t.Errorf("enter after fixing the agent: page %d, asked %v; want the application and agent checked, then the mapping page", h.page(), check.calls[before].Only)
	}
}

func TestTicketNeedsAnExplicitYes(t *testing.T) {
	h := walkTo(t, pageTicket, healthy())
	before := h.check.callCount()
	h.keys("down", "enter")
	if h.ticket().stage != ticketConfirm || !strings.Contains(h.text(), `for "Contoso Ltd"`) {
		t.Fatalf("enter on a client did not ask to confirm:\n%s", h.m.View())
	}
	h.keys("enter", "n")
	if h.check.callCount() != before || h.ticket().stage != ticketChoose {
		t.Fatalf("enter or n sent the ticket (%d checks) or did not go back (stage %d)", h.check.callCount(), h.ticket().stage)
	}
	h.keys("enter", "y")
	last := h.check.last()
	if !last.SendTestTicket || last.TestClient != "2" || !slices.Equal(last.Only, []steps.ID{steps.Ticket}) {
		t.Errorf("y sent %+v; want only the ticket, sent, to client 2", last)
	}
}

func TestRecheckAllIsReachableFromEveryScreen(t *testing.T) {
	for _, p := range []pageID{pageWelcome, pageAgent, pageHostname, pageApplication, pageMapping, pageTicket, pageSummary} {
		h := walkTo(t, p, healthy())
		before := h.check.callCount()
		h.keys("ctrl+r")
		if h.check.callCount() != before+1 || len(h.check.last().Only) != 0 {
			t.Errorf("ctrl+r on page %d did not re-check every step", p)
		}
		if h.page() != pageSummary {
			t.Errorf("a clean re-check from page %d opened %d", p, h.page())
		}
	}
	h := walkTo(t, pageAgent, healthy())
	h.keys("R")
	if h.check.callCount() != 1 {
		t.Error("R on a page without a text field did not re-check")
	}
}

func TestHelpOverlayListsTheKeys(t *testing.T) {
	h := walkTo(t, pageAgent, healthy())
	h.keys("?")
	v := h.m.View()
	for _, want := range []string{"re-check all", "retry the check", "skip this step", "ctrl+c"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	h.keys("x")
	if h.m.showHelp {
		t.Error("a key did not close the help")
	}
}

func TestLongPastedSecretIsKeptWhole(t *testing.T) {
	h := walkTo(t, pageApplication, healthy())
	long := strings.Repeat("Ab3$", 200)
	form := h.application().form
	h.m.w.setup.cfg.ClientSecret = ""
	form.reload()
	form.focus(fieldSecret)
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(long), Paste: true})
	if got := h.m.w.setup.cfg.ClientSecret; got != long {
		t.Fatalf("pasted %d characters, the field holds %d", len(long), len(got))
	}
	if v := h.m.View(); !strings.Contains(v, "800 characters") || strings.Contains(v, "Ab3$") {
		t.Errorf("the page must show the length and never the secret:\n%s", v)
	}
	h.keys("enter")
	if h.check.last().ClientSecret != long {
		t.Error("the check did not get the whole secret")
	}
}

func TestResizeKeepsTheScreenWithinTheTerminal(t *testing.T) {
	h := walkTo(t, pageMapping, healthy())
	for _, size := range [][2]int{{80, 24}, {60, 20}, {132, 43}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(h.m.View(), "\n")
		if len(lines) > size[1] {
			t.Errorf("at %dx%d the view has %d lines", size[0], size[1], len(lines))
		}
		for _, l := range lines {
			if w := len([]rune(l)); w > size[0] {
				t.Errorf("at %dx%d a line is %d wide: %q", size[0], size[1], w, l)
			}
		}
	}
}

func TestAgentWarningsAreShownOnTheAgentPageBeforeGoingOn(t *testing.T) {
	check := &fakeCheck{answer: answer(map[steps.ID]steps.Result{steps.Agent: result(steps.Agent, steps.StatusWarn,
		finding("agent.not-api-only", steps.Warn, "Huntress API is not an API-only agent.", "On its Details tab tick Is an API-only Agent and save."))})}
	h := walkTo(t, pageApplication, check)
	h.keys("enter")
	if h.page() != pageAgent || !strings.Contains(h.text(), "is not an API-only agent") || !strings.Contains(h.text(), "agent it logs in as has warnings") {
		t.Fatalf("agent warnings: page %d:\n%s", h.page(), h.m.View())
	}
	h.keys("enter")
	if h.page() != pageMapping {
		t.Errorf("enter after reading the warnings opened page %d, want the mapping page", h.page())
	}
}
