package orgmap

import "fmt"

// Kind is how an organization relates to the Halo clients.
type Kind uint8

const (
	// None: no active Halo client has this name or a near one.
	None Kind = iota
	// Exact: one active client has the identical name; Huntress's automatic
	// mapping pairs them.
	Exact
	// NearMiss: one active client has the same name apart from case,
	// accents, punctuation, spacing, "&"/"and" or a legal suffix; Huntress
	// will not pair them until one is renamed.
	NearMiss
	// Ambiguous: several active clients have the identical name, or several
	// are near misses; Huntress cannot tell which one is meant.
	Ambiguous
	// Inactive: only inactive clients have this name or a near one; Huntress
	// does not see inactive clients.
	Inactive
	// Saved: a saved mapping pairs the organization with an active client.
	Saved
	// SavedMissing: a saved mapping names a client that no longer exists or
	// is inactive (the check's mapping.client-missing).
	SavedMissing
)

var kindNames = [...]string{
	None:         "none",
	Exact:        "exact",
	NearMiss:     "near-miss",
	Ambiguous:    "ambiguous",
	Inactive:     "inactive",
	Saved:        "saved",
	SavedMissing: "saved-client-missing",
}

// String returns the kind's name as the CSV and JSON write it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("orgmap: unknown kind %d", k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, name := range kindNames {
		if name == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("orgmap: unknown kind %q", b)
}
