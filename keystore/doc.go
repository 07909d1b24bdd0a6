// Package keystore keeps what halowiz remembers between runs: the Halo client
// secret and the Huntress API secret in the operating system's keyring
// (service "halowiz", one entry per tenant and per API key), and the rest of
// the setup in a versioned JSON file under the user's config directory.
//
// It must never write a secret to disk in plain text, and never fall back to a
// file when no keyring is available: the caller supplies the secret from the
// environment instead (HALO_CLIENT_SECRET, HUNTRESS_API_SECRET). It must never
// hang: every keyring call is bounded, and every keyring failure is an *Error
// whose message names the next step and never contains the secret. It never
// silently replaces a settings file it cannot read.
package keystore
