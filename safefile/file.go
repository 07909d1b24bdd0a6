package safefile

import (
	"errors"
	"os"
	"path/filepath"
)

// File is a file being written: the bytes go to a temporary file next to
// the destination, and Commit puts it in place. Until then the destination
// is untouched. It suits output that is written as it is made, such as the
// debug log.
type File struct {
	path string
	tmp  *os.File
	done bool
}

// Create checks path as Write does and starts a temporary file for it in
// the same directory, mode 0600.
func Create(path string) (*File, error) {
	if err := checkDestination(path); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return nil, &Error{Path: path, Err: unwrapPathError(err)}
	}
	// CreateTemp already asks for 0600; Chmod states it whatever the umask
	// or the platform's defaults did.
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return nil, &Error{Path: path, Err: unwrapPathError(err)}
	}
	return &File{path: path, tmp: tmp}, nil
}

// Name is the destination's path.
func (f *File) Name() string { return f.path }

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, &Error{Path: f.path, Err: errors.New("already committed or abandoned")}
	}
	n, err := f.tmp.Write(p)
	if err != nil {
		err = &Error{Path: f.path, Err: unwrapPathError(err)}
	}
	return n, err
}

// Commit syncs the temporary file and renames it over the destination,
// after checking the destination again: a link or another user's file put
// there meanwhile is refused, not replaced. On any error the temporary
// file is removed and the destination left as it was.
func (f *File) Commit() (err error) {
	if f.done {
		return &Error{Path: f.path, Err: errors.New("already committed or abandoned")}
	}
	f.done = true
	name := f.tmp.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(name)
		}
	}()
	if err := f.tmp.Sync(); err != nil {
		_ = f.tmp.Close()
		return &Error{Path: f.path, Err: unwrapPathError(err)}
	}
	if err := f.tmp.Close(); err != nil {
		return &Error{Path: f.path, Err: unwrapPathError(err)}
	}
	if err := checkDestination(f.path); err != nil {
		return err
	}
	// Rename replaces the destination's directory entry; were a link
	// planted there after the check, the link itself is replaced, and
	// nothing is written through it.
	if err := os.Rename(name, f.path); err != nil {
		return &Error{Path: f.path, Err: unwrapLinkError(err)}
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort removes the temporary file and leaves the destination as it was.
// It does nothing after Commit, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

// unwrapLinkError drops the *os.LinkError around a failed rename, whose
// temporary name means nothing to the person reading the message.
func unwrapLinkError(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// syncDir makes a rename in dir durable where the system allows it. It is
// best effort: Windows, for one, cannot open a directory to sync it.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
