package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"halowiz/halo"
	"halowiz/keystore"
	"halowiz/steps"
)

// valueFlags are the flags that name a value of the setup, shared by the
// wizard and `check`. Secrets are never among them.
type valueFlags struct {
	host, tenant, clientID       string
	ticketType, resolutionStatus string
	testClient, huntressKey      string
	timeout                      time.Duration
	set                          map[string]bool // flags given on the command line
}

func (v *valueFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&v.host, "host", "", "Halo API hostname, as pasted (`HOST`; env HALO_HOST)")
	fs.StringVar(&v.tenant, "tenant", "", "tenant of a hosted Halo (env HALO_TENANT)")
	fs.StringVar(&v.clientID, "client-id", "", "client ID of the Halo API application (env HALO_CLIENT_ID)")
	fs.StringVar(&v.ticketType, "ticket-type", "", "default ticket type, id or exact name (env HALO_TICKET_TYPE)")
	fs.StringVar(&v.resolutionStatus, "resolution-status", "", "status after resolution, id or exact name (env HALO_RESOLUTION_STATUS)")
	fs.StringVar(&v.testClient, "test-client", "", "Halo client for the test ticket, id or exact name (env HALO_TEST_CLIENT)")
	fs.StringVar(&v.huntressKey, "huntress-key", "", "Huntress API key, to preview the organization mapping (env HUNTRESS_API_KEY)")
	fs.DurationVar(&v.timeout, "timeout", steps.DefaultTimeout, "deadline for each request to Halo or Huntress (Go duration)")
}

// noteSet records which flags were given, so that an empty flag can still
// override a saved value.
func (v *valueFlags) noteSet(fs *flag.FlagSet) {
	v.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { v.set[f.Name] = true })
}

// Environment variable names, from the CLI contract.
const (
	envHost             = "HALO_HOST"
	envTenant           = "HALO_TENANT"
	envClientID         = "HALO_CLIENT_ID"
	envClientSecret     = "HALO_CLIENT_SECRET"
	envTicketType       = "HALO_TICKET_TYPE"
	envResolutionStatus = "HALO_RESOLUTION_STATUS"
	envTestClient       = "HALO_TEST_CLIENT"
	envHuntressKey      = "HUNTRESS_API_KEY"
	envHuntressSecret   = "HUNTRESS_API_SECRET"
)

// resolved is a Config with where its secrets came from.
type resolved struct {
	cfg            steps.Config
	secretSource   keystore.Source
	huntressSource keystore.Source
	settings       keystore.Settings
	hasSettings    bool
}

// secretStore is the part of the keyring the inputs need.
type secretStore interface {
	HaloSecret(host, clientID string) (string, error)
	HuntressSecret(apiKey string) (string, error)
}

// errUsage marks input problems that make the checks impossible to run (exit 2).
var errUsage = errors.New("usage")

func usageError(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

// resolveConfig applies the contract's precedence (flag, then environment,
// then the saved setup; secrets from the environment, then the keyring).
// needSecret is false when only the hostname step will run.
func resolveConfig(v valueFlags, getenv func(string) string, saved keystore.Settings, hasSaved bool, keys secretStore, needSecret bool) (resolved, error) {
	pick := func(flagName, flagValue, envName, savedValue string) string {
		if v.set[flagName] {
			return strings.TrimSpace(flagValue)
		}
		if e := strings.TrimSpace(getenv(envName)); e != "" {
			return e
		}
		return savedValue
	}
	r := resolved{settings: saved, hasSettings: hasSaved}
	c := &r.cfg
	c.Host = pick("host", v.host, envHost, saved.Host)
	c.Tenant = pick("tenant", v.tenant, envTenant, saved.Tenant)
	c.ClientID = pick("client-id", v.clientID, envClientID, saved.ClientID)
	c.TicketType = pick("ticket-type", v.ticketType, envTicketType, saved.TicketType)
	c.ResolutionStatus = pick("resolution-status", v.resolutionStatus, envResolutionStatus, saved.ResolutionStatus)
	c.TestClient = pick("test-client", v.testClient, envTestClient, saved.TestClient)
	c.HuntressKey = pick("huntress-key", v.huntressKey, envHuntressKey, saved.HuntressKey)
	c.Timeout = v.timeout
	for _, m := range saved.Mapping {
		c.Mapping = append(c.Mapping, steps.SavedMapping{OrgID: m.OrgID, OrgName: m.OrgName, ClientID: m.ClientID, ClientName: m.ClientName})
	}
	if c.Timeout <= 0 {
		return r, usageError("--timeout must be a positive duration such as 15s")
	}
	if strings.TrimSpace(c.Host) == "" {
		return r, usageError("no Halo hostname: give --host or set HALO_HOST (or run halowiz to set up)")
	}
	if !needSecret {
		return r, nil
	}
	if c.ClientID == "" {
		return r, usageError("no client ID: give --client-id or set HALO_CLIENT_ID (or run halowiz to set up)")
	}
	host := keyringHost(c.Host)
	secret, src, err := keystore.ResolveSecret(getenv(envClientSecret), func() (string, error) { return keys.HaloSecret(host, c.ClientID) })
	if err != nil {
		if errors.Is(err, keystore.ErrNotFound) {
			return r, usageError("no client secret for %s (client ID %s): set HALO_CLIENT_SECRET, or run halowiz to save it in the keyring", host, c.ClientID)
		}
		return r, usageError("%v", err)
	}
	c.ClientSecret, r.secretSource = secret, src
	if c.HuntressKey != "" {
		hs, hsrc, err := keystore.ResolveSecret(getenv(envHuntressSecret), func() (string, error) { return keys.HuntressSecret(c.HuntressKey) })
		if err != nil {
			if errors.Is(err, keystore.ErrNotFound) {
				return r, usageError("no Huntress API secret for key %s: set HUNTRESS_API_SECRET, or leave out the Huntress key", c.HuntressKey)
			}
			return r, usageError("%v", err)
		}
		c.HuntressSecret, r.huntressSource = hs, hsrc
	}
	return r, nil
}

// keyringHost is the hostname a secret is filed under: the cleaned one, so
// that "https://Acme.halopsa.com/api" and "acme.halopsa.com" find the same.
func keyringHost(input string) string {
	if h, _, err := halo.NormalizeHost(input); err == nil {
		return h
	}
	return strings.TrimSpace(input)
}
