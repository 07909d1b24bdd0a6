//go:build unix

package safefile

import (
	"io/fs"
	"os"
	"syscall"
)

// fileOwner is the user id that owns fi; tests replace it, since they do
// not run as two users.
var fileOwner = func(fi fs.FileInfo) (uid int, known bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// currentUID is the user halowiz runs as.
var currentUID = os.Getuid
