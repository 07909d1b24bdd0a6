package ui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

func TestCtrlCCancelsTheCheckInFlightAndInterrupts(t *testing.T) {
	check := &fakeCheck{block: true, cancelled: make(chan struct{})}
	h := walkTo(t, pageHostname, check)
	_, cmd := h.m.Update(keyMsg("enter"))
	background(cmd)
	_, cmd = h.m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok || !h.m.w.interrupted {
		t.Errorf("ctrl+c: interrupted %v; want the program to quit as interrupted", h.m.w.interrupted)
	}
	select {
	case <-check.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the check's context was not cancelled")
	}
}

func TestEscStopsTheCheckAtOnceAndEnterRunsItAgain(t *testing.T) {
	check := &fakeCheck{answer: answer(nil), block: true, cancelled: make(chan struct{})}
	h := walkTo(t, pageHostname, check)
	h.keys("x") // the value as typed, not as saved
	typed := h.m.w.setup.cfg.Host
	_, cmd := h.m.Update(keyMsg("enter"))
	background(cmd)
	if h.load(pageHostname) != stateLoading || h.m.w.run == nil {
		t.Fatalf("the page is not loading while its check runs")
	}
	// Esc takes effect in its own Update: the wizard does not wait for the
	// check to wind down.
	_, cmd = h.m.Update(keyMsg("esc"))
	if h.m.w.run != nil || h.load(pageHostname) == stateLoading {
		t.Fatalf("after esc a check is still in flight (run %v, load %d)", h.m.w.run != nil, h.load(pageHostname))
	}
	background(cmd)
	select {
	case <-check.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the check's requests")
	}
	if h.page() != pageHostname || h.m.w.interrupted {
		t.Errorf("esc while waiting: page %d, interrupted %v; want to stay", h.page(), h.m.w.interrupted)
	}
	if got := h.m.w.setup.cfg.Host; got != typed {
		t.Errorf("the hostname is %q after esc, want it as typed, %q", got, typed)
	}
	if !h.hostname().Typing() {
		t.Error("the field did not take the cursor back: the page is not editable")
	}
	if txt := h.text(); !strings.Contains(txt, "Stopped the check of the API hostname") || !strings.Contains(txt, "Press enter to check again") {
		t.Errorf("no line says the check was stopped and how to run it again:\n%s", txt)
	}
	check.unblock()
	h.keys("enter")
	if n := check.callCount(); n != 2 || check.last().Host != typed {
		t.Fatalf("enter after the stop ran %d checks (last of %q), want the same check again", n, check.last().Host)
	}
	if h.page() != pageApplication {
		t.Errorf("the check run again passed, but the wizard is on page %d", h.page())
	}
}

func TestStoppedRecheckRunsAgainWithR(t *testing.T) {
	check := &fakeCheck{answer: answer(nil), block: true, cancelled: make(chan struct{})}
	h := newHarness(t, Options{Config: demoConfig(), Saved: true}, check)
	_, cmd := h.m.Update(keyMsg("enter")) // re-check the saved setup
	background(cmd)
	if h.page() != pageRecheck || h.m.w.run == nil {
		t.Fatalf("enter on a saved setup did not start the re-check (page %d)", h.page())
	}
	h.keys("esc")
	if h.m.w.run != nil || h.page() != pageRecheck {
		t.Fatalf("esc: run %v, page %d; want the re-check stopped and its page kept", h.m.w.run != nil, h.page())
	}
	if txt := h.text(); !strings.Contains(txt, "Stopped re-checking every step") {
		t.Errorf("no line says the re-check was stopped:\n%s", txt)
	}
	check.unblock()
	h.keys("r")
	if n := check.callCount(); n != 2 {
		t.Fatalf("r after the stop ran %d checks in all, want the re-check again", n)
	}
	if h.page() != pageSummary {
		t.Errorf("the re-check run again found nothing failing, but the wizard is on page %d", h.page())
	}
}

func TestTheTestTicketIsNotStoppedHalfwayByEsc(t *testing.T) {
	h := walkTo(t, pageTicket, healthy())
	h.keys("enter")
	h.check.mu.Lock()
	h.check.block = true
	h.check.mu.Unlock()
	_, cmd := h.m.Update(keyMsg("y"))
	background(cmd)
	h.keys("esc")
	if h.m.w.run == nil {
		t.Fatal("esc stopped the test ticket halfway: Halo may hold a ticket nothing closes")
	}
	if txt := h.text(); !strings.Contains(txt, "waits until it is closed again") {
		t.Errorf("esc during the test ticket says nothing:\n%s", txt)
	}
}

func TestRunReturnsErrInterruptedOnCtrlC(t *testing.T) {
	var out bytes.Buffer
	deps := Deps{Check: healthy().check, Now: clock, ReportDir: t.TempDir()}
	err := Run(context.Background(), Options{Config: demoConfig()}, deps, strings.NewReader("\x03"), &out)
	if err != ErrInterrupted {
		t.Errorf("Run after ctrl+c = %v, want ErrInterrupted", err)
	}
}

func TestRunReturnsErrInterruptedWhenItsContextEnds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r, w := io.Pipe() // input that never comes
	defer w.Close()
	deps := Deps{Check: healthy().check, Now: clock, ReportDir: t.TempDir()}
	if err := Run(ctx, Options{Config: demoConfig()}, deps, r, &bytes.Buffer{}); err != ErrInterrupted {
		t.Errorf("Run after its context ended = %v, want ErrInterrupted", err)
	}
}

func TestStaleProgressIsIgnored(t *testing.T) {
	h := walkTo(t, pageHostname, healthy())
	h.send(progressMsg{id: 99, event: steps.Event{Step: steps.Hostname, Kind: steps.Activity, What: "old"}}, checkDoneMsg{id: 99})
	if h.page() != pageHostname || len(h.m.w.setup.results) != 0 {
		t.Error("messages of a check that is no longer running changed the wizard")
	}
}

func TestWaitingShowsWhatWhenAndTheDeadline(t *testing.T) {
	h := walkTo(t, pageHostname, healthy())
	cfg := h.m.w.setup.cfg
	cfg.Only = []steps.ID{steps.Hostname}
	h.m.w.run = newCheckRun(context.Background(), 7, pageHostname, intentSubmit, cfg)
	h.m.w.active = pageHostname
	update := func(msg tea.Msg) { h.m.Update(msg) } // the listener it re-arms is not run
	update(progressMsg{id: 7, event: steps.Event{Step: steps.Hostname, Kind: steps.Activity, What: "Asking https://acme.halopsa.com/api/authinfo whether this is a Halo API", Started: fixedNow.Add(-2 * time.Second), Deadline: fixedNow.Add(13 * time.Second)}})
	v := flat(h.m.View())
	for _, want := range []string{"waiting for: Asking https://acme.halopsa.com/api/authinfo", "2.0s so far", "gives up in 13s (at 12:00:13)", "esc stop waiting"} {
		if !strings.Contains(v, want) {
			t.Errorf("the wait does not show %q:\n%s", want, h.m.View())
		}
	}
	update(progressMsg{id: 7, event: steps.Event{Step: steps.Hostname, Kind: steps.Activity, What: "late", Started: fixedNow.Add(-20 * time.Second), Deadline: fixedNow.Add(-5 * time.Second)}})
	if v := flat(h.m.View()); !strings.Contains(v, "deadline passed") {
		t.Errorf("a passed deadline is not said:\n%s", h.m.View())
	}
	timeout := result(steps.Hostname, steps.StatusFail, steps.Finding{ID: "hostname.timeout", Severity: steps.Fail, Message: "acme.halopsa.com did not answer within the deadline.", Fix: []string{"If Halo is just slow right now, check again with a longer --timeout."}})
	update(progressMsg{id: 7, event: steps.Event{Step: steps.Hostname, Kind: steps.StepFinished, Result: &timeout}})
	h.send(checkDoneMsg{id: 7, report: steps.Report{Steps: []steps.Result{timeout}}})
	if v := flat(h.m.View()); !strings.Contains(v, "did not answer within the deadline") || !strings.Contains(v, "1. If Halo is just slow") {
		t.Errorf("the timeout finding and its fix are not shown:\n%s", h.m.View())
	}
}

func TestAStepThatGaveUpShowsItsTimeoutFindingWhileOthersRun(t *testing.T) {
	h := walkTo(t, pageMapping, healthy())
	cfg := h.m.w.setup.cfg
	h.m.w.run = newCheckRun(context.Background(), 9, pageMapping, intentSubmit, cfg)
	timeout := result(steps.Agent, steps.StatusFail, steps.Finding{ID: "agent.timeout", Severity: steps.Fail,
		Message: "No answer within 45s while listing one ticket as the agent.", Fix: []string{"Check again: Halo may have been briefly slow."}})
	h.m.Update(progressMsg{id: 9, event: steps.Event{Step: steps.Mapping, Kind: steps.Activity, What: "Listing ticket types (GET /api/TicketType)", Started: fixedNow, Deadline: fixedNow.Add(15 * time.Second)}})
	h.m.Update(progressMsg{id: 9, event: steps.Event{Step: steps.Agent, Kind: steps.StepFinished, Result: &timeout}})
	v := h.text()
	for _, want := range []string{"✗ API-only agent failed", "No answer within 45s while listing one ticket as the agent.", "1. Check again: Halo may have been briefly slow.", "waiting for: Listing ticket types"} {
		if !strings.Contains(v, want) {
			t.Errorf("while the mapping still runs the page lacks %q:\n%s", want, h.m.View())
		}
	}
}

func TestARateLimitWaitIsSaidUntilItEnds(t *testing.T) {
	h := walkTo(t, pageHostname, healthy())
	cfg := h.m.w.setup.runConfig()
	cfg.Only = []steps.ID{steps.Hostname}
	h.m.w.run = newCheckRun(context.Background(), 7, pageHostname, intentSubmit, cfg)
	wait := steps.Event{Step: steps.Hostname, Kind: steps.Waiting, What: "Halo's rate limit: waiting 8s, retry 3\x1b[2J", Started: fixedNow, Deadline: fixedNow.Add(8 * time.Second)}
	h.m.Update(progressMsg{id: 7, event: steps.Event{Step: steps.Hostname, Kind: steps.Activity, What: "Asking", Started: fixedNow, Deadline: fixedNow.Add(15 * time.Second)}})
	h.m.Update(progressMsg{id: 7, event: wait})
	if v := h.text(); !strings.Contains(v, `Halo's rate limit: waiting 8s, retry 3\x1b[2J (until 12:00:08)`) {
		t.Errorf("the wait is not shown, escaped, with its end:\n%s", h.m.View())
	}
	var out bytes.Buffer
	a := &accessible{m: h.m, out: &out}
	a.event(progressMsg{id: 7, event: wait})
	if got := out.String(); got != "  Halo's rate limit: waiting 8s, retry 3\\x1b[2J\n" {
		t.Errorf("the accessible mode says %q", got)
	}
	h.m.w.c.Now = func() time.Time { return fixedNow.Add(9 * time.Second) }
	h.m.Update(progressMsg{id: 7, event: steps.Event{Step: steps.Hostname, Kind: steps.ActivityDone, What: "Asking", Started: fixedNow}})
	if v := h.text(); strings.Contains(v, "rate limit") {
		t.Errorf("a wait that ended is still shown:\n%s", h.m.View())
	}
}
