package huntress

import (
	"encoding/base64"
	"strings"
)

// redacted replaces a secret wherever it would otherwise be shown.
const redacted = "[redacted]"

// redactor removes the API secret, in every form it travels in, from text
// that is about to become an error or a debug line. Huntress or a proxy may
// echo a request back in an error page; the client must not pass it on.
type redactor struct {
	secrets []string
}

func newRedactor(key, secret string) redactor {
	if secret == "" {
		return redactor{}
	}
	token := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	return redactor{secrets: []string{
		token,                         // the Authorization header value
		strings.TrimRight(token, "="), // the same, unpadded
		secret,
	}}
}

func (r redactor) clean(s string) string {
	for _, secret := range r.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	return s
}
