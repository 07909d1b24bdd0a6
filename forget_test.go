package main

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"

	"halowiz/keystore"
)

// forgetApp is a test app with a saved setup and its secret in the keyring.
func forgetApp(t *testing.T, stdin string) (*app, string, func() (string, string)) {
	t.Helper()
	a, out, errOut := testApp(t, nil)
	a.stdin = strings.NewReader(stdin)
	path, _ := a.settingsPath()
	if err := keystore.SaveSettings(path, keystore.Settings{Host: "acme.halopsa.com", ClientID: "42"}); err != nil {
		t.Fatal(err)
	}
	_ = a.keys.SetHaloSecret("acme.halopsa.com", "42", "s3cret-value")
	return a, path, func() (string, string) { return out.String(), errOut.String() }
}

// The confirmation can be piped in; a pipe that ends without an answer is
// a usage error that says what to do instead.
func TestForgetReadsItsConfirmationFromAPipe(t *testing.T) {
	tests := []struct {
		name, stdin string
		code        int
		removed     bool
		stdout      []string
		stderr      string
	}{
		{"y piped in", "y\n", exitOK, true, []string{"Remove them? [y/N] y (from standard input)", "removed: the saved setup"}, ""},
		{"yes without newline", "YES", exitOK, true, []string{"y (from standard input)", "removed: the saved setup"}, ""},
		{"n piped in", "n\n", exitOK, false, []string{"n (from standard input)", "Nothing was removed."}, ""},
		{"something else piped in", "s3cret-value\n", exitOK, false, []string{"n (from standard input)", "Nothing was removed."}, ""},
		{"nothing piped in", "", exitUsage, false, []string{"Remove them? [y/N] "}, "no answer came on standard input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, path, output := forgetApp(t, tt.stdin)
			code := a.run(context.Background(), []string{"forget"})
			out, errOut := output()
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			_, statErr := os.Stat(path)
			if removed := errors.Is(statErr, os.ErrNotExist); removed != tt.removed {
				t.Errorf("settings removed: %v, want %v", removed, tt.removed)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if (tt.stderr == "") != (errOut == "") || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q, want it to hold %q", errOut, tt.stderr)
			}
			if strings.Contains(out+errOut, "s3cret-value") {
				t.Error("the piped text was echoed")
			}
		})
	}
}

// Without a keyring service, forget says so before it asks, lists only what
// it can remove, and says how to remove the secret by hand.
func TestForgetSaysUpFrontWhatItCannotReach(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a dead D-Bus session bus is how a Linux keyring goes missing")
	}
	a, path, output := forgetApp(t, "")
	a.keys = keystore.NewKeyring() // the real one, over a bus that is not there
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	code := a.run(context.Background(), []string{"forget", "--yes"})
	out, _ := output()
	if code != exitFailed {
		t.Errorf("exit %d, want 1: the secret may still be in the keyring", code)
	}
	question := strings.Index(out, "This removes:")
	note := strings.Index(out, "note: the keyring cannot be reached")
	byHand := strings.Index(out, "secret-tool clear service halowiz username halo/acme.halopsa.com/42")
	if question < 0 || note < question || byHand < note {
		t.Errorf("want the plan, then the note, then the command to remove it by hand:\n%s", out)
	}
	plan := out[question:note]
	if strings.Contains(plan, "in the keyring") || !strings.Contains(plan, "the saved setup "+path) {
		t.Errorf("the plan promises what it cannot remove:\n%s", plan)
	}
	if !strings.Contains(out, "left alone: the Halo client secret") || strings.Contains(out, "NOT removed") {
		t.Errorf("the outcome does not say the secret was left alone:\n%s", out)
	}
}
