package orgmap

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// legalSuffixes are the company-form words dropped from the end of a name,
// written as Normalize writes them (folded, without full stops): "L.L.C."
// and "Inc." arrive here as "llc" and "inc". Two-word forms such as
// "Pty Ltd" and "Co., Ltd." are dropped one word at a time.
var legalSuffixes = map[string]bool{
	"inc": true, "incorporated": true,
	"llc": true, "pllc": true, "llp": true, "lp": true,
	"ltd": true, "limited": true, "plc": true, "pty": true, "pte": true,
	"corp": true, "corporation": true, "co": true, "company": true,
	"gmbh": true, "ag": true, "kg": true,
	"sa": true, "sas": true, "sarl": true, "srl": true, "spa": true,
	"bv": true, "nv": true, "ab": true, "oy": true,
}

// Normalize returns the key two names share when they differ only in case,
// accents, punctuation, spacing, "&" against "and", or a trailing legal
// suffix. Step by step: the name is cut into words (runs of letters,
// digits, full stops and apostrophes; "&" is the word "and"); each word is
// decomposed (NFKD), stripped of marks, full stops and apostrophes and case
// folded; trailing legal suffixes are dropped while another word remains;
// the words are joined by single spaces. Normalize(Normalize(s)) ==
// Normalize(s).
func Normalize(name string) string {
	return analyse(name).key
}

// analysis is a name cut the way Normalize cuts it, with the dropped suffix
// kept as written so that a reason can quote it.
type analysis struct {
	text      string // the name without outer spaces
	key       string // Normalize(text)
	suffixAt  int    // byte offset in text where the dropped suffix starts; len(text) if none
	suffixKey string // the dropped suffix, normalised ("pty ltd"), or ""
}

// word is one normalised word and where it starts in the text.
type word struct {
	norm  string
	start int
}

func analyse(name string) analysis {
	text := strings.TrimSpace(name)
	lower := lowerASCII(text) // one copy for the whole name; offsets stay those of text
	var buf [16]word
	words := buf[:0]
	for at := 0; at < len(lower); {
		start, end := nextWord(lower, at)
		if start == end {
			break
		}
		if w := normalizeWord(lower[start:end]); w != "" {
			words = append(words, word{norm: w, start: start})
		}
		at = end
	}
	keep := len(words)
	for keep > 1 && legalSuffixes[words[keep-1].norm] {
		keep--
	}
	a := analysis{text: text, key: join(words[:keep]), suffixAt: len(text)}
	if keep < len(words) {
		a.suffixAt = words[keep].start
		a.suffixKey = join(words[keep:])
	}
	return a
}

// suffix is the dropped suffix as the name writes it ("L.L.C.", "Pty Ltd").
func (a analysis) suffix() string { return a.text[a.suffixAt:] }

// core is the name before its dropped suffix, outer spaces trimmed.
func (a analysis) core() string { return strings.TrimSpace(a.text[:a.suffixAt]) }

func join(words []word) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0].norm
	}
	n := len(words) - 1
	for _, w := range words {
		n += len(w.norm)
	}
	var b strings.Builder
	b.Grow(n)
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.norm)
	}
	return b.String()
}

// nextWord returns the bounds of the first word at or after from, or
// start == end when none is left.
func nextWord(s string, from int) (start, end int) {
	start = from
	for start < len(s) {
		r, size := utf8.DecodeRuneInString(s[start:])
		if isAmpersand(r) {
			return start, start + size
		}
		if isWordRune(r) {
			break
		}
		start += size
	}
	end = start
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWordRune(r) {
			break
		}
		end += size
	}
	return start, end
}

// isWordRune: letters, numbers, combining marks, and the full stops and
// apostrophes that sit inside abbreviations and names ("L.L.C.", "O'Neil").
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '\''
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r) || r == '’'
}

func isAmpersand(r rune) bool { return r == '&' || r == '＆' || r == '﹠' }

// lowerASCII lower-cases an ASCII name in one copy, or returns s itself when
// it has nothing to lower or is not all ASCII (foldUnicode handles those).
func lowerASCII(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return s
		}
		upper = upper || 'A' <= s[i] && s[i] <= 'Z'
	}
	if !upper {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// normalizeWord folds one word; "&" becomes "and".
func normalizeWord(w string) string {
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && isAmpersand(r) {
		return "and"
	}
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return foldUnicode(w)
		}
	}
	return foldASCII(w)
}

// foldASCII lower-cases and drops full stops and apostrophes, returning w
// itself (no copy) when there is nothing to change.
func foldASCII(w string) string {
	clean := true
	for i := 0; i < len(w) && clean; i++ {
		c := w[i]
		clean = c != '.' && c != '\'' && (c < 'A' || c > 'Z')
	}
	if clean {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c == '.' || c == '\'':
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// foldUnicode decomposes, keeps letters and numbers and case-folds, until
// the word stops changing: folding can yield a character that decomposes,
// and the key must be stable under a second pass. Two rounds settle every
// word seen so far; the bound only guards against a surprise.
func foldUnicode(w string) string {
	for range 4 {
		next := foldOnce(w)
		if next == w {
			break
		}
		w = next
	}
	return w
}

func foldOnce(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFKD.String(w) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(r)
		}
	}
	return cases.Fold().String(b.String())
}
