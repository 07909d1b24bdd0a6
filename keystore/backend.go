package keystore

import (
	"sync"

	"github.com/zalando/go-keyring"
)

// backend is the keyring seen through go-keyring's three calls. It is the seam
// between the real OS keyring, the in-memory one the demo uses, and the
// failing ones the tests inject.
type backend interface {
	Get(service, account string) (string, error)
	Set(service, account, secret string) error
	Delete(service, account string) error
}

// osBackend is the operating system's keyring: Secret Service on Linux and
// BSD, the login keychain on macOS, Credential Manager on Windows.
type osBackend struct{}

func (osBackend) Get(service, account string) (string, error) {
	return keyring.Get(service, account)
}

func (osBackend) Set(service, account, secret string) error {
	return keyring.Set(service, account, secret)
}

func (osBackend) Delete(service, account string) error {
	return keyring.Delete(service, account)
}

// memoryBackend keeps secrets in a map for the life of the process. It answers
// a missing entry with go-keyring's own ErrNotFound, so errors are classified
// exactly as for the real keyring.
type memoryBackend struct {
	mu      sync.Mutex
	secrets map[string]string
}

func newMemoryBackend() *memoryBackend {
	return &memoryBackend{secrets: make(map[string]string)}
}

func memoryKey(service, account string) string { return service + "\x00" + account }

func (m *memoryBackend) Get(service, account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	secret, ok := m.secrets[memoryKey(service, account)]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return secret, nil
}

func (m *memoryBackend) Set(service, account, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secrets[memoryKey(service, account)] = secret
	return nil
}

func (m *memoryBackend) Delete(service, account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := memoryKey(service, account)
	if _, ok := m.secrets[key]; !ok {
		return keyring.ErrNotFound
	}
	delete(m.secrets, key)
	return nil
}
