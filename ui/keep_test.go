package ui

import (
	"slices"
	"strings"
	"testing"

	"halowiz/steps"
)

func TestAFirstRunKeepsWhatWasTypedAsItIsEntered(t *testing.T) {
	h := newHarness(t, Options{}, failing(steps.Hostname, "hostname.unreachable", "The name acme.halopsa.com does not resolve (DNS)."))
	h.keys("enter", "enter") // welcome, agent
	if h.page() != pageHostname {
		t.Fatalf("on page %d, want the hostname", h.page())
	}
	if _, ok := h.setups.last(); ok {
		t.Fatal("something was saved before anything was typed")
	}
	for _, r := range "acme.halopsa.com" {
		h.keys(string(r))
	}
	h.keys("enter") // the check fails: nothing is lost
	d, ok := h.setups.last()
	if !ok || d.Config.Host != "acme.halopsa.com" || !slices.Equal(d.Unverified, []string{"host"}) || d.ResumeAt != steps.Hostname {
		t.Fatalf("after a failed check the kept walk is %+v (saved %v); want the host, unverified, at the hostname step", d, ok)
	}
	h.keys("s") // on to the application, the hostname unproven
	for _, r := range "first-run" {
		h.keys(string(r))
	}
	h.keys("tab")
	for _, r := range "s3cret" {
		h.keys(string(r))
	}
	h.keys("ctrl+c")
	said := h.m.w.keepOnExit()
	d, _ = h.setups.last()
	// The fake tenant named its tenant, which the page filled in.
	if d.Config.ClientID != "first-run" || d.ResumeAt != steps.Application || !slices.Equal(d.Unverified, []string{"host", "client-id", "tenant"}) {
		t.Errorf("kept on exit: %+v; want the client ID too, all unverified, at the application step", d)
	}
	if d.Config.ClientSecret != "" || strings.Contains(spew(d), "s3cret") {
		t.Errorf("a secret no check accepted was kept: %+v", d)
	}
	for _, want := range []string{"run halowiz again to resume at step 3, API application", "Not checked yet: the API hostname, the client ID and the tenant.", "Not kept: the client secret."} {
		if !strings.Contains(said, want) {
			t.Errorf("on exit the wizard says:\n%s\nwant it to say %q", said, want)
		}
	}
}

func TestAnUnfinishedWalkIsResumedWhereItStopped(t *testing.T) {
	opts := Options{Saved: true, Config: steps.Config{Host: "acme.halopsa.com", ClientID: "first-run"},
		Resume: &Resume{At: steps.Application, Unverified: []string{"host", "client-id"}}}
	h := newHarness(t, opts, healthy())
	txt := h.text()
	for _, want := range []string{"Resume at step 3, API application", "Not checked yet: the API hostname and the client ID.", "The client secret was not kept"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the welcome page says:\n%s\nwant %q", txt, want)
		}
	}
	h.keys("enter")
	if h.page() != pageApplication || h.m.w.setup.cfg.ClientID != "first-run" {
		t.Fatalf("enter took the wizard to page %d with client ID %q; want the application, as typed", h.page(), h.m.w.setup.cfg.ClientID)
	}
	if h.application().form.focused() != fieldSecret || !h.application().Typing() {
		t.Error("the cursor is not on the client secret, the value still missing")
	}
	if h.check.callCount() != 0 {
		t.Error("resuming ran a check before the admin asked for one")
	}
}

func TestTheDemoAndAFinishedWalkKeepNoDraft(t *testing.T) {
	h := walkTo(t, pageApplication, healthy()) // the demo
	h.keys("ctrl+c")
	if said := h.m.w.keepOnExit(); said != "" {
		t.Errorf("the demo, whose settings go with its folder, says %q", said)
	}
	h = newHarness(t, Options{Config: demoConfig()}, healthy())
	for h.page() != pageSummary {
		h.keys("enter")
		if h.page() == pageTicket {
			h.keys("enter", "y", "enter")
		}
	}
	h.keys("esc", "ctrl+c") // back from the summary, then quit
	if said := h.m.w.keepOnExit(); said != "" {
		t.Errorf("after the summary saved the finished setup, quitting says %q", said)
	}
	if last, _ := h.setups.last(); len(last.Unverified) > 0 || last.ResumeAt != "" {
		t.Errorf("the finished setup was replaced by an unfinished walk: %+v", last)
	}
}

func TestAFinishedSetupIsNeverOverwrittenByAnUnfinishedWalk(t *testing.T) {
	h := newHarness(t, Options{Saved: true, Config: demoConfig()}, healthy())
	h.keys("down", "enter", "enter", "enter") // start over, to the hostname
	h.keys("x", "ctrl+c")
	if said := h.m.w.keepOnExit(); said != "" {
		t.Errorf("quitting a re-setup says %q", said)
	}
	if saved := h.setups.all(); len(saved) != 0 {
		t.Errorf("the saved setup that check and watch run on was replaced by %+v", saved)
	}
}

func TestAVerifiedSecretIsKeptAndNotCalledUnkept(t *testing.T) {
	h := newHarness(t, Options{Config: demoConfig()}, healthy())
	h.keys("enter", "enter", "enter", "enter") // welcome, agent, hostname, application
	if h.page() != pageMapping {
		t.Fatalf("on page %d, want the mapping", h.page())
	}
	h.keys("ctrl+c")
	said := h.m.w.keepOnExit()
	if strings.Contains(said, "Not kept") {
		t.Errorf("the client secret passed its check, yet the wizard says:\n%s", said)
	}
	if len(h.secrets.halo) != 1 {
		t.Errorf("the keyring got %d client secrets, want the verified one", len(h.secrets.halo))
	}
}

// TestAValueBeingCheckedAgainIsNotKeptAsAccepted: a check that failed and
// is run again with the same value has accepted nothing yet, so a draft
// kept while it runs (and left so by quitting) says the value is unchecked.
func TestAValueBeingCheckedAgainIsNotKeptAsAccepted(t *testing.T) {
	check := failing(steps.Hostname, "hostname.unreachable", "The name acme.halopsa.com does not resolve (DNS).")
	h := newHarness(t, Options{}, check)
	h.keys("enter", "enter")
	for _, r := range "acme.halopsa.com" {
		h.keys(string(r))
	}
	h.keys("enter") // fails
	check.mu.Lock()
	check.block = true
	check.mu.Unlock()
	_, cmd := h.m.Update(keyMsg("r"))
	background(cmd)
	if h.m.w.run == nil {
		t.Fatal("r started no check")
	}
	if d, _ := h.m.w.draft(); !slices.Equal(d.Unverified, []string{"host"}) {
		t.Errorf("while the check runs again the draft is %+v; want the host unverified", d)
	}
	h.cancel()
}
