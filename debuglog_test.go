package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"halowiz/safefile"
)

func TestDebugLogReplacesThePreviousOneWhenTheWizardEnds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "halowiz", "debug.log")
	log, err := openDebugLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := log.Write([]byte("GET /api/authinfo -> 200\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the log is in place before the wizard ended")
	}
	var stderr bytes.Buffer
	log.close(&stderr)
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "GET /api/authinfo -> 200\n" {
		t.Errorf("log reads %q (%v)", b, err)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(stderr.String(), path) {
		t.Errorf("stderr %q does not say where the log is", stderr.String())
	}
}

func TestDebugLogRefusesALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "debug.log")
	if err := os.Symlink(victim, path); err != nil {
		t.Skipf("cannot create a symbolic link here: %v", err)
	}
	if _, err := openDebugLog(path); !errors.Is(err, safefile.ErrSymlink) {
		t.Errorf("err = %v, want a refusal of the link", err)
	}
}
