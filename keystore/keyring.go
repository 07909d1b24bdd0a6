package keystore

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
)

// Service is the keyring service every halowiz secret is filed under.
const Service = "halowiz"

// The environment variables that supply a secret for one run instead of the
// keyring. The caller reads them; keystore names them in its next steps.
const (
	HaloSecretEnv     = "HALO_CLIENT_SECRET"
	HuntressSecretEnv = "HUNTRESS_API_SECRET"
)

// DefaultTimeout bounds every call to the OS keyring: long enough for a
// healthy keyring, short enough that a prompt nobody can see does not look
// like a hang.
const DefaultTimeout = 3 * time.Second

// Keyring reads and writes halowiz's secrets. Every call is bounded by a
// timeout and every failure is an *Error. A save or delete that timed out may
// still take effect later, if the keyring ever answers (say, once unlocked).
type Keyring struct {
	store     backend
	timeout   time.Duration
	maxSecret int    // bytes; checked before Set, because not every keyring checks
	goos      string // picks the next steps in error messages
}

// NewKeyring returns the operating system's keyring, each call bounded by
// DefaultTimeout.
func NewKeyring() *Keyring { return newKeyring(osBackend{}) }

// NewMemoryKeyring returns a keyring that lives in memory for the life of the
// process, for the demo and for tests: it never touches the OS keyring. It
// enforces the same size limit as the OS keyring would.
func NewMemoryKeyring() *Keyring { return newKeyring(newMemoryBackend()) }

func newKeyring(store backend) *Keyring {
	return &Keyring{
		store:     store,
		timeout:   DefaultTimeout,
		maxSecret: maxSecretBytes(runtime.GOOS),
		goos:      runtime.GOOS,
	}
}

// maxSecretBytes is the largest secret, in UTF-8 bytes, that halowiz stores
// on goos. Real Halo and Huntress secrets are far smaller; a bigger one is a
// bad paste.
func maxSecretBytes(goos string) int {
	switch goos {
	case "windows":
		// Credential Manager takes 2,560 bytes of password. Halved, so that it
		// fits even when counted as UTF-16, which never takes more than twice
		// the UTF-8 bytes.
		return 1280
	case "darwin":
		// `security -i` takes a 4,096-byte command line, which holds the
		// secret base64-encoded (a third larger), the service and the account.
		return 2048
	default:
		// Secret Service has no hard limit.
		return 4096
	}
}

// entry names one secret in the keyring.
type entry struct {
	account string // the keyring's account (user) field under Service
	label   string // how messages name it
	env     string // the environment variable that can supply it instead
	invalid error  // why it cannot be named, if it cannot
}

// haloEntry names the client secret of one Halo API application: one per
// host and client ID, so that several tenants live side by side.
func haloEntry(host, clientID string) entry {
	host = strings.ToLower(strings.TrimSpace(host)) // host names ignore case
	e := entry{
		account: "halo/" + host + "/" + clientID,
		label:   fmt.Sprintf("the Halo client secret for %s (client ID %s)", host, clientID),
		env:     HaloSecretEnv,
	}
	if host == "" || clientID == "" {
		e.invalid = errors.New("keystore: a Halo client secret is filed under its host and client ID; both are needed")
	}
	return e
}

// huntressEntry names the Huntress API secret that goes with apiKey.
func huntressEntry(apiKey string) entry {
	e := entry{
		account: "huntress/" + apiKey,
		label:   "the Huntress API secret for API key " + apiKey,
		env:     HuntressSecretEnv,
	}
	if apiKey == "" {
		e.invalid = errors.New("keystore: a Huntress API secret is filed under its API key, which is empty")
	}
	return e
}

// HaloSecret returns the saved client secret for the Halo API application
// with clientID on host.
func (k *Keyring) HaloSecret(host, clientID string) (string, error) {
	return k.get(haloEntry(host, clientID))
}

// SetHaloSecret saves the client secret for clientID on host, replacing any
// saved before.
func (k *Keyring) SetHaloSecret(host, clientID, secret string) error {
	return k.set(haloEntry(host, clientID), secret)
}

// DeleteHaloSecret removes the client secret for clientID on host. A secret
// that was not there gives an *Error of kind ErrNotFound.
func (k *Keyring) DeleteHaloSecret(host, clientID string) error {
	return k.delete(haloEntry(host, clientID))
}

// HuntressSecret returns the saved Huntress API secret for apiKey.
func (k *Keyring) HuntressSecret(apiKey string) (string, error) {
	return k.get(huntressEntry(apiKey))
}

// SetHuntressSecret saves the Huntress API secret for apiKey.
func (k *Keyring) SetHuntressSecret(apiKey, secret string) error {
	return k.set(huntressEntry(apiKey), secret)
}

// DeleteHuntressSecret removes the Huntress API secret for apiKey. A secret
// that was not there gives an *Error of kind ErrNotFound.
func (k *Keyring) DeleteHuntressSecret(apiKey string) error {
	return k.delete(huntressEntry(apiKey))
}

func (k *Keyring) get(e entry) (string, error) {
	if e.invalid != nil {
		return "", e.invalid
	}
	secret, err := bounded(k.timeout, func() (string, error) {
		return k.store.Get(Service, e.account)
	})
	if err != nil {
		return "", k.fail(opRead, e, err, "")
	}
	return secret, nil
}

func (k *Keyring) set(e entry, secret string) error {
	if e.invalid != nil {
		return e.invalid
	}
	if secret == "" {
		return fmt.Errorf("keystore: not saving %s: it is empty", e.label)
	}
	if n := len(secret); n > k.maxSecret {
		detail := fmt.Errorf("%d bytes; at most %d are kept on %s", n, k.maxSecret, k.goos)
		return k.newError(ErrTooBig, opSave, e, detail)
	}
	_, err := bounded(k.timeout, func() (struct{}, error) {
		return struct{}{}, k.store.Set(Service, e.account, secret)
	})
	if err != nil {
		return k.fail(opSave, e, err, secret)
	}
	return nil
}

func (k *Keyring) delete(e entry) error {
	if e.invalid != nil {
		return e.invalid
	}
	_, err := bounded(k.timeout, func() (struct{}, error) {
		return struct{}{}, k.store.Delete(Service, e.account)
	})
	if err != nil {
		return k.fail(opDelete, e, err, "")
	}
	return nil
}

// reachable asks the keyring for an entry that is never saved, to learn
// whether it answers at all: "not found" is an answer. The error names the
// kind of failure and what the keyring said.
func (k *Keyring) reachable() error {
	_, err := bounded(k.timeout, func() (string, error) {
		return k.store.Get(Service, "probe/reachable")
	})
	if err == nil {
		return nil
	}
	kind := classify(err)
	if kind == ErrNotFound {
		return nil
	}
	return fmt.Errorf("%w: %v", kind, err)
}

// fail classifies what the keyring said and takes the secret out of it.
func (k *Keyring) fail(op string, e entry, err error, secret string) error {
	return k.newError(classify(err), op, e, redact(err, secret))
}

func (k *Keyring) newError(kind error, op string, e entry, detail error) *Error {
	return &Error{Kind: kind, Op: op, Item: e.label, Next: nextStep(kind, op, e, k.goos), Err: detail}
}

// bounded runs call and waits at most timeout for it. A keyring call cannot be
// cancelled, so one that never answers is left behind in its goroutine; the
// buffered channel lets it finish and be collected if it ever does.
func bounded[T any](timeout time.Duration, call func() (T, error)) (T, error) {
	type result struct {
		value T
		err   error
	}
	done := make(chan result, 1)
	go func() {
		value, err := call()
		done <- result{value, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.value, r.err
	case <-timer.C:
		var zero T
		return zero, timeoutError{after: timeout}
	}
}
