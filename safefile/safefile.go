// Package safefile is the one way halowiz writes a file: the Markdown
// report, the CSV export, the debug log, a capture and the saved setup.
//
// Every write is atomic (a temporary file in the same directory, synced,
// then renamed over the destination, so a reader sees the old file or the
// new one and never half of either) and private (mode 0600, whatever the
// umask). It refuses, with a message a person can act on, to write where
// the destination is a symbolic link, is not a regular file, or is a file
// another user created there; and it never creates the directory: a path in
// a directory that does not exist is an error (EnsureDir is the explicit
// step for halowiz's own settings directory).
//
// It must never write through a link, loosen a mode, or take over a file it
// did not create.
package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Why a destination was refused. Errors from this package wrap one of
// these, or the system's own error.
var (
	ErrNoDir      = errors.New("its folder does not exist")
	ErrSymlink    = errors.New("it is a symbolic link, and halowiz does not write through links")
	ErrNotRegular = errors.New("it exists and is not a regular file")
	ErrNotOwner   = errors.New("it exists and belongs to another user, and halowiz does not replace files it did not create")
)

// Error says which file could not be written and why, on one line.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("cannot write %s: %v", e.Path, e.Err)
	switch {
	case errors.Is(e.Err, ErrSymlink), errors.Is(e.Err, ErrNotRegular), errors.Is(e.Err, ErrNotOwner):
		msg += " (remove it, or choose another name)"
	case errors.Is(e.Err, ErrNoDir):
		msg += " (create the folder first, or choose another one)"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Check says whether path can be written, without writing it: the checks
// Write makes, and a temporary file created and removed in the directory to
// prove it is writable. Call it before work whose result goes to path, so
// that a path that cannot be written costs nothing.
func Check(path string) error {
	if err := checkDestination(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return &Error{Path: path, Err: unwrapPathError(err)}
	}
	name := tmp.Name()
	_ = tmp.Close()
	_ = os.Remove(name)
	return nil
}

// Write replaces path with data, readable and writable by the owner only.
func Write(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// checkDestination refuses a path whose folder is missing, or whose
// destination is a link, not a regular file, or someone else's file. A
// destination that does not exist yet is fine.
func checkDestination(path string) error {
	if path == "" {
		return &Error{Path: `""`, Err: errors.New("no file name")}
	}
	dir := filepath.Dir(path)
	// The folder itself may be reached through a link (/tmp on macOS is
	// one): only the file's own name must not be a link.
	di, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Err: ErrNoDir}
	case err != nil:
		return &Error{Path: path, Err: unwrapPathError(err)}
	case !di.IsDir():
		return &Error{Path: path, Err: fmt.Errorf("%w: %s is not a folder", ErrNoDir, dir)}
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &Error{Path: path, Err: unwrapPathError(err)}
	case fi.Mode()&fs.ModeSymlink != 0:
		return &Error{Path: path, Err: ErrSymlink}
	case !fi.Mode().IsRegular():
		return &Error{Path: path, Err: ErrNotRegular}
	}
	if uid, known := fileOwner(fi); known && uid != currentUID() {
		return &Error{Path: path, Err: ErrNotOwner}
	}
	return nil
}

// EnsureDir creates dir, and any parents, readable by the owner only. A
// directory that already exists is left as it is: halowiz never loosens
// permissions, and does not take over directories it did not create.
func EnsureDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return &Error{Path: dir, Err: fmt.Errorf("%w: it exists and is not a folder", ErrNoDir)}
	case !errors.Is(err, fs.ErrNotExist):
		return &Error{Path: dir, Err: fmt.Errorf("create the folder: %w", unwrapPathError(err))}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &Error{Path: dir, Err: fmt.Errorf("create the folder: %w", unwrapPathError(err))}
	}
	if err := os.Chmod(dir, 0o700); err != nil { // MkdirAll's mode went through the umask
		return &Error{Path: dir, Err: fmt.Errorf("make the folder private: %w", unwrapPathError(err))}
	}
	return nil
}

func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// unwrapPathError drops the *fs.PathError around err, whose path would
// repeat (or, for a temporary file, confuse) the one Error names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
