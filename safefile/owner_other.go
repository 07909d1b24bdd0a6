//go:build !unix

package safefile

import (
	"io/fs"
	"os"
)

// fileOwner reports no owner outside Unix, which skips the owner check. On
// Windows a file's owner is a SID in its security descriptor, and what
// matters is its ACL, which os.FileInfo does not expose; files under the
// user's profile (where halowiz writes by default) are the user's to
// begin with. Tests replace it to exercise the refusal everywhere.
var fileOwner = func(fs.FileInfo) (uid int, known bool) { return 0, false }

// currentUID is the user halowiz runs as (-1 on Windows).
var currentUID = os.Getuid
