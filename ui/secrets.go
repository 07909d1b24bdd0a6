package ui

import (
	"crypto/sha256"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// secretStatus is where a secret stands with the keyring.
type secretStatus int

const (
	secretNone      secretStatus = iota // not verified yet, or none given
	secretSaving                        // verified; the keyring is being written
	secretSaved                         // verified and saved
	secretInKeyring                     // came from the keyring and was not changed
	secretFailed                        // verified, but the keyring refused it
)

// secretState is one secret's standing. saved fingerprints the host, key
// and secret last handed to the keyring, so the same secret is saved once.
type secretState struct {
	status secretStatus
	saved  [32]byte
	err    error
}

// secretKind says which secret a save is for.
type secretKind int

const (
	haloSecret secretKind = iota
	huntressSecret
)

// secretSave is one verified secret to hand to the keyring.
type secretSave struct {
	kind             secretKind
	host, id, secret string
	fingerprint      [32]byte
}

func haloKey(host, clientID, secret string) [32]byte {
	return sha256.Sum256([]byte("halo\x00" + host + "\x00" + clientID + "\x00" + secret))
}

func huntressKey(apiKey, secret string) [32]byte {
	return sha256.Sum256([]byte("huntress\x00" + apiKey + "\x00" + secret))
}

// verifiedSecrets lists the secrets the run of cfg has just proven and that
// the keyring does not hold yet, and marks them as being saved. The Halo
// secret is proven when the application step passed; the Huntress one when
// Huntress accepted it and its organizations were read.
func (s *setup) verifiedSecrets(cfg steps.Config) []secretSave {
	var out []secretSave
	if r, ok := s.results[steps.Application]; ok && cfg.Runs(steps.Application) && r.Proven() && cfg.ClientSecret != "" && s.facts.Host != "" {
		fp := haloKey(s.facts.Host, cfg.ClientID, cfg.ClientSecret)
		if fp != s.halo.saved {
			out = append(out, secretSave{kind: haloSecret, host: s.facts.Host, id: cfg.ClientID, secret: cfg.ClientSecret, fingerprint: fp})
			s.halo = secretState{status: secretSaving, saved: fp}
		}
	}
	if _, ok := s.results[steps.Mapping]; ok && cfg.Runs(steps.Mapping) && cfg.HuntressKey != "" && cfg.HuntressSecret != "" && s.facts.HuntressRead {
		fp := huntressKey(cfg.HuntressKey, cfg.HuntressSecret)
		if fp != s.huntress.saved {
			out = append(out, secretSave{kind: huntressSecret, id: cfg.HuntressKey, secret: cfg.HuntressSecret, fingerprint: fp})
			s.huntress = secretState{status: secretSaving, saved: fp}
		}
	}
	return out
}

// save hands the secret to the keyring.
func (v secretSave) save(store SecretStore) error {
	if store == nil {
		return errors.New("no keyring is available to this run")
	}
	if v.kind == haloSecret {
		return store.SetHaloSecret(v.host, v.id, v.secret)
	}
	return store.SetHuntressSecret(v.id, v.secret)
}

// saved records how a save ended, unless a newer secret has replaced it.
func (s *setup) saved(v secretSave, err error) {
	st := &s.halo
	if v.kind == huntressSecret {
		st = &s.huntress
	}
	if st.saved != v.fingerprint {
		return
	}
	st.status, st.err = secretSaved, nil
	if err != nil {
		st.status, st.err = secretFailed, err
	}
}

// keyringMsg says whether the keyring can keep secrets.
type keyringMsg struct{ err error }

// probeKeyring asks the keyring, in a command, whether it can keep secrets.
func (w *wizard) probeKeyring() tea.Cmd {
	probe := w.deps.KeyringProbe
	if probe == nil {
		return nil
	}
	return func() tea.Msg { return keyringMsg{err: probe()} }
}

// onKeyring says at once, when the keyring cannot keep secrets, what that
// means: each run needs the secret from the environment.
func (w *wizard) onKeyring(msg keyringMsg) {
	if msg.err == nil {
		return
	}
	w.setup.noKeyring = msg.err
	w.say("warn", "The keyring cannot keep secrets here ("+msg.err.Error()+"). halowiz never writes a secret to a file, so the client secret must come from "+haloSecretEnv+" (and the Huntress API secret from "+huntressSecretEnv+") in the environment each time you run halowiz or halowiz check.")
}

// The environment variables a secret comes from when the keyring cannot
// keep it (keystore's, named here as the wizard says them).
const (
	haloSecretEnv     = "HALO_CLIENT_SECRET"
	huntressSecretEnv = "HUNTRESS_API_SECRET"
)

// describe says, in one line, where a secret stands.
func (st secretState) describe(demo bool, given bool) string {
	where := "the keyring (service halowiz)"
	if demo {
		where = "the demo's keyring (in memory; gone when the demo ends)"
	}
	switch st.status {
	case secretSaving:
		return "being saved to " + where
	case secretSaved:
		return "saved in " + where
	case secretInKeyring:
		return "already in " + where
	case secretFailed:
		return fmt.Sprintf("not saved: %v", st.err)
	}
	if !given {
		return "none given"
	}
	return "not saved: it has not passed a check yet (halowiz saves a secret only once Halo or Huntress accepted it)"
}
