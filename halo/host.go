package halo

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidHost is wrapped by every error NormalizeHost returns: the input
// cannot be turned into a Halo API hostname, and the message says why.
var ErrInvalidHost = errors.New("not a Halo API hostname")

// pasteAdvice ends every NormalizeHost error, so that the person reading it
// knows what to paste instead of only what was wrong.
const pasteAdvice = "paste the Resource Server hostname from Halo " +
	"(Configuration > Integrations > HaloPSA API), for example acme.halopsa.com"

// haloDomain is the base domain of tenants hosted by Halo, the only kind of
// name the Huntress integration accepts.
const haloDomain = "halopsa.com"

// maxHostInput bounds the work done on a pasted value; nothing longer can
// hold a hostname of at most 253 characters plus a sensible URL around it.
const maxHostInput = 4096

// HostNoteKind says what NormalizeHost removed, changed or noticed.
type HostNoteKind int

// The kinds of HostNote. All but NoteCustomDomain mean the input was changed.
const (
	NoteSpaces       HostNoteKind = iota + 1 // spaces or line breaks around the name were removed
	NoteScheme                               // "https://" or "http://" was removed
	NotePath                                 // a path, query or fragment ("/api", "/auth", "?id=5") was removed
	NotePort                                 // ":443" was removed
	NoteTrailingDot                          // the trailing "." of a fully qualified name was removed
	NoteCapitals                             // capital letters were lowered
	NoteCustomDomain                         // not a *.halopsa.com name; nothing was changed
)

// HostNote is one thing NormalizeHost removed or noticed, as data and as a
// sentence a person can read.
type HostNote struct {
	Kind    HostNoteKind
	Removed string // the exact text taken out of the input; empty when nothing was removed
	Text    string // a sentence such as `Removed "https://"`
}

// Changed reports whether the note records a change to the input, as
// opposed to a notice about a name that was kept as it is.
func (n HostNote) Changed() bool { return n.Kind != NoteCustomDomain }

// NormalizeHost turns what a person pasted (a bare name, the Resource Server
// or Authorisation Server URL, a portal URL) into the bare lowercase hostname
// Huntress wants, and says what it removed. It returns an error wrapping
// ErrInvalidHost when no hostname can honestly be taken from the input:
// credentials, another scheme, a port other than 443, an IP address or an
// invalid DNS name. A name outside halopsa.com is kept, with a
// NoteCustomDomain note, because Huntress supports only the base Halo domain.
//
// The result is idempotent: normalizing a returned host gives the same host
// and no note whose Changed is true.
func NormalizeHost(input string) (host string, notes []HostNote, err error) {
	if len(input) > maxHostInput {
		return "", nil, invalidHost("it is far too long to be a hostname")
	}
	s := strings.TrimSpace(input)
	if s != input {
		notes = append(notes, HostNote{Kind: NoteSpaces, Removed: removedSpace(input, s),
			Text: "Removed the spaces or line breaks around it"})
	}
	if s == "" {
		return "", nil, invalidHost("it is empty")
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", nil, invalidHost(fmt.Sprintf("it has a space inside (%s)", quoteCut(s)))
	}
	s, notes, err = stripURL(s, notes)
	if err != nil {
		return "", nil, err
	}
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		s = strings.TrimSuffix(s, ".")
		notes = append(notes, HostNote{Kind: NoteTrailingDot, Removed: ".", Text: `Removed the trailing "."`})
	}
	if s == "" {
		return "", nil, invalidHost("there is no hostname in it")
	}
	lower := asciiLower(s)
	if err := checkHostname(lower); err != nil {
		return "", nil, err
	}
	if lower != s {
		notes = append(notes, HostNote{Kind: NoteCapitals, Text: "Changed capital letters to lower case"})
	}
	if !IsHaloHosted(lower) {
		notes = append(notes, HostNote{Kind: NoteCustomDomain, Text: fmt.Sprintf(
			"%q is not a %s name: Huntress supports only the base Halo domain (yourcompany.%s), not a custom domain",
			lower, haloDomain, haloDomain)})
	}
	return lower, notes, nil
}

// IsHaloHosted reports whether host is a tenant name under halopsa.com, the
// base Halo domain the Huntress integration requires.
func IsHaloHosted(host string) bool {
	h := asciiLower(strings.TrimSuffix(host, "."))
	return strings.HasSuffix(h, "."+haloDomain) && len(h) > len(haloDomain)+1
}

// stripURL removes what surrounds the hostname in a URL: the scheme, the
// path with query and fragment, and the default port. It refuses what
// cannot be removed without guessing: credentials, other schemes and ports.
func stripURL(s string, notes []HostNote) (string, []HostNote, error) {
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		switch asciiLower(s[:i]) {
		case "https", "http":
			notes = append(notes, removal(NoteScheme, s[:i+3]))
			s = s[i+3:]
		default:
			return "", nil, invalidHost(fmt.Sprintf("it starts with %s, which is not a web address", quoteCut(s[:i+3])))
		}
	} else if strings.HasPrefix(s, "//") {
		notes = append(notes, removal(NoteScheme, "//"))
		s = s[2:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		notes = append(notes, removal(NotePath, s[i:]))
		s = s[:i]
	}
	if s == "" {
		return "", nil, invalidHost("there is no hostname in it")
	}
	if strings.Contains(s, "@") {
		// The part before "@" may be a password: it is never repeated.
		return "", nil, invalidHost(`it carries a user name or password before "@"; never put credentials in the hostname`)
	}
	return stripPort(s, notes)
}

// stripPort removes ":443" and refuses any other port: Halo's API and the
// Huntress integration use the standard HTTPS port only.
func stripPort(s string, notes []HostNote) (string, []HostNote, error) {
	if isIPAddress(s) {
		return "", nil, invalidHost(fmt.Sprintf("%s is an IP address, not a Halo hostname", quoteCut(s)))
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, notes, nil
	}
	name, port := s[:i], s[i+1:]
	switch {
	case isIPAddress(name):
		return "", nil, invalidHost(fmt.Sprintf("%s is an IP address, not a Halo hostname", quoteCut(name)))
	case name == "":
		return "", nil, invalidHost("there is no hostname in it")
	case strings.Contains(name, ":") || port != "" && !allDigits(port):
		return "", nil, invalidHost(fmt.Sprintf("it has a %q that is not followed by a port number (%s)", ":", quoteCut(s)))
	case port == "443" || port == "":
		return name, append(notes, removal(NotePort, s[i:])), nil
	default:
		return "", nil, invalidHost(fmt.Sprintf("it names port %.10s; Halo's API answers on the standard HTTPS port (443) only", port))
	}
}

// checkHostname accepts a lowercase DNS name of at least two labels, each of
// letters, digits and inner hyphens, as RFC 1123 allows for hostnames.
func checkHostname(h string) error {
	if !utf8.ValidString(h) || strings.IndexFunc(h, isNonASCII) >= 0 {
		return invalidHost(fmt.Sprintf("%s has letters a hostname cannot hold; write an international name in its xn-- form", quoteCut(h)))
	}
	if isIPAddress(h) {
		return invalidHost(fmt.Sprintf("%s is an IP address, not a Halo hostname", quoteCut(h)))
	}
	if len(h) > 253 {
		return invalidHost("it is longer than the 253 characters a hostname may have")
	}
	if !strings.Contains(h, ".") {
		return invalidHost(fmt.Sprintf("%s is not a full hostname", quoteCut(h)))
	}
	for l := range strings.SplitSeq(h, ".") {
		if err := checkLabel(l, h); err != nil {
			return err
		}
	}
	if allDigits(h[strings.LastIndexByte(h, '.')+1:]) {
		return invalidHost(fmt.Sprintf("%s ends in a number, which no hostname does", quoteCut(h)))
	}
	if h == haloDomain || h == "www."+haloDomain {
		return invalidHost(fmt.Sprintf("%s is Halo's own website, not your tenant", quoteCut(h)))
	}
	return nil
}

// checkLabel checks one dot-separated part of host h.
func checkLabel(l, h string) error {
	switch {
	case l == "":
		return invalidHost(fmt.Sprintf("%s has an empty part between dots", quoteCut(h)))
	case len(l) > 63:
		return invalidHost(fmt.Sprintf("the part %s is longer than the 63 characters a hostname part may have", quoteCut(l)))
	case l[0] == '-' || l[len(l)-1] == '-':
		return invalidHost(fmt.Sprintf("the part %s starts or ends with a hyphen", quoteCut(l)))
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return invalidHost(fmt.Sprintf("it contains %q, which a hostname cannot contain", r))
		}
	}
	return nil
}

func invalidHost(reason string) error {
	return fmt.Errorf("%w: %s; %s", ErrInvalidHost, reason, pasteAdvice)
}

func removal(kind HostNoteKind, removed string) HostNote {
	return HostNote{Kind: kind, Removed: removed, Text: "Removed " + quoteCut(removed)}
}

// removedSpace is the whitespace TrimSpace took from around kept.
func removedSpace(input, kept string) string {
	if kept == "" {
		return input
	}
	i := strings.Index(input, kept)
	return input[:i] + input[i+len(kept):]
}

// quoteCut quotes s for a message, shortened so a pasted page cannot flood it.
func quoteCut(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) <= limit {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q…", string(r[:limit]))
}

// isScheme reports whether s has the syntax of a URI scheme (RFC 3986 3.1).
func isScheme(s string) bool {
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return s != ""
}

func isIPAddress(s string) bool {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	_, err := netip.ParseAddr(s)
	return err == nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isNonASCII(r rune) bool { return r >= utf8.RuneSelf }

// asciiLower lowers only A-Z, so that no Unicode case mapping can turn an
// invalid name into a valid one.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}
