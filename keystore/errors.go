package keystore

import (
	"errors"
	"fmt"
	"halowiz/scrub"
	"os/exec"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// The kinds of keyring failure. Every *Error has one of them as its Kind, and
// errors.Is(err, ErrLocked) and so on hold for it.
var (
	ErrNotFound    = errors.New("not in the keyring")
	ErrUnavailable = errors.New("no keyring service is available")
	ErrLocked      = errors.New("the keyring is locked")
	ErrTimeout     = errors.New("the keyring did not answer in time")
	ErrTooBig      = errors.New("the secret is too big for this system's keyring")
	ErrFailed      = errors.New("the keyring refused")
)

// The operations an *Error can report.
const (
	opRead   = "read"
	opSave   = "save"
	opDelete = "delete"
)

// Error is a keyring failure, classified, with what to do about it.
// Its message never contains the secret. Match it by kind, with errors.Is and
// the sentinels above, rather than by what the keyring said: a dead D-Bus
// socket, for one, also matches fs.ErrNotExist.
type Error struct {
	Kind error  // ErrNotFound, ErrUnavailable, ErrLocked, ErrTimeout, ErrTooBig or ErrFailed
	Op   string // "read", "save" or "delete"
	Item string // what was asked for, e.g. "the Halo client secret for acme.halopsa.com (client ID 42)"
	Next string // the next step for the person at the keyboard, one sentence
	Err  error  // what the keyring itself said; withheld if it contained the secret
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cannot %s %s: %v", e.Op, e.Item, e.Kind)
	if e.Err != nil && e.Kind != ErrNotFound {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	if e.Next != "" {
		b.WriteString(". ")
		b.WriteString(e.Next)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrLocked) and the like work on an *Error.
func (e *Error) Is(target error) bool { return target == e.Kind }

func (e *Error) Unwrap() error { return e.Err }

// timeoutError is what a bounded call returns when the keyring never answered.
type timeoutError struct{ after time.Duration }

func (t timeoutError) Error() string { return "no answer within " + t.after.String() }

// Substrings, lower-cased, of the errors the keyrings return when there is no
// keyring service to talk to, or when it is locked. They come from
// go-keyring's Secret Service client and godbus (Linux), the `security` tool
// (macOS) and Credential Manager (Windows).
var (
	unavailableSigns = []string{
		`"dbus-launch"`, // exec: "dbus-launch": executable file not found in $PATH
		"autolaunch",    // cannot autolaunch D-Bus without X11 $DISPLAY
		"org.freedesktop.secrets was not provided", // no Secret Service installed
		"serviceunknown", // org.freedesktop.DBus.Error.ServiceUnknown
		"couldn't determine address of session bus",
		"invalid bus address",
		"connect: no such file or directory", // DBUS_SESSION_BUS_ADDRESS names a dead bus
		"connect: connection refused",
		"unsupported platform",
		"logon session does not exist", // Windows service or SSH session without credentials
	}
	lockedSigns = []string{
		"failed to unlock", // failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'
		"islocked",         // org.freedesktop.Secret.Error.IsLocked
		"dismissed",
		"user interaction is not allowed", // macOS keychain locked, no UI
		"user canceled",
		"user cancelled",
		"passphrase you entered is not correct",
	}
	timeoutSigns = []string{
		"noreply", // org.freedesktop.DBus.Error.NoReply
		"did not receive a reply",
	}
)

// classify returns the kind of a keyring failure.
func classify(err error) error {
	var timedOut timeoutError
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrTooBig
	case errors.As(err, &timedOut):
		return ErrTimeout
	case errors.Is(err, exec.ErrNotFound):
		return ErrUnavailable
	}
	msg := strings.ToLower(err.Error())
	switch {
	case containsAny(msg, lockedSigns):
		return ErrLocked
	case containsAny(msg, unavailableSigns):
		return ErrUnavailable
	case containsAny(msg, timeoutSigns):
		return ErrTimeout
	}
	return ErrFailed
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// redact returns err, or, when its message contains the secret in any form
// scrub knows, an error that says so without repeating it. Replacing just
// the secret would mangle the message when the secret is short; the kind is
// already known anyway.
func redact(err error, secret string) error {
	if err == nil || secret == "" || scrub.NewRedactor(secret).Redact(err.Error()) == err.Error() {
		return err
	}
	return errors.New("the keyring's own message is withheld: it contained the secret")
}

// nextStep is the sentence that tells a person what to do about a failure of
// kind when they tried op on the secret e.
func nextStep(kind error, op string, e entry, goos string) string {
	var do string
	switch kind {
	case ErrNotFound:
		if op == opDelete {
			return "Nothing to remove."
		}
		do = "run halowiz to enter and save it"
	case ErrUnavailable:
		do = installHint(goos)
	case ErrLocked:
		do = unlockHint(goos)
	case ErrTimeout:
		do = "it may be waiting for an unlock prompt that cannot show here (SSH, no desktop): " + unlockHint(goos)
	case ErrTooBig:
		do = "check that only the secret was pasted, not a whole file or page"
	default:
		do = "check that " + keyringName(goos) + " works"
	}
	do = strings.ToUpper(do[:1]) + do[1:]
	if op == opDelete {
		// Forget removes the settings file even so, and with it the only
		// record of this entry: say how to remove it by hand.
		return do + ", then remove it by hand: " + removeCommand(e.account, goos) + "."
	}
	return do + ", or supply " + e.env + " in the environment for this run."
}

// removeCommand is the shell command that deletes account under Service.
func removeCommand(account, goos string) string {
	switch goos {
	case "darwin":
		return "security delete-generic-password -s " + Service + " -a " + account
	case "windows":
		return "cmdkey /delete:" + Service + ":" + account
	}
	return "secret-tool clear service " + Service + " username " + account
}

func keyringName(goos string) string {
	switch goos {
	case "darwin":
		return "the login keychain"
	case "windows":
		return "Windows Credential Manager"
	}
	return "the Secret Service (gnome-keyring, KeePassXC)"
}

func installHint(goos string) string {
	switch goos {
	case "darwin":
		return "make sure the login keychain exists and is the default keychain (Keychain Access)"
	case "windows":
		return "run halowiz in your own signed-in Windows session, where Credential Manager is available"
	}
	return "install and start a Secret Service in a session with a D-Bus session bus " +
		"(gnome-keyring, or KeePassXC with its Secret Service integration on)"
}

func unlockHint(goos string) string {
	switch goos {
	case "darwin":
		return "unlock the login keychain (Keychain Access, or security unlock-keychain)"
	case "windows":
		return "sign in to Windows again so Credential Manager unlocks"
	}
	return "unlock the login keyring (Passwords and Keys, KeePassXC, " +
		"or gnome-keyring-daemon --unlock without a desktop)"
}
