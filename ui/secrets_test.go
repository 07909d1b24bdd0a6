package ui

import (
	"errors"
	"os"
	"strings"
	"testing"

	"halowiz/steps"
)

func TestSecretsAreSavedOnlyAfterVerification(t *testing.T) {
	check := failing(steps.Application, "application.invalid-client", "Halo refused the client ID or the client secret (invalid_client).")
	h := walkTo(t, pageApplication, check)
	h.keys("enter")
	if len(h.secrets.halo) != 0 {
		t.Fatalf("a refused secret was saved: %v", h.secrets.halo)
	}
	// Huntress refuses its key pair at first: no organizations are read.
	refused := answer(map[steps.ID]steps.Result{steps.Mapping: result(steps.Mapping, steps.StatusWarn, finding("mapping.huntress-refused", steps.Warn, "Huntress refused the API key or secret."))})
	check.answer = func(cfg steps.Config) steps.Report {
		rep := refused(cfg)
		rep.Facts.Orgs, rep.Facts.HuntressRead = nil, false
		return rep
	}
	h.keys("enter")
	want := [3]string{"acme.halopsa.com", "halowiz-demo", "s3cret-value-0123456789"}
	if len(h.secrets.halo) != 1 || h.secrets.halo[0] != want {
		t.Fatalf("after the application passed the keyring got %v, want %v once", h.secrets.halo, want)
	}
	if h.page() != pageMapping || len(h.secrets.huntress) != 0 {
		t.Fatalf("on page %d, the Huntress secret Huntress refused was saved: %v", h.page(), h.secrets.huntress)
	}
	check.answer = answer(nil)
	h.keys("r")
	if len(h.secrets.huntress) != 1 || h.secrets.huntress[0] != [2]string{"hk_demo", "hs_demo_secret"} {
		t.Errorf("after the organizations were read the keyring got %v", h.secrets.huntress)
	}
	if len(h.secrets.halo) != 1 {
		t.Errorf("the same Halo secret was saved %d times", len(h.secrets.halo))
	}
}

func TestKeyringFailureIsShownAndTheWalkGoesOn(t *testing.T) {
	h := walkTo(t, pageApplication, healthy())
	h.secrets.err = errKeyring
	h.keys("enter")
	if h.page() != pageMapping {
		t.Fatalf("a keyring failure stopped the walk on page %d", h.page())
	}
	if v := flat(h.m.View()); !strings.Contains(v, "supply HALO_CLIENT_SECRET") {
		t.Errorf("the keyring's message (with its way out) is not shown:\n%s", v)
	}
	if got := h.m.w.setup.halo.describe(false, true); !strings.Contains(got, "not saved: cannot save") {
		t.Errorf("the summary line reads %q", got)
	}
}

func TestSettingsAreSavedWithoutSecrets(t *testing.T) {
	h := walkTo(t, pageSummary, healthy())
	saved := h.setups.all()
	if len(saved) == 0 {
		t.Fatal("nothing was saved on reaching the summary")
	}
	s := saved[len(saved)-1]
	if s.Host != "acme.halopsa.com" || s.ClientID != "halowiz-demo" || s.TicketType == "" || s.HuntressKey != "hk_demo" {
		t.Errorf("saved settings %+v", s)
	}
	if strings.Contains(strings.ToLower(spew(s)), "s3cret") || strings.Contains(spew(s), "hs_demo_secret") {
		t.Errorf("a secret reached the settings: %+v", s)
	}
	if h.m.w.files.reportPath == "" || h.m.w.files.reportErr != nil {
		t.Fatalf("report: %q, %v", h.m.w.files.reportPath, h.m.w.files.reportErr)
	}
	data, err := os.ReadFile(h.m.w.files.reportPath)
	if err != nil || !strings.Contains(string(data), "# halowiz report: acme.halopsa.com") || strings.Contains(string(data), "s3cret") {
		t.Errorf("the report is missing or carries a secret (%v):\n%s", err, data)
	}
}

func spew(v any) string { return strings.ReplaceAll(strings.TrimSpace(fmtAny(v)), "\n", " ") }

func TestAFirstRunSaysAtOnceWhenNoKeyringCanKeepTheSecret(t *testing.T) {
	h := newHarness(t, Options{}, healthy())
	h.m.w.deps.KeyringProbe = func() error { return errors.New("no keyring service is available") }
	h.send(h.m.Init()())
	if txt := h.text(); !strings.Contains(txt, "The keyring cannot keep secrets here (no keyring service is available)") ||
		!strings.Contains(txt, "must come from HALO_CLIENT_SECRET") {
		t.Errorf("the first screen does not say the keyring cannot keep the secret, and what that means:\n%s", txt)
	}
	h.keys("enter", "enter")
	h.send(h.m.w.goTo(pageApplication))
	h.m.w.setup.cfg.ClientSecret = "typed"
	if txt := h.text(); !strings.Contains(txt, "no keyring here, so give it as HALO_CLIENT_SECRET each run") {
		t.Errorf("the secret's field does not say it will not be kept:\n%s", txt)
	}

	h = newHarness(t, Options{}, healthy())
	h.m.w.deps.KeyringProbe = func() error { return nil }
	h.send(h.m.Init()())
	if strings.Contains(h.text(), "cannot keep secrets") {
		t.Errorf("a working keyring is worth no word:\n%s", h.text())
	}
}
