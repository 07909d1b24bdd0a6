//go:build unix

package keystore

import (
	"path/filepath"
	"syscall"
	"testing"
)

// A permissive umask must not loosen what SaveSettings creates.
// Not parallel: the umask belongs to the whole process.
func TestSavedSettingsArePrivateUnderUmaskZero(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	path := settingsFile(t)
	for range 2 {
		if err := SaveSettings(path, acmeSettings()); err != nil {
			t.Fatal(err)
		}
	}
	assertMode(t, filepath.Dir(path), 0o700)
	assertMode(t, path, 0o600)
	assertMode(t, path+".bak", 0o600)
}
