package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halowiz/keystore"
	"halowiz/steps"
)

// testApp is an app with buffers for its streams, the given environment,
// an in-memory keyring and settings in a temporary directory.
func testApp(t *testing.T, env map[string]string) (*app, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	dir := t.TempDir()
	a := &app{
		stdin:        strings.NewReader(""),
		stdout:       &out,
		stderr:       &errOut,
		getenv:       func(k string) string { return env[k] },
		keys:         keystore.NewMemoryKeyring(),
		settingsPath: func() (string, error) { return filepath.Join(dir, "halowiz", "config.json"), nil },
	}
	return a, &out, &errOut
}

func TestVersionPrintsVersionCommitAndGo(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		a, out, _ := testApp(t, nil)
		if code := a.run(context.Background(), []string{arg}); code != exitOK {
			t.Fatalf("%s: exit %d", arg, code)
		}
		if !strings.HasPrefix(out.String(), "halowiz ") || !strings.Contains(out.String(), "go1.") {
			t.Errorf("%s printed %q", arg, out.String())
		}
	}
}

func TestCheckExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want int
	}{
		{"healthy demo", []string{"check", "--demo", "--json"}, nil, exitOK},
		{"failing demo", []string{"check", "--demo", "--scenario", "mandatory-fields", "--json"}, nil, exitFailed},
		{"unknown scenario", []string{"check", "--demo", "--scenario", "nope"}, nil, exitUsage},
		{"bad flag", []string{"check", "--nope"}, nil, exitUsage},
		{"a secret is never a flag", []string{"check", "--host", "acme.halopsa.com", "--client-secret", "s"}, nil, exitUsage},
		{"unknown step", []string{"check", "--step", "everything"}, nil, exitUsage},
		{"no host anywhere", []string{"check"}, nil, exitUsage},
		{"no secret anywhere", []string{"check", "--host", "acme.halopsa.com", "--client-id", "42"}, nil, exitUsage},
		{"bad timeout", []string{"check", "--host", "acme.halopsa.com", "--timeout", "0s"}, nil, exitUsage},
		{"unknown command", []string{"chekc"}, nil, exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _, errOut := testApp(t, c.env)
			if got := a.run(context.Background(), c.args); got != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, c.want, errOut)
			}
		})
	}
}

func TestCheckJSONGoesToStdoutAndFollowsTheContract(t *testing.T) {
	a, out, _ := testApp(t, nil)
	a.run(context.Background(), []string{"check", "--demo", "--scenario", "not-visible", "--send-test-ticket", "--json"})
	var doc struct {
		Version int  `json:"version"`
		OK      bool `json:"ok"`
		Steps   []struct {
			ID       string `json:"id"`
			Findings []struct {
				ID string `json:"id"`
			} `json:"findings"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if doc.Version != 1 || doc.OK || len(doc.Steps) != 5 || doc.Steps[4].ID != "ticket" {
		t.Fatalf("unexpected document %+v", doc)
	}
	found := false
	for _, f := range doc.Steps[4].Findings {
		found = found || f.ID == "ticket.not-visible"
	}
	if !found {
		t.Errorf("no ticket.not-visible in %+v", doc.Steps[4])
	}
}

func TestCheckWritesAReportWithoutSecrets(t *testing.T) {
	a, _, _ := testApp(t, nil)
	path := filepath.Join(t.TempDir(), "report.md")
	a.run(context.Background(), []string{"check", "--demo", "--scenario", "invalid-client", "--report", path})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("application.invalid-client")) {
		t.Errorf("report lacks the finding:\n%s", b)
	}
	if bytes.Contains(b, []byte("hwDemo.")) {
		t.Error("report contains the client secret")
	}
}

func TestInterruptedCheckExits130(t *testing.T) {
	a, _, _ := testApp(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := a.run(ctx, []string{"check", "--demo"}); code != exitInterrupted {
		t.Errorf("exit %d, want 130", code)
	}
}

func TestResolveConfigPrecedence(t *testing.T) {
	saved := keystore.Settings{Host: "saved.halopsa.com", ClientID: "saved-id", TicketType: "Saved type", HuntressKey: "hk"}
	keys := keystore.NewMemoryKeyring()
	_ = keys.SetHaloSecret("env.halopsa.com", "env-id", "from-keyring")
	_ = keys.SetHaloSecret("saved.halopsa.com", "saved-id", "saved-secret")
	_ = keys.SetHuntressSecret("hk", "huntress-secret")
	cases := []struct {
		name      string
		flags     map[string]string
		env       map[string]string
		wantHost  string
		wantType  string
		wantSec   string
		wantSrc   keystore.Source
		wantError string
	}{
		{"saved only", nil, nil, "saved.halopsa.com", "Saved type", "saved-secret", keystore.FromKeyring, ""},
		{"environment beats saved", nil, map[string]string{envHost: "env.halopsa.com", envClientID: "env-id"}, "env.halopsa.com", "Saved type", "from-keyring", keystore.FromKeyring, ""},
		{"flag beats environment", map[string]string{"host": "flag.halopsa.com", "ticket-type": "Flag type"}, map[string]string{envHost: "env.halopsa.com", keystore.HaloSecretEnv: "env-secret"}, "flag.halopsa.com", "Flag type", "env-secret", keystore.FromEnvironment, ""},
		{"empty flag clears a saved value", map[string]string{"ticket-type": ""}, nil, "saved.halopsa.com", "", "saved-secret", keystore.FromKeyring, ""},
		{"secret not in the keyring", map[string]string{"client-id": "other"}, nil, "", "", "", "", "no client secret"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := valueFlags{timeout: steps.DefaultTimeout, set: map[string]bool{}}
			for k, val := range c.flags {
				v.set[k] = true
				switch k {
				case "host":
					v.host = val
				case "ticket-type":
					v.ticketType = val
				case "client-id":
					v.clientID = val
				}
			}
			r, err := resolveConfig(v, func(k string) string { return c.env[k] }, saved, keys, true)
			if c.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantError) || !errors.Is(err, errUsage) {
					t.Fatalf("err = %v, want %q", err, c.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.cfg.Host != c.wantHost || r.cfg.TicketType != c.wantType || r.cfg.ClientSecret != c.wantSec || r.secretSource != c.wantSrc {
				t.Errorf("got host %q type %q secret %q from %s", r.cfg.Host, r.cfg.TicketType, r.cfg.ClientSecret, r.secretSource)
			}
			if r.cfg.HuntressSecret != "huntress-secret" {
				t.Errorf("Huntress secret %q", r.cfg.HuntressSecret)
			}
		})
	}
}

func TestWizardNeedsATerminal(t *testing.T) {
	a, _, errOut := testApp(t, nil)
	if code := a.run(context.Background(), nil); code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "halowiz check") {
		t.Errorf("stderr does not point to halowiz check: %q", errOut)
	}
}

// The accessible mode reads its answers a line at a time, from a
// terminal or a pipe alike.
func TestTheAccessibleWizardTakesPipedAnswers(t *testing.T) {
	a, out, errOut := testApp(t, nil)
	// Enter through the healthy demo; 1 sends the test ticket.
	a.stdin = strings.NewReader(strings.Repeat("\n", 13) + "1\n\n\n")
	if code := a.run(context.Background(), []string{"demo", "--accessible"}); code != exitOK {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"== Summary: the values for Huntress ==", "Test ticket passed", "Send it now? (enter: not now)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the piped walk lacks %q:\n%s", want, out)
		}
	}
}

func TestForgetRemovesTheSavedSetupAndItsSecret(t *testing.T) {
	a, out, _ := testApp(t, nil)
	path, _ := a.settingsPath()
	if err := keystore.SaveSettings(path, keystore.Settings{Host: "acme.halopsa.com", ClientID: "42"}); err != nil {
		t.Fatal(err)
	}
	_ = a.keys.SetHaloSecret("acme.halopsa.com", "42", "s3cret-value")
	if code := a.run(context.Background(), []string{"forget"}); code != exitUsage {
		t.Fatalf("forget without a terminal or --yes: exit %d, want 2", code)
	}
	if code := a.run(context.Background(), []string{"forget", "--yes"}); code != exitOK {
		t.Fatalf("forget --yes: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("settings still there: %v", err)
	}
	if _, err := a.keys.HaloSecret("acme.halopsa.com", "42"); !errors.Is(err, keystore.ErrNotFound) {
		t.Errorf("secret still in the keyring: %v", err)
	}
	if !strings.Contains(out.String(), "removed:") {
		t.Errorf("forget did not say what it removed:\n%s", out)
	}
}

func TestCheckHonoursTheDeadline(t *testing.T) {
	a, _, _ := testApp(t, nil)
	start := time.Now()
	code := a.run(context.Background(), []string{"check", "--demo", "--scenario", "never-answers", "--timeout", "1s"})
	// A hang would take the run's whole budget (minutes); the bound has
	// room for a loaded machine.
	if code != exitFailed || time.Since(start) > 8*time.Second {
		t.Errorf("exit %d after %s, want 1 within 2x deadline and slack", code, time.Since(start))
	}
}
