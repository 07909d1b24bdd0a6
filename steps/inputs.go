package steps

import (
	"strings"

	"halowiz/halo"
)

// What a front end needs to take inputs the way the checks will take them,
// without reaching into the Halo client: the hostname cleaned as the
// hostname step cleans it, and the types the facts are made of.

// Customer is a Halo client, as Facts lists them.
type Customer = halo.Customer

// HostPreview is what the hostname step will make of a hostname as typed:
// the bare hostname, what cleaning it removed or noticed, or why it is not
// a hostname at all.
type HostPreview struct {
	Host  string
	Notes []HostNote
	Err   error
}

// HostNote is one thing cleaning did or noticed. Changed is false for a
// notice about a name kept as it is (a custom domain), on which the
// hostname step fails.
type HostNote struct {
	Text    string
	Changed bool
}

// PreviewHost cleans a hostname as typed, as the hostname step will.
func PreviewHost(input string) HostPreview {
	host, notes, err := halo.NormalizeHost(input)
	p := HostPreview{Host: host, Err: err}
	for _, n := range notes {
		p.Notes = append(p.Notes, HostNote{Text: n.Text, Changed: n.Changed()})
	}
	return p
}

// CleanHost is the cleaned hostname, or the input without surrounding
// spaces when it cannot be cleaned. Secrets are filed in the keyring under
// it, so that "https://Acme.halopsa.com/api" and "acme.halopsa.com" find the
// same one.
func CleanHost(input string) string {
	if h, _, err := halo.NormalizeHost(input); err == nil {
		return h
	}
	return strings.TrimSpace(input)
}
