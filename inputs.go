package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"halowiz/keystore"
	"halowiz/steps"
	"halowiz/ui"
)

// valueFlags are the flags that name a value of the setup, shared by the
// wizard and `check`. Secrets are never among them.
type valueFlags struct {
	host, tenant, clientID       string
	ticketType, resolutionStatus string
	testClient, huntressKey      string
	timeout, rateLimitWait       time.Duration
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
	fs.DurationVar(&v.rateLimitWait, "rate-limit-wait", steps.DefaultRateLimitWait, "how long the whole run may wait, in all, for Halo's rate limit to let it through (Go duration)")
}

// noteSet records which flags were given, so that an empty flag can still
// override a saved value.
func (v *valueFlags) noteSet(fs *flag.FlagSet) {
	v.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { v.set[f.Name] = true })
}

// Environment variable names, from the CLI contract (the secrets' are
// keystore.HaloSecretEnv and keystore.HuntressSecretEnv).
const (
	envHost             = "HALO_HOST"
	envTenant           = "HALO_TENANT"
	envClientID         = "HALO_CLIENT_ID"
	envTicketType       = "HALO_TICKET_TYPE"
	envResolutionStatus = "HALO_RESOLUTION_STATUS"
	envTestClient       = "HALO_TEST_CLIENT"
	envHuntressKey      = "HUNTRESS_API_KEY"
)

// resolved is a Config with where its secrets came from.
type resolved struct {
	cfg          steps.Config
	secretSource keystore.Source
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
// then the saved setup; secrets from the environment, then the keyring) and
// says what is missing for the checks to run. needSecret is false when only
// the hostname step will run.
func resolveConfig(v valueFlags, getenv func(string) string, saved keystore.Settings, keys secretStore, needSecret bool) (resolved, error) {
	r := resolved{cfg: resolveValues(v, getenv, saved)}
	c := &r.cfg
	if c.Timeout <= 0 {
		return r, usageError("--timeout must be a positive duration such as 15s")
	}
	if v.set["rate-limit-wait"] && c.RateLimitWait <= 0 {
		return r, usageError("--rate-limit-wait must be a positive duration such as 60s")
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
	var err error
	r.secretSource, _, err = resolveSecrets(c, getenv, keys)
	if err != nil {
		return r, usageError("%v", err)
	}
	return r, nil
}

// resolveValues applies the contract's precedence to everything but the
// secrets: a flag given on the command line, then the environment, then the
// saved setup.
func resolveValues(v valueFlags, getenv func(string) string, saved keystore.Settings) steps.Config {
	pick := func(flagName, flagValue, envName, savedValue string) string {
		if v.set[flagName] {
			return strings.TrimSpace(flagValue)
		}
		if e := strings.TrimSpace(getenv(envName)); e != "" {
			return e
		}
		return savedValue
	}
	c := steps.Config{
		Host:             pick("host", v.host, envHost, saved.Host),
		Tenant:           pick("tenant", v.tenant, envTenant, saved.Tenant),
		ClientID:         pick("client-id", v.clientID, envClientID, saved.ClientID),
		TicketType:       pick("ticket-type", v.ticketType, envTicketType, saved.TicketType),
		ResolutionStatus: pick("resolution-status", v.resolutionStatus, envResolutionStatus, saved.ResolutionStatus),
		TestClient:       pick("test-client", v.testClient, envTestClient, saved.TestClient),
		HuntressKey:      pick("huntress-key", v.huntressKey, envHuntressKey, saved.HuntressKey),
		Timeout:          v.timeout,
		RateLimitWait:    v.rateLimitWait,
	}
	for _, m := range saved.Mapping {
		c.Mapping = append(c.Mapping, steps.SavedMapping(m))
	}
	return c
}

// settingsOf is what of cfg a later run starts from: resolveValues read
// backwards, and never a secret.
func settingsOf(cfg steps.Config) keystore.Settings {
	s := keystore.Settings{
		Host:             cfg.Host,
		Tenant:           cfg.Tenant,
		ClientID:         cfg.ClientID,
		TicketType:       cfg.TicketType,
		ResolutionStatus: cfg.ResolutionStatus,
		TestClient:       cfg.TestClient,
		HuntressKey:      cfg.HuntressKey,
	}
	for _, m := range cfg.Mapping {
		s.Mapping = append(s.Mapping, keystore.OrgMapping(m))
	}
	return s
}

// keptSettings is what the wizard keeps as the settings file holds it: its
// values as settingsOf, and the marks of a walk not finished.
func keptSettings(kept ui.SavedSetup) keystore.Settings {
	s := settingsOf(kept.Config)
	s.Unverified, s.ResumeAt = kept.Unverified, string(kept.ResumeAt)
	return s
}

// resumeOf is the unfinished walk a saved setup holds, for the wizard to
// offer to take up.
func resumeOf(s keystore.Settings) *ui.Resume {
	return &ui.Resume{At: steps.ID(s.ResumeAt), Unverified: s.Unverified}
}

// resolveSecrets fills in the client secret (and the Huntress secret, when
// there is a Huntress key) from the environment, else the keyring.
func resolveSecrets(c *steps.Config, getenv func(string) string, keys secretStore) (halo, huntress keystore.Source, err error) {
	host := steps.CleanHost(c.Host)
	c.ClientSecret, halo, err = keystore.ResolveSecret(getenv(keystore.HaloSecretEnv), func() (string, error) { return keys.HaloSecret(host, c.ClientID) })
	if errors.Is(err, keystore.ErrNotFound) {
		return "", "", fmt.Errorf("no client secret for %s (client ID %s): set %s, or run halowiz to save it in the keyring: %w", host, c.ClientID, keystore.HaloSecretEnv, err)
	}
	if err != nil || c.HuntressKey == "" {
		return halo, "", err
	}
	c.HuntressSecret, huntress, err = keystore.ResolveSecret(getenv(keystore.HuntressSecretEnv), func() (string, error) { return keys.HuntressSecret(c.HuntressKey) })
	if errors.Is(err, keystore.ErrNotFound) {
		return halo, "", fmt.Errorf("no Huntress API secret for key %s: set %s, or leave out the Huntress key: %w", c.HuntressKey, keystore.HuntressSecretEnv, err)
	}
	return halo, huntress, err
}
