package keystore

// Source says where a secret came from, for messages such as
// "client secret: from the environment".
type Source string

const (
	FromEnvironment Source = "environment"
	FromKeyring     Source = "keyring"
)

// ResolveSecret applies the contract's order for secrets: a non-empty value
// from the environment wins and the keyring is not touched at all (so a
// headless machine with the variable set never waits on D-Bus); otherwise the
// secret comes from fromKeyring, e.g.
//
//	secret, src, err := keystore.ResolveSecret(os.Getenv(keystore.HaloSecretEnv),
//		func() (string, error) { return kr.HaloSecret(host, clientID) })
func ResolveSecret(envValue string, fromKeyring func() (string, error)) (string, Source, error) {
	if envValue != "" {
		return envValue, FromEnvironment, nil
	}
	secret, err := fromKeyring()
	if err != nil {
		return "", "", err
	}
	return secret, FromKeyring, nil
}
