package keystore

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// The errors below are the ones the keyrings really return; where they come
// from is noted beside each.
func TestKeyringFailuresAreClassified(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"go-keyring not found", keyring.ErrNotFound, ErrNotFound},
		{"go-keyring not found, wrapped", fmt.Errorf("get: %w", keyring.ErrNotFound), ErrNotFound},
		{"go-keyring too big (macOS, Windows)", keyring.ErrSetDataTooBig, ErrTooBig},
		{"Linux, no session bus, no dbus-launch", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, ErrUnavailable},
		{"Linux, no session bus, as text", errors.New(`exec: "dbus-launch": executable file not found in $PATH`), ErrUnavailable},
		{"Linux, no X11 to autolaunch a bus", errors.New("dbus-launch failed: cannot autolaunch D-Bus without X11 $DISPLAY"), ErrUnavailable},
		{"Linux, no Secret Service installed", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), ErrUnavailable},
		{"Linux, bus address unknown", errors.New("dbus: couldn't determine address of session bus"), ErrUnavailable},
		{"Linux, bus gone", errors.New("dial unix /run/user/1000/bus: connect: no such file or directory"), ErrUnavailable},
		{"Linux, bus refuses", errors.New("dial unix /tmp/dbus-x: connect: connection refused"), ErrUnavailable},
		{"other Unix without a keyring", errors.New("unsupported platform: plan9"), ErrUnavailable},
		{"Windows, no logon session", errors.New("A specified logon session does not exist. It may already have been terminated."), ErrUnavailable},
		{"Linux, collection locked (headless)", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), ErrLocked},
		{"Linux, login collection locked", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/collection/login'"), ErrLocked},
		{"Linux, item locked", errors.New("org.freedesktop.Secret.Error.IsLocked"), ErrLocked},
		{"macOS, locked and no UI", errors.New("security: SecKeychainItemCopyContent: User interaction is not allowed."), ErrLocked},
		{"macOS, prompt cancelled", errors.New("security: SecKeychainAddGenericPassword: User canceled the operation."), ErrLocked},
		{"Linux, D-Bus gave up waiting", errors.New("org.freedesktop.DBus.Error.NoReply: Did not receive a reply"), ErrTimeout},
		{"our own timeout", timeoutError{after: 3 * time.Second}, ErrTimeout},
		{"anything else", errors.New("exit status 36"), ErrFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.err); got != tt.want {
				t.Errorf("classify(%q) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorIsItsKindAndKeepsTheCause(t *testing.T) {
	cause := errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")
	_, err := testKeyring(failingBackend{cause}).HaloSecret("acme.halopsa.com", "42")
	var ke *Error
	if !errors.As(err, &ke) {
		t.Fatalf("err = %T %v, want *Error", err, err)
	}
	if !errors.Is(err, ErrLocked) || errors.Is(err, ErrUnavailable) {
		t.Errorf("errors.Is(err, ErrLocked) = %v, errors.Is(err, ErrUnavailable) = %v; want true, false",
			errors.Is(err, ErrLocked), errors.Is(err, ErrUnavailable))
	}
	if !errors.Is(err, cause) {
		t.Errorf("the keyring's own error is not in the chain of %v", err)
	}
	if ke.Op != "read" || ke.Item != "the Halo client secret for acme.halopsa.com (client ID 42)" {
		t.Errorf("Op, Item = %q, %q", ke.Op, ke.Item)
	}
}

func TestErrorMessagesNameTheNextStep(t *testing.T) {
	tests := []struct {
		kind error
		goos string
		want []string
	}{
		{ErrNotFound, "linux", []string{"not in the keyring", "run halowiz to enter and save it", "HALO_CLIENT_SECRET"}},
		{ErrUnavailable, "linux", []string{"gnome-keyring", "KeePassXC", "D-Bus session bus", "HALO_CLIENT_SECRET"}},
		{ErrUnavailable, "darwin", []string{"login keychain", "HALO_CLIENT_SECRET"}},
		{ErrUnavailable, "windows", []string{"Credential Manager", "HALO_CLIENT_SECRET"}},
		{ErrLocked, "linux", []string{"unlock the login keyring", "gnome-keyring-daemon --unlock", "HALO_CLIENT_SECRET"}},
		{ErrLocked, "darwin", []string{"unlock the login keychain", "HALO_CLIENT_SECRET"}},
		{ErrTimeout, "linux", []string{"unlock prompt that cannot show", "unlock the login keyring", "HALO_CLIENT_SECRET"}},
		{ErrTooBig, "windows", []string{"only the secret was pasted", "HALO_CLIENT_SECRET"}},
		{ErrFailed, "linux", []string{"Secret Service", "HALO_CLIENT_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.goos+"/"+tt.kind.Error(), func(t *testing.T) {
			k := testKeyring(nil)
			k.goos = tt.goos
			msg := k.newError(tt.kind, opRead, haloEntry("acme.halopsa.com", "42"), nil).Error()
			for _, w := range tt.want {
				if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

func TestHuntressErrorsNameTheHuntressVariable(t *testing.T) {
	err := testKeyring(failingBackend{errors.New("dbus: couldn't determine address of session bus")}).
		SetHuntressSecret("hk_1", "sk_1")
	if msg := err.Error(); !strings.Contains(msg, "HUNTRESS_API_SECRET") || strings.Contains(msg, "HALO_CLIENT_SECRET") {
		t.Errorf("message should point to HUNTRESS_API_SECRET only:\n%s", msg)
	}
}

func TestDeleteFailureSaysHowToRemoveByHand(t *testing.T) {
	tests := map[string]string{
		"linux":   "secret-tool clear service halowiz username halo/acme.halopsa.com/42",
		"darwin":  "security delete-generic-password -s halowiz -a halo/acme.halopsa.com/42",
		"windows": "cmdkey /delete:halowiz:halo/acme.halopsa.com/42",
	}
	for goos, want := range tests {
		k := testKeyring(failingBackend{errors.New("failed to unlock correct collection '/x'")})
		k.goos = goos
		err := k.DeleteHaloSecret("acme.halopsa.com", "42")
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: message lacks %q:\n%v", goos, want, err)
		}
	}
}
