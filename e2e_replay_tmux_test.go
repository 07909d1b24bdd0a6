package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// `halowiz demo --replay FILE` walks the wizard against a capture of `check
// --demo --send-test-ticket`: the wizard's own, smaller checks (one step at
// a time, some twice) are answered from the one run's transcript, test
// ticket included, to the summary.
func TestWizardReplaysACaptureInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true requires this test to run: .ci/run installs tmux")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "halowiz")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "capture.json")
	if out, err := exec.Command(bin, "check", "--demo", "--send-test-ticket", "--capture", path).CombinedOutput(); err != nil {
		t.Fatalf("capture: %v\n%s", err, out)
	}
	p := startPane(t, bin, "demo", "--replay", path)
	p.waitFor("replay of capture.json")
	p.press("Enter", "Step 1 of 5 · API-only agent")
	p.press("Enter", "Step 2 of 5 · API hostname")
	p.press("Enter", "Step 3 of 5 · API application", "✓ API hostname passed.")
	p.press("Enter", "Step 4 of 5 · Ticket type, status and clients", "6 from Huntress")
	p.press("Enter", "Step 5 of 5 · Test ticket", "Acme IT Services")
	p.press("Enter", "Send it now?")
	p.press("y", "✓ Test ticket passed")
	p.press("Enter", "Summary: the values for Huntress", "Server Host acme.halopsa.com")
	p.press("Enter", "EXIT=0")
}

// A capture of the wizard (here the demo's, `halowiz demo --capture FILE`),
// which holds every check the wizard ran, replays with `check --replay`.
func TestWizardCaptureReplaysWithCheckInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true requires this test to run: .ci/run installs tmux")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "halowiz")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "wizard.json")
	p := startPane(t, bin, "demo", "--capture", path, "--anonymize")
	p.press("Enter", "Step 1 of 5 · API-only agent")
	p.press("Enter", "Step 2 of 5 · API hostname")
	p.press("Enter", "Step 3 of 5 · API application", "✓ API hostname passed.")
	p.press("Enter", "Step 4 of 5 · Ticket type, status and clients", "6 from Huntress")
	p.press("Enter", "Step 5 of 5 · Test ticket", "Acme IT Services")
	p.press("Enter", "Send it now?")
	p.press("y", "✓ Test ticket passed")
	p.press("Enter", "Summary: the values for Huntress")
	p.press("Enter", "Anonymized capture (no secrets, no names) written to", "EXIT=0")

	out, err := exec.Command(bin, "check", "-v", "--replay", path, "--send-test-ticket").CombinedOutput()
	if err != nil {
		t.Fatalf("check --replay of the wizard's capture: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "[ticket.closed]") {
		t.Errorf("the replay did not close its test ticket:\n%s", out)
	}
}
