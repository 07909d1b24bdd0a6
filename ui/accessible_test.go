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
	out, tn, err := accessibleRun(t, "healthy",
		"",         // the agent exists
		"",         // Resource Server: keep
		"", "", "", // client ID, secret, tenant: keep
		"", "", // ticket type, status: keep
		"", "", // Huntress key and secret: keep
		"y",          // export the organizations
		"",           // no pairing by hand
		"y", "", "y", // send the test ticket to the default client, yes
		"n", // no clipboard
	)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"checking API hostname… (gives up in 30s)",
		"  waiting for: Asking https://acme.halopsa.com/api/authinfo, without logging in, whether this is a Halo API (gives up in 15s)",
		"✓ API hostname passed",
		"✓ API application passed",
		"! Ticket type, status and clients passed, with warnings",
		"nearly match a Halo client",
		"3. Fabrikam Inc — near-miss — Fabrikam, Inc. — differs in punctuation",
		"waiting for: Creating the test ticket for Acme IT Services (POST /api/Tickets)",
		"✓ Test ticket passed",
		"Server Host: acme.halopsa.com",
		"Status after Huntress Resolution: Closed",
		"Halo client secret: saved in the demo's keyring",
		"Exported to " + tn.dir,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
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
	if _, err := os.Stat(filepath.Join(tn.dir, "config.json")); err != nil {
		t.Errorf("settings not saved: %v", err)
	}
}

func TestAccessibleShowsTheMandatoryFieldsAndTheirFix(t *testing.T) {
	out, _, err := accessibleRun(t, "mandatory-fields", "", "", "", "", "", "", "", "", "", "", "n", "")
	if !errors.Is(err, errInputEnded) {
		t.Errorf("Run = %v, want the input to end while the mapping step asks what next", err)
	}
	for _, want := range []string{
		`Ticket type "Incident" requires Category, Impact, Urgency with no default.`,
		"1. In Halo, open Configuration > Tickets > Ticket Types and open",
		"What now?",
		"Check again",
		"Skip this step",
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
