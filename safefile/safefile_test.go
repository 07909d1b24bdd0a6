package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func assertPrivate(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return // no Unix permission bits to check
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, got)
	}
}

// pretendOwnedByOthers makes every existing file look as if another user
// had created it: tests do not run as two users.
func pretendOwnedByOthers(t *testing.T) {
	old := fileOwner
	fileOwner = func(fs.FileInfo) (int, bool) { return currentUID() + 1, true }
	t.Cleanup(func() { fileOwner = old })
}

func TestWriteCreatesAPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	if err := Write(path, []byte("# report\n")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "# report\n" {
		t.Errorf("wrote %q", got)
	}
	assertPrivate(t, path)
}

func TestWriteReplacesAtomicallyAndLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "new" {
		t.Errorf("content %q, want new", got)
	}
	// The replacement is a new file, so the old one's loose mode is gone.
	assertPrivate(t, path)
	if names := dirNames(t, dir); !slices.Equal(names, []string{"config.json"}) {
		t.Errorf("directory holds %v, want only config.json", names)
	}
}

func TestCreateLeavesTheDestinationAloneUntilCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "debug.log")
	if err := os.WriteFile(path, []byte("previous run"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("this run")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "previous run" {
		t.Errorf("before Commit the destination holds %q", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // after Commit: nothing
	if got := readFile(t, path); got != "this run" {
		t.Errorf("after Commit the destination holds %q", got)
	}
	if _, err := f.Write([]byte("more")); err == nil {
		t.Error("Write after Commit succeeded")
	}
}

func TestAbortLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("a,b\n"))
	f.Abort()
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v after Abort", names)
	}
}

func TestSymlinkedDestinationIsRefused(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "victim")
	if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.md")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create a symbolic link here: %v", err)
	}
	for name, write := range map[string]func() error{
		"Check":  func() error { return Check(link) },
		"Write":  func() error { return Write(link, []byte("x")) },
		"Create": func() error { _, err := Create(link); return err },
	} {
		err := write()
		if !errors.Is(err, ErrSymlink) {
			t.Errorf("%s: err = %v, want ErrSymlink", name, err)
		}
	}
	if got := readFile(t, target); got != "precious" {
		t.Errorf("the link's target now holds %q", got)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced (%v)", err)
	}
}

func TestALinkPlantedWhileWritingIsRefusedAtCommit(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "victim")
	if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "capture.json")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("transcript"))
	if err := os.Symlink(target, path); err != nil {
		f.Abort()
		t.Skipf("cannot create a symbolic link here: %v", err)
	}
	if err := f.Commit(); !errors.Is(err, ErrSymlink) {
		t.Errorf("Commit: err = %v, want ErrSymlink", err)
	}
	if got := readFile(t, target); got != "precious" {
		t.Errorf("the link's target now holds %q", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"capture.json", "victim"}) {
		t.Errorf("directory holds %v, want the link and its target only", names)
	}
}

func TestAFileAnotherUserPlantedIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := os.WriteFile(path, []byte("planted"), 0o666); err != nil {
		t.Fatal(err)
	}
	pretendOwnedByOthers(t)
	if err := Check(path); !errors.Is(err, ErrNotOwner) {
		t.Errorf("Check: err = %v, want ErrNotOwner", err)
	}
	err := Write(path, []byte("report"))
	if !errors.Is(err, ErrNotOwner) {
		t.Fatalf("Write: err = %v, want ErrNotOwner", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "another user") {
		t.Errorf("message %q does not say which file and why", msg)
	}
	if got := readFile(t, path); got != "planted" {
		t.Errorf("the planted file now holds %q", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"report.md"}) {
		t.Errorf("directory holds %v", names)
	}
}

func TestANewFileNeedsNoOwnerCheck(t *testing.T) {
	pretendOwnedByOthers(t) // nothing exists yet, so nobody else owns it
	if err := Write(filepath.Join(t.TempDir(), "new.csv"), []byte("a")); err != nil {
		t.Fatal(err)
	}
}

func TestMissingDirectoryIsAnErrorAndIsNotCreated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no", "such")
	path := filepath.Join(dir, "report.md")
	for name, err := range map[string]error{"Check": Check(path), "Write": Write(path, []byte("x"))} {
		if !errors.Is(err, ErrNoDir) {
			t.Errorf("%s: err = %v, want ErrNoDir", name, err)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the directory was created (%v)", err)
	}
}

func TestAFileAsTheDirectoryIsRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Check(filepath.Join(file, "report.md")); !errors.Is(err, ErrNoDir) {
		t.Errorf("err = %v, want ErrNoDir", err)
	}
}

func TestADirectoryAtTheDestinationIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("x")); !errors.Is(err, ErrNotRegular) {
		t.Errorf("err = %v, want ErrNotRegular", err)
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := Check(filepath.Join(dir, "report.md")); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("Check left %v", names)
	}
}

func TestRefusalsAreOneLineAndNameTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "report.md")
	err := Check(path)
	if err == nil {
		t.Fatal("no error")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, path) || !strings.Contains(msg, "folder") {
		t.Errorf("message %q", msg)
	}
}

func TestEnsureDirCreatesAPrivateDirectoryAndLeavesAnExistingOne(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "halowiz")
	if err := EnsureDir(dir); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("mode %v, want 0700", fi.Mode().Perm())
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := EnsureDir(dir); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o755 {
			t.Errorf("an existing directory's mode was changed to %v", fi.Mode().Perm())
		}
	}
}

func TestEnsureDirSaysWhichFolderItCouldNotMake(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "halowiz")} {
		err := EnsureDir(dir)
		var e *Error
		if !errors.As(err, &e) || e.Path != dir || strings.Count(err.Error(), file) != 1 || !strings.Contains(err.Error(), "folder") {
			t.Errorf("EnsureDir(%s) = %v: want a safefile error naming the folder once", dir, err)
		}
	}
}
