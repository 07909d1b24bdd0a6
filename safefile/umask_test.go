//go:build unix

package safefile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A permissive umask must not loosen what halowiz writes, neither a new
// file nor one written through Create.
// Not parallel: the umask belongs to the whole process.
func TestFilesArePrivateUnderUmaskZero(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := os.WriteFile(path, []byte("old"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	assertPrivate(t, path)
	log := filepath.Join(dir, "debug.log")
	f, err := Create(log)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	assertPrivate(t, log)
	sub := filepath.Join(dir, "halowiz")
	if err := EnsureDir(sub); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(sub)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("EnsureDir under umask 0 made mode %v, want 0700", fi.Mode().Perm())
	}
}
