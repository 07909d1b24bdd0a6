package keystore

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// secretServiceRecipe is how to run TestSecretServiceRoundTrip on a machine
// without a desktop session; .ci/run does the same.
const secretServiceRecipe = "apt-get install gnome-keyring dbus, then " +
	"dbus-run-session -- sh -c 'echo pass | gnome-keyring-daemon --unlock --components=secrets; go test ./keystore/'"

// realKeyring is the OS keyring with a generous bound: the 3 s bound itself is
// tested with a fake that never answers, and here a busy CI machine must not
// turn a slow gnome-keyring into a failure (seen at load 9 on 2 CPUs).
func realKeyring() *Keyring {
	k := NewKeyring()
	k.timeout = 30 * time.Second
	return k
}

// TestSecretServiceRoundTrip saves, reads, replaces and deletes throwaway
// secrets through the real go-keyring and a real Secret Service. Without one
// it skips, except under CI=true, where it must run.
func TestSecretServiceRoundTrip(t *testing.T) {
	requireSecretService(t)
	k := realKeyring()
	host := "halowiz-test.invalid"
	clientID := fmt.Sprintf("secret-service-test-%d", time.Now().UnixNano())
	apiKey := "hk_" + clientID
	t.Cleanup(func() {
		_ = k.DeleteHaloSecret(host, clientID)
		_ = k.DeleteHuntressSecret(apiKey)
	})

	for _, secret := range []string{"first-" + clientID, "second-" + clientID} {
		if err := k.SetHaloSecret(host, clientID, secret); err != nil {
			t.Fatal(err)
		}
		if got, err := k.HaloSecret(host, clientID); err != nil || got != secret {
			t.Fatalf("HaloSecret = %q, %v; want %q", got, err, secret)
		}
	}
	if err := k.SetHuntressSecret(apiKey, "huntress-"+clientID); err != nil {
		t.Fatal(err)
	}
	if err := k.DeleteHaloSecret(host, clientID); err != nil {
		t.Fatal(err)
	}
	if _, err := k.HaloSecret(host, clientID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: err = %v, want ErrNotFound", err)
	}
	if err := k.DeleteHaloSecret(host, clientID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
	if got, err := k.HuntressSecret(apiKey); err != nil || got != "huntress-"+clientID {
		t.Errorf("the Huntress secret beside it: %q, %v", got, err)
	}
}

// requireSecretService skips the test when no usable Secret Service is
// reachable, or fails it when CI=true says one must be.
func requireSecretService(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skipf("the Secret Service is the Linux and BSD keyring; this is %s", runtime.GOOS)
	}
	why := secretServiceMissing()
	if why == "" {
		return
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatalf("CI=true, so this test must run, but %s\nRun it with: %s", why, secretServiceRecipe)
	}
	t.Skipf("%s\nRun it with: %s", why, secretServiceRecipe)
}

// secretServiceMissing says why the real keyring cannot be used here, or ""
// when it can.
func secretServiceMissing() string {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is empty)"
	}
	_, err := realKeyring().HaloSecret("halowiz-test.invalid", "probe")
	if err == nil || errors.Is(err, ErrNotFound) {
		return ""
	}
	return "there is no usable Secret Service: " + err.Error()
}
