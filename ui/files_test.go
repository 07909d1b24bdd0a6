package ui

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"halowiz/safefile"
	"halowiz/steps"
)

// The report and the CSV export go through safefile: private, and never
// through a link someone left at the name.
func TestExportsArePrivateAndRefuseALink(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 6, 0, 0, time.UTC)
	dir := filepath.Join(t.TempDir(), "halowiz") // created on demand, as the settings dir is
	path, err := writeCSVFile(dir, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("CSV export %s: %v, %v", path, fi, err)
	}
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "halowiz-report-"+stamp(now)+".md")
	if err := os.Symlink(victim, link); err != nil {
		t.Skipf("cannot create a symbolic link here: %v", err)
	}
	if _, err := writeReportFile(dir, now, "test", steps.Report{}); !errors.Is(err, safefile.ErrSymlink) {
		t.Errorf("report through a link: err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target now reads %q", b)
	}
}
