package scrub

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Redacted replaces every secret the Redactor finds.
const Redacted = "[redacted]"

// credentialPatterns find credentials by their shape, so that a secret the
// Redactor was never told about (a token echoed by a proxy, a form body
// quoted in an error page) is still removed.
var credentialPatterns = []struct {
	re   *regexp.Regexp
	repl string
}{
	// Authorization: Bearer xyz / "Authorization":"Basic xyz" / authorization=xyz
	{regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic)\s+)?[^\s"',;&]+`), "${1}" + Redacted},
	{regexp.MustCompile(`(?i)(bearer\s+)[a-z0-9\-._~+/]+=*`), "${1}" + Redacted},
	// client_secret=... in a form body or query string.
	{regexp.MustCompile(`(?i)((?:client_secret|access_token|refresh_token|id_token)=)[^&\s"'<]*`), "${1}" + Redacted},
	// "access_token": "..." in JSON, or "access_token": "... to the end of
	// a text cut short (a truncated answer, an excerpt) before its quote.
	{regexp.MustCompile(`(?i)("(?:client_secret|access_token|refresh_token|id_token)"\s*:\s*")(?:[^"\\]|\\.)*(?:(")|\\?\z)`), "${1}" + Redacted + "${2}"},
}

// Redactor removes known secrets and anything shaped like a credential from
// text bound for an error, a finding's evidence or the debug trace. It is
// safe for concurrent use; a nil *Redactor still applies the patterns.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string // longest first, so a secret holding another goes whole
}

// NewRedactor returns a Redactor that knows secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// AddBasicAuth teaches the Redactor an HTTP Basic credential pair: the
// secret itself and the header value that carries it, padded or not.
func (r *Redactor) AddBasicAuth(user, secret string) {
	if secret == "" {
		return
	}
	token := base64.StdEncoding.EncodeToString([]byte(user + ":" + secret))
	r.Add(secret, token, strings.TrimRight(token, "="))
}

// Add teaches the Redactor more secrets, together with the forms they take
// when echoed inside JSON or a URL-encoded form.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		for _, form := range secretForms(s) {
			if form != "" && !slices.Contains(r.secrets, form) {
				r.secrets = append(r.secrets, form)
			}
		}
	}
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
}

// longest is the length of the longest known secret form.
func (r *Redactor) longest() int {
	if r == nil {
		return 0
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.secrets) == 0 {
		return 0
	}
	return len(r.secrets[0])
}

// Redact returns s with every known secret and credential-shaped value
// replaced by Redacted.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		r.mu.RLock()
		for _, secret := range r.secrets {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
		r.mu.RUnlock()
	}
	for _, p := range credentialPatterns {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// ExcerptMargin is how far past an excerpt's end the text is redacted before
// it is cut, so that a secret straddling the cut is removed whole rather
// than left half visible. A caller that keeps only the start of a stream
// keeps this much more than it shows.
const ExcerptMargin = 4 << 10

// Excerpt redacts the start of b and cuts it to at most n bytes, marking a
// cut with "…".
func (r *Redactor) Excerpt(b []byte, n int) string {
	cut := len(b) > n
	s := string(b)
	if len(b) > n+ExcerptMargin {
		// Only the tail of the shortened text can hold part of a secret,
		// which no replacement matches: drop a secret's length from it.
		s = r.Redact(string(b[:n+ExcerptMargin]))
		s = s[:max(0, len(s)-r.longest())]
	} else {
		s = r.Redact(s)
	}
	if len(s) > n {
		s, cut = s[:n], true
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	if cut {
		s += "…"
	}
	return s
}

// secretForms lists s as it appears raw, inside a JSON string (escaped the
// ways common encoders do), in HTML text and in a URL-encoded form or path.
func secretForms(s string) []string {
	if s == "" {
		return nil
	}
	escaped := html.EscapeString(s)
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s), escaped,
		strings.NewReplacer("&#34;", "&quot;", "&#39;", "&#x27;").Replace(escaped)}
	for _, escapeHTML := range []bool{true, false} {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		if enc.Encode(s) == nil {
			forms = append(forms, strings.Trim(strings.TrimSpace(b.String()), `"`))
		}
	}
	return append(forms, dotnetJSONEscape(s))
}

// dotnetJSONEscape writes s as .NET's System.Text.Json does by default,
// which escapes HTML-sensitive characters, '+', '`' and all non-ASCII.
func dotnetJSONEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r > 0x7e || strings.ContainsRune(`"&'+<>`+"`", r):
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04X`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
