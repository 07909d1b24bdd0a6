package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"halowiz/halo/halotest"
)

// A report path halowiz refuses to write is found out before anything is
// sent: exit 2, one line on stderr naming the file and why, no request, no
// test ticket, and whatever was at the path left as it was.
func TestE2ERefusedReportPathSendsNothing(t *testing.T) {
	cases := []struct {
		name  string
		plant func(t *testing.T, path string) // what is at the path before the run
		why   string                          // in the message
	}{
		{"missing folder", nil, "folder does not exist"},
		{"symbolic link", func(t *testing.T, path string) {
			target := filepath.Join(t.TempDir(), "victim")
			if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, path); err != nil {
				t.Skipf("cannot create a symbolic link here: %v", err)
			}
		}, "symbolic link"},
		{"another user's file", func(t *testing.T, path string) {
			if os.Geteuid() != 0 {
				t.Skip("planting another user's file takes root; safefile's tests cover it with a fake owner")
			}
			if err := os.WriteFile(path, []byte("precious"), 0o666); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(path, 4242, 4242); err != nil {
				t.Skipf("cannot give the file away: %v", err)
			}
		}, "another user"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "report.md")
			if c.plant == nil {
				path = filepath.Join(dir, "no-such-dir", "report.md")
			} else {
				c.plant(t, path)
			}
			w := e2eStart(t, halotest.Healthy())
			r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--json", "--timeout", "5s", "--send-test-ticket",
				"--ticket-type", "Incident", "--resolution-status", "Closed", "--report", path)
			if r.code != exitUsage {
				t.Errorf("exit %d, want 2\nstderr:\n%s", r.code, r.stderr)
			}
			if n := w.tenant.Stats().Requests; n != 0 {
				t.Errorf("%d requests reached the tenant before the report path was refused", n)
			}
			msg := bytes.TrimSpace(r.stderr)
			if bytes.Count(msg, []byte("\n")) != 0 || !bytes.Contains(msg, []byte(path)) || !bytes.Contains(msg, []byte(c.why)) {
				t.Errorf("stderr %q: want one line naming %s and saying %q", msg, path, c.why)
			}
			if len(r.stdout) != 0 {
				t.Errorf("stdout has %d bytes; a run that could not check prints nothing there", len(r.stdout))
			}
			if c.plant != nil {
				if b, _ := os.ReadFile(path); string(b) != "precious" {
					t.Errorf("what was at the path now reads %q", b)
				}
			}
		})
	}
}

// The report is written 0600, replacing an older one of a looser mode.
func TestE2EReportIsPrivate(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	path := filepath.Join(t.TempDir(), "report.md")
	if err := os.WriteFile(path, []byte("an older report"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--timeout", "5s", "--report", path)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v, want 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("an older report")) {
		t.Error("the older report was not replaced")
	}
}
