package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
)

// accessibleRun runs the accessible wizard on scenario with the lines of
// input given, and returns what it printed.
func accessibleRun(t *testing.T, scenario string, input ...string) (string, *tenant, error) {
	t.Helper()
	tn := startTenant(t, scenario, nil)
	tn.opts.Accessible = true
	var out bytes.Buffer
	err := Run(context.Background(), tn.opts, tn.deps, strings.NewReader(strings.Join(input, "\n")+"\n"), &out)
	return out.String(), tn, err
}

func TestAccessibleWalksTheSameStepsWithLinesInsteadOfSpinners(t *testing.T) {
	out, tn, err := accessibleRun(t, "organizations-unmatched",
		"",         // welcome: press enter to start
		"",         // the agent exists: continue
		"",         // Resource Server: keep
		"", "", "", // client ID, secret, tenant: keep
		"3",            // export the organizations
		"",             // continue
		"", "", "", "", // ticket type, status, Huntress key and secret: keep
		"",  // choose the client for the test ticket
		"",  // the one the checks picked
		"1", // yes, send it
		"",  // continue
		"",  // finish
	)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"== Step 1 of 5 · API-only agent ==",
		"Tick Is an API-only Agent",
		"== Step 2 of 5 · API hostname ==",
		"Server Host acme.halopsa.com Removed \"https://\"",
		"checking API hostname… (gives up in 45s)",
		"waiting for: Asking https://acme.halopsa.com/api/authinfo, without logging in, whether this is a Halo API\n",
		"API hostname passed",
		"API application passed",
		"Ticket type, status and clients passed, with warnings",
		"Warning: 3 organizations nearly match a Halo client",
		"Exported 8 organizations to " + tn.dir,
		"Default Ticket Type (enter keeps Incident) 1. Huntress Alert (accepted as it is) 2. Incident (accepted as it is)",
		"Huntress API key (optional: to preview the organization mapping; a dash clears it) (enter keeps hk_demo_7f3a9c):",
		"Huntress API secret (shown once by Huntress; a dash clears it) (enter keeps the one given, 23 characters):",
		"This creates a real ticket in Halo (acme.halopsa.com) for \"Acme IT Services\"",
		"Send it now? (enter: not now)",
		"waiting for: Creating the test ticket for Acme IT Services (POST /api/Tickets)",
		"Test ticket passed",
		"== Summary: the values for Huntress ==",
		"Server Host acme.halopsa.com",
		"Status after Huntress Resolution Closed",
		"Halo client secret saved in the demo's keyring",
	} {
		if !strings.Contains(flat(out), flat(want)) {
			t.Errorf("the output lacks %q", want)
		}
	}
	// Said once: each result as its step finishes, each step's deadline as
	// it starts, the test ticket's question; and no mark a screen reader
	// reads out by its name, no flag of halowiz check.
	walk, _, _ := strings.Cut(out, "== Summary") // which sums up every step again
	if n := strings.Count(walk, "Test ticket passed"); n != 1 {
		t.Errorf("the test ticket's result is said %d times on the way, want once", n)
	}
	if n := strings.Count(out, "This creates a real ticket"); n != 1 {
		t.Errorf("the test ticket is confirmed %d times, want once", n)
	}
	if checks, deadlines := strings.Count(out, "\nchecking "), strings.Count(out, "gives up in"); checks != deadlines {
		t.Errorf("%d steps checked, %d deadlines said: want one deadline a step", checks, deadlines)
	}
	if i := strings.IndexFunc(out, boxOrBallot); i >= 0 {
		t.Errorf("the output has a box-drawing or ballot glyph, %q, at %q", out[i:i+3], out[max(i-40, 0):i+3])
	}
	if strings.Contains(out, " --") {
		t.Errorf("the output names a command-line flag:\n%s", out)
	}
	for _, secret := range []string{halotest.ClientSecret, huntresstest.DemoSecret} {
		if strings.Contains(out, secret) {
			t.Errorf("a secret was printed")
		}
	}
	reports, _ := filepath.Glob(filepath.Join(tn.dir, "halowiz-report-*.md"))
	csvs, _ := filepath.Glob(filepath.Join(tn.dir, "halowiz-organizations-*.csv"))
	if len(reports) != 1 || len(csvs) != 1 {
		t.Errorf("files written: reports %v, CSV %v", reports, csvs)
	}
	if saved, ok := tn.setups.last(); !ok || saved.Config.Host != "acme.halopsa.com" || saved.Config.ClientSecret != "" || saved.Config.HuntressSecret != "" || len(saved.Unverified) > 0 || saved.ResumeAt != "" {
		t.Errorf("settings saved last: %+v; want the finished setup, the host cleaned, no secret, no marks of an unfinished walk", saved)
	}
	if len(tn.secrets.halo) != 1 || len(tn.secrets.huntress) != 1 {
		t.Errorf("keyring got Halo %d and Huntress %d secrets, want one each", len(tn.secrets.halo), len(tn.secrets.huntress))
	}
}

// boxOrBallot reports whether r is a box-drawing character or a mark a
// screen reader reads out by name (ballot box, check mark, ballot X).
func boxOrBallot(r rune) bool {
	return (r >= 0x2500 && r <= 0x257F) || (r >= 0x2610 && r <= 0x2612) || (r >= 0x2713 && r <= 0x2718)
}

func TestAccessibleShowsTheMandatoryFieldsAndTheirFix(t *testing.T) {
	out, _, err := accessibleRun(t, "mandatory-fields", "", "", "", "", "", "")
	if !errors.Is(err, errInputEnded) {
		t.Errorf("Run = %v, want the input to end while the mapping step asks what next", err)
	}
	for _, want := range []string{
		`Ticket type "Incident" requires Category, Impact, Urgency with no default.`,
		"1. In Halo, open Configuration > Tickets > Ticket Types and open",
		"What now?",
		"retry the check",
		"skip this step",
	} {
		if !strings.Contains(flat(out), flat(want)) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}

func TestAccessibleStopsWhenTheInputEnds(t *testing.T) {
	_, _, err := accessibleRun(t, "healthy", "")
	if !errors.Is(err, errInputEnded) {
		t.Errorf("Run with the input ending early = %v, want %v", err, errInputEnded)
	}
}

func TestAccessibleInterruptedByItsContext(t *testing.T) {
	tn := startTenant(t, "healthy", nil)
	tn.opts.Accessible = true
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if err := Run(ctx, tn.opts, tn.deps, r, &bytes.Buffer{}); err != ErrInterrupted {
		t.Errorf("Run with its context ended = %v, want ErrInterrupted", err)
	}
}
