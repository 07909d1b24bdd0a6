package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"halowiz/safefile"
	"halowiz/steps"
)

// StateFile is the name of the state file, kept in the directory of the
// saved settings.
const StateFile = "watch-state.json"

const stateVersion = 1

// State is what watch keeps between cycles: for each tenant (hostname and
// client ID), the last good value of everything Huntress relies on in
// Halo, and how every finding stood after the last cycle. It holds no
// secret and no text from Halo or Huntress but names and ids.
type State struct {
	Version int                     `json:"version"`
	Tenants map[string]*TenantState `json:"tenants"`
}

// TenantState is one tenant's part of the State.
type TenantState struct {
	LastCycle time.Time       `json:"last_cycle"`
	Baseline  Baseline        `json:"last_good"`
	Findings  map[string]Seen `json:"findings"`
	// Notified is how the findings stood when a notification last went
	// out, or when a cycle had nothing worth one: what the next
	// notification is diffed against, so that a change whose notification
	// failed is sent with the next one. nil in a state written before it
	// was kept: Findings stands in for it.
	Notified map[string]Seen `json:"notified"`
}

// notified is what the next notification is diffed against.
func (t TenantState) notified() map[string]Seen {
	if t.Notified == nil {
		return t.Findings
	}
	return t.Notified
}

// Seen is how one finding stood after a cycle.
type Seen struct {
	Severity steps.Severity `json:"severity"`
	// Keys name what the finding is about (incident report or platform
	// action ids), so that a new missing ticket is a change even when the
	// finding was already failing.
	Keys []string `json:"keys,omitempty"`
}

// tenantKey names a tenant in the State.
func tenantKey(host, clientID string) string { return host + " " + clientID }

// Tenant returns the state kept for a tenant, empty for a new one.
func (s *State) Tenant(host, clientID string) TenantState {
	if t := s.Tenants[tenantKey(host, clientID)]; t != nil {
		return *t
	}
	return TenantState{}
}

// SetTenant replaces the state kept for a tenant.
func (s *State) SetTenant(host, clientID string, t TenantState) {
	if s.Tenants == nil {
		s.Tenants = map[string]*TenantState{}
	}
	s.Tenants[tenantKey(host, clientID)] = &t
}

// LoadState reads the state file at path. A missing file is an empty
// state; one that cannot be read is an error, with an empty state the
// caller may start over from, but for one a newer halowiz wrote
// (ErrNewerState), which the caller must leave alone.
func LoadState(path string) (State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{Version: stateVersion}, nil
	}
	if err != nil {
		return State{Version: stateVersion}, fmt.Errorf("read the watch state: %w", err)
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return State{Version: stateVersion}, fmt.Errorf("the watch state %s is damaged (%v); it will be written anew", path, err)
	}
	if s.Version > stateVersion {
		return State{Version: stateVersion}, fmt.Errorf("%w: %s was written by a newer halowiz (state version %d, this one knows %d): update halowiz, or move the file away to start a new baseline",
			ErrNewerState, path, s.Version, stateVersion)
	}
	return s, nil
}

// ErrNewerState is wrapped by LoadState for a state file a newer halowiz
// wrote: it must not be overwritten with less than it holds.
var ErrNewerState = errors.New("the watch state is newer than this halowiz")

// SaveState writes the state to path through safefile: atomically, mode
// 0600, never through a link or over another user's file. The directory is
// the settings directory, created 0700 when it does not exist yet.
func SaveState(path string, s State) error {
	s.Version = stateVersion
	data, err := json.MarshalIndent(s, "", "  ")
	if err == nil {
		err = safefile.EnsureDir(filepath.Dir(path))
	}
	if err == nil {
		err = safefile.Write(path, append(data, '\n'))
	}
	if err != nil {
		return fmt.Errorf("save the watch state: %w", err)
	}
	return nil
}
