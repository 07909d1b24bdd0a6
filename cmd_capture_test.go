package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestCaptureAndReplayFlagsRefuseWhatCannotWork(t *testing.T) {
	dir := t.TempDir()
	notCapture := filepath.Join(dir, "config.json")
	if err := os.WriteFile(notCapture, []byte(`{"version":1,"host":"acme.halopsa.com"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	capture := filepath.Join(dir, "c.json")
	cases := []struct {
		name string
		args []string
		says string
	}{
		{"anonymize alone", []string{"check", "--demo", "--anonymize"}, "--anonymize needs --capture"},
		{"capture and replay", []string{"check", "--replay", capture, "--capture", capture}, "cannot be used together"},
		{"replay and demo", []string{"check", "--replay", capture, "--demo"}, "cannot be used together"},
		{"replay and a value", []string{"check", "--replay", capture, "--ticket-type", "Incident"}, "--ticket-type cannot be given with --replay"},
		{"replay of nothing", []string{"check", "--replay", filepath.Join(dir, "missing.json")}, "missing.json"},
		{"replay of another file", []string{"check", "--replay", notCapture}, "not a halowiz capture"},
		{"capture into no folder", []string{"check", "--demo", "--capture", filepath.Join(dir, "no", "c.json")}, "folder does not exist"},
		{"demo replay of nothing", []string{"demo", "--replay", filepath.Join(dir, "missing.json")}, "missing.json"},
		{"wizard anonymize alone", []string{"--anonymize"}, "--anonymize needs --capture"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, out, errOut := testApp(t, nil)
			if code := a.run(context.Background(), c.args); code != exitUsage {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, errOut)
			}
			msg := strings.TrimSpace(errOut.String())
			if !strings.Contains(msg, c.says) || strings.Count(msg, "\n") > 0 {
				t.Errorf("stderr %q: want one line saying %q", msg, c.says)
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

// outlineOf is a contract JSON document's step statuses and finding ids.
func outlineOf(t *testing.T, doc []byte) string {
	t.Helper()
	var d struct {
		Steps []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Findings []struct {
				ID string `json:"id"`
			} `json:"findings"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	var b strings.Builder
	for _, s := range d.Steps {
		b.WriteString(s.ID + " " + s.Status + ":")
		for _, f := range s.Findings {
			b.WriteString(" " + f.ID)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// `check --demo --capture` then `check --replay`, through the command line:
// the same exit status, step statuses and finding ids, and the capture
// written 0600.
func TestCheckCaptureThenReplay(t *testing.T) {
	for _, scenario := range []string{"healthy", "create-answer-lost", "mandatory-fields", "invalid-client"} {
		t.Run(scenario, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "capture.json")
			a, out, errOut := testApp(t, nil)
			code := a.run(context.Background(), []string{"check", "--demo", "--scenario", scenario, "--send-test-ticket", "--json", "--capture", path})
			if !strings.Contains(errOut.String(), "written to "+path) {
				t.Errorf("stderr does not say where the capture went:\n%s", errOut)
			}
			if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
				t.Fatalf("capture file: %v, %v", fi, err)
			}
			captured := outlineOf(t, out.Bytes())

			b, r, rErr := testApp(t, nil)
			replayCode := b.run(context.Background(), []string{"check", "--replay", path, "--send-test-ticket", "--json"})
			if replayCode != code {
				t.Errorf("replay exit %d, captured run %d; stderr:\n%s", replayCode, code, rErr)
			}
			if replayed := outlineOf(t, r.Bytes()); replayed != captured {
				t.Errorf("replay differs\ncaptured:\n%sreplayed:\n%s", captured, replayed)
			}
		})
	}
}

func TestReplayWithoutTheTestTicketSaysHowToReplayIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "capture.json")
	a, _, _ := testApp(t, nil)
	a.run(context.Background(), []string{"check", "--demo", "--send-test-ticket", "--capture", path})
	b, out, errOut := testApp(t, nil)
	if code := b.run(context.Background(), []string{"check", "--replay", path, "--json"}); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "add --send-test-ticket") {
		t.Errorf("stderr %q does not say how to replay the test ticket", errOut)
	}
	if !strings.Contains(outlineOf(t, out.Bytes()), "ticket.not-sent") {
		t.Errorf("without --send-test-ticket the replay sent one:\n%s", out)
	}
}

func TestCaptureRefusesALinkBeforeAnyRequest(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "capture.json")
	if err := os.Symlink(victim, link); err != nil {
		t.Skipf("cannot create a symbolic link here: %v", err)
	}
	a, out, errOut := testApp(t, nil)
	if code := a.run(context.Background(), []string{"check", "--demo", "--send-test-ticket", "--capture", link}); code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "symbolic link") {
		t.Errorf("stdout %q, stderr %q: want nothing checked and the link named", out, errOut)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target now reads %q", b)
	}
}
