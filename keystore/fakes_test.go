package keystore

import (
	"sync/atomic"
	"testing"
	"time"
)

// testKeyring wraps b like NewKeyring does, with Linux's next steps so that
// messages do not depend on where the tests run.
func testKeyring(b backend) *Keyring {
	k := newKeyring(b)
	k.goos = "linux"
	return k
}

// failingBackend answers every call with err, the way a broken keyring does.
type failingBackend struct{ err error }

func (f failingBackend) Get(string, string) (string, error) { return "", f.err }
func (f failingBackend) Set(string, string, string) error   { return f.err }
func (f failingBackend) Delete(string, string) error        { return f.err }

// blockingBackend never answers until the test ends, like a Secret Service
// waiting on an unlock prompt nobody can see.
type blockingBackend struct {
	release chan struct{}
	calls   atomic.Int32
}

func newBlockingBackend(t *testing.T) *blockingBackend {
	b := &blockingBackend{release: make(chan struct{})}
	t.Cleanup(func() { close(b.release) })
	return b
}

func (b *blockingBackend) wait() {
	b.calls.Add(1)
	<-b.release
}

func (b *blockingBackend) Get(string, string) (string, error) { b.wait(); return "", nil }
func (b *blockingBackend) Set(string, string, string) error   { b.wait(); return nil }
func (b *blockingBackend) Delete(string, string) error        { b.wait(); return nil }

// shortTimeout keeps the timeout tests fast; slack is how much later than
// the timeout a call may return on a loaded CI machine.
const (
	shortTimeout = 50 * time.Millisecond
	slack        = 5 * time.Second // room for a loaded machine; a blocked keyring never returns
)
