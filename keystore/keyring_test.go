package keystore

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestMemoryKeyringKeepsTenantsSideBySide(t *testing.T) {
	k := NewMemoryKeyring()
	saves := []struct{ host, clientID, secret string }{
		{"acme.halopsa.com", "42", "acme-42"},
		{"acme.halopsa.com", "43", "acme-43"},
		{"globex.halopsa.com", "42", "globex-42"},
	}
	for _, s := range saves {
		if err := k.SetHaloSecret(s.host, s.clientID, s.secret); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range saves {
		got, err := k.HaloSecret(s.host, s.clientID)
		if err != nil || got != s.secret {
			t.Errorf("HaloSecret(%q, %q) = %q, %v; want %q", s.host, s.clientID, got, err, s.secret)
		}
	}
}

func TestHaloSecretHostIgnoresCaseAndSpace(t *testing.T) {
	k := NewMemoryKeyring()
	if err := k.SetHaloSecret("Acme.HaloPSA.com ", "42", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if got, err := k.HaloSecret("acme.halopsa.com", "42"); err != nil || got != "s3cret" {
		t.Errorf("HaloSecret = %q, %v; want the secret saved under the same host in other case", got, err)
	}
}

func TestSecretsRoundTripAndDelete(t *testing.T) {
	k := NewMemoryKeyring()
	if err := k.SetHuntressSecret("hk_1", "first"); err != nil {
		t.Fatal(err)
	}
	if err := k.SetHuntressSecret("hk_1", "second"); err != nil {
		t.Fatal(err)
	}
	if got, err := k.HuntressSecret("hk_1"); err != nil || got != "second" {
		t.Errorf("HuntressSecret = %q, %v; want the later secret", got, err)
	}
	if err := k.DeleteHuntressSecret("hk_1"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.HuntressSecret("hk_1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: err = %v, want ErrNotFound", err)
	}
	if err := k.DeleteHuntressSecret("hk_1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
}

func TestSecretsNeedANameAndAValue(t *testing.T) {
	k := NewMemoryKeyring()
	calls := map[string]error{
		"read without host":        func() error { _, err := k.HaloSecret("", "42"); return err }(),
		"save without client ID":   k.SetHaloSecret("acme.halopsa.com", "", "s3cret"),
		"delete without API key":   k.DeleteHuntressSecret(""),
		"save an empty secret":     k.SetHaloSecret("acme.halopsa.com", "42", ""),
		"save an empty API secret": k.SetHuntressSecret("hk_1", ""),
	}
	for name, err := range calls {
		var ke *Error
		if err == nil || errors.As(err, &ke) {
			t.Errorf("%s: err = %v, want a plain error (a caller's mistake, not the keyring's)", name, err)
		}
	}
}

func TestBlockedKeyringTimesOut(t *testing.T) {
	b := newBlockingBackend(t)
	k := testKeyring(b)
	k.timeout = shortTimeout
	calls := map[string]func() error{
		"read":   func() error { _, err := k.HaloSecret("acme.halopsa.com", "42"); return err },
		"save":   func() error { return k.SetHaloSecret("acme.halopsa.com", "42", "s3cret") },
		"delete": func() error { return k.DeleteHuntressSecret("hk_1") },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			err := call()
			if took := time.Since(start); took > shortTimeout+slack {
				t.Errorf("took %v, want about %v", took, shortTimeout)
			}
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			if !strings.Contains(err.Error(), "no answer within 50ms") {
				t.Errorf("message should say how long it waited: %v", err)
			}
		})
	}
	if n := b.calls.Load(); n != 3 {
		t.Errorf("backend called %d times, want 3", n)
	}
}

func TestNewKeyringWaitsThreeSeconds(t *testing.T) {
	if k := NewKeyring(); k.timeout != 3*time.Second {
		t.Errorf("timeout = %v, want 3s", k.timeout)
	}
}

func TestSizeGuardRejectsOversizedSecretsBeforeTheKeyring(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows", "freebsd"} {
		limit := maxSecretBytes(goos)
		tests := []struct {
			name   string
			secret string
			ok     bool
		}{
			{"at the limit", strings.Repeat("a", limit), true},
			{"one byte over", strings.Repeat("a", limit+1), false},
			{"multi-byte runes over in bytes", strings.Repeat("é", limit/2+1), false},
		}
		for _, tt := range tests {
			t.Run(goos+"/"+tt.name, func(t *testing.T) {
				store := newMemoryBackend()
				k := testKeyring(store)
				k.goos, k.maxSecret = goos, limit
				err := k.SetHaloSecret("acme.halopsa.com", "42", tt.secret)
				if tt.ok {
					if err != nil {
						t.Fatalf("err = %v, want the secret saved", err)
					}
					return
				}
				if !errors.Is(err, ErrTooBig) {
					t.Fatalf("err = %v, want ErrTooBig", err)
				}
				if len(store.secrets) != 0 {
					t.Error("an oversized secret reached the keyring")
				}
				if want := fmt.Sprintf("at most %d are kept on %s", limit, goos); !strings.Contains(err.Error(), want) {
					t.Errorf("message lacks %q: %v", want, err)
				}
			})
		}
	}
}

// The limits must hold for the platforms' own rules, with room to spare.
func TestSizeLimitsFitThePlatforms(t *testing.T) {
	// Windows: Credential Manager takes 2,560 bytes, and UTF-16 needs at
	// most twice the UTF-8 bytes.
	if got := 2 * maxSecretBytes("windows"); got > 2560 {
		t.Errorf("windows limit as UTF-16 = %d bytes, over Credential Manager's 2560", got)
	}
	// macOS: go-keyring sends one `security -i` line of at most 4,096 bytes,
	// with the secret base64-encoded behind a prefix.
	account := haloEntry(strings.Repeat("h", 253), strings.Repeat("c", 64)).account
	secret := base64.StdEncoding.EncodeToString(make([]byte, maxSecretBytes("darwin")))
	line := fmt.Sprintf("add-generic-password -U -s '%s' -a '%s' -w 'go-keyring-base64:%s'\n", Service, account, secret)
	if len(line) > 4096 {
		t.Errorf("darwin limit gives a %d-byte security command line, over 4096", len(line))
	}
}

func TestErrorsNeverContainTheSecret(t *testing.T) {
	const secret = "hunter2-very-secret-value"
	failures := map[string]backend{
		"locked":      failingBackend{errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")},
		"unavailable": failingBackend{errors.New(`exec: "dbus-launch": executable file not found in $PATH`)},
		"too big":     failingBackend{keyring.ErrSetDataTooBig},
		"echoes it":   failingBackend{errors.New("refused item with secret " + secret)},
		"timeout":     newBlockingBackend(t),
	}
	for name, b := range failures {
		t.Run(name, func(t *testing.T) {
			k := testKeyring(b)
			k.timeout = shortTimeout
			err := k.SetHaloSecret("acme.halopsa.com", "42", secret)
			if err == nil {
				t.Fatal("want an error")
			}
			for e := err; e != nil; e = errors.Unwrap(e) {
				if strings.Contains(e.Error(), secret) {
					t.Errorf("error text contains the secret: %v", e)
				}
			}
		})
	}
	t.Run("oversized", func(t *testing.T) {
		big := strings.Repeat(secret, 1000)
		err := NewMemoryKeyring().SetHaloSecret("acme.halopsa.com", "42", big)
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("err = %v; want an error without the secret", err)
		}
	})
}

// go-keyring's MockInit replaces its provider for the whole process and v0.2.8
// cannot undo it, while TestSecretServiceRoundTrip in this same binary needs
// the real one. So the tests that use the mock run again in a child process
// of their own, marked by this variable.
const goKeyringMockEnv = "HALOWIZ_TEST_GO_KEYRING_MOCK"

// inGoKeyringMock reports whether the calling test is the child, with the
// mock in place. In the parent it runs the child and fails if the child does.
func inGoKeyringMock(t *testing.T) bool {
	t.Helper()
	if os.Getenv(goKeyringMockEnv) == "1" {
		keyring.MockInit()
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), goKeyringMockEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
		t.Fatalf("%s with go-keyring's mock, in a child process: %v\n%s", t.Name(), err, out)
	}
	return false
}

func TestOSKeyringFilesSecretsUnderHalowiz(t *testing.T) {
	if !inGoKeyringMock(t) {
		return
	}
	k := NewKeyring()
	if err := k.SetHaloSecret("acme.halopsa.com", "42", "halo-s3cret"); err != nil {
		t.Fatal(err)
	}
	if err := k.SetHuntressSecret("hk_1", "huntress-s3cret"); err != nil {
		t.Fatal(err)
	}
	// Where the entries live is part of the outside: people find and remove
	// them by hand with these names.
	for account, want := range map[string]string{"halo/acme.halopsa.com/42": "halo-s3cret", "huntress/hk_1": "huntress-s3cret"} {
		if got, err := keyring.Get("halowiz", account); err != nil || got != want {
			t.Errorf("go-keyring Get(halowiz, %s) = %q, %v; want %q", account, got, err, want)
		}
	}
	if err := k.DeleteHaloSecret("acme.halopsa.com", "42"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.HaloSecret("acme.halopsa.com", "42"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: err = %v, want ErrNotFound", err)
	}
}

func TestOSKeyringClassifiesGoKeyringErrors(t *testing.T) {
	if !inGoKeyringMock(t) {
		return
	}
	keyring.MockInitWithError(errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"))
	if _, err := NewKeyring().HaloSecret("acme.halopsa.com", "42"); !errors.Is(err, ErrLocked) {
		t.Errorf("err = %v, want ErrLocked", err)
	}
	keyring.MockInitWithError(keyring.ErrSetDataTooBig)
	if err := NewKeyring().SetHuntressSecret("hk_1", "s3cret"); !errors.Is(err, ErrTooBig) {
		t.Errorf("err = %v, want ErrTooBig", err)
	}
}

func TestResolveSecretPrefersTheEnvironment(t *testing.T) {
	untouched := func() (string, error) {
		t.Error("the keyring was asked although the environment had the secret")
		return "", nil
	}
	if got, src, err := ResolveSecret("from-env", untouched); got != "from-env" || src != FromEnvironment || err != nil {
		t.Errorf("ResolveSecret = %q, %q, %v; want the environment's value", got, src, err)
	}
	k := NewMemoryKeyring()
	if err := k.SetHaloSecret("acme.halopsa.com", "42", "from-keyring"); err != nil {
		t.Fatal(err)
	}
	get := func() (string, error) { return k.HaloSecret("acme.halopsa.com", "42") }
	if got, src, err := ResolveSecret("", get); got != "from-keyring" || src != FromKeyring || err != nil {
		t.Errorf("ResolveSecret = %q, %q, %v; want the keyring's value", got, src, err)
	}
	missing := func() (string, error) { return k.HaloSecret("acme.halopsa.com", "43") }
	if _, _, err := ResolveSecret("", missing); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), HaloSecretEnv) {
		t.Errorf("err = %v, want ErrNotFound naming %s", err, HaloSecretEnv)
	}
}
