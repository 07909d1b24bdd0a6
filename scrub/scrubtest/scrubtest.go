// Package scrubtest is the hostile text of the test suites: the payloads a
// tenant that means harm puts into the names and error bodies it sends, and
// a detector that finds any of them (or any other control) that reached an
// output unneutralised.
//
// The detector is written apart from scrub on purpose: a test that used
// scrub to judge scrub's output would pass whatever scrub did.
package scrubtest

import (
	"fmt"
	"unicode/utf8"
)

// Payloads are the ways text can drive a terminal or a document instead of
// being shown: each would clear the screen, write the clipboard, query the
// terminal, change colours, overwrite what was printed or reorder it.
var Payloads = []string{
	"\x1b[2J\x1b[H",                          // CSI: clear the screen, cursor home
	"\x1b]52;c;aGFsb3dpeiB3YXMgaGVyZQ==\x07", // OSC 52: write the clipboard
	"\x1bP+q544e\x1b\\",                      // DCS: a terminal query (XTGETTCAP)
	"\u009b31m",                              // C1 CSI: colours, without an ESC
	"\rAll checks passed  ",                  // CR: overwrite the line shown
	"\u202egnp.exe",                          // bidi override: reverses what follows
}

// Name is name with payload number i (counted round the list) after it,
// so that every kind of name can carry another kind of payload.
func Name(name string, i int) string {
	return name + Payloads[((i%len(Payloads))+len(Payloads))%len(Payloads)]
}

// Hit is one character Raw found: what it is and its byte offset.
type Hit struct {
	At   int
	What string // "U+001B", or "byte 0x9b" for a bare C1 byte
}

func (h Hit) String() string { return fmt.Sprintf("%s at %d", h.What, h.At) }

// Raw lists, in order, every character in b that a terminal or a text
// renderer could act on instead of showing: C0 controls but newline and
// tab, DEL, C1 controls (as UTF-8 or as bare bytes), the Unicode bidi
// controls and the line and paragraph separators. Nothing found: nil.
//
// A carriage return is found too; outputs read from a terminal, where
// every newline arrives as CR LF, should drop those pairs first (TTYText).
func Raw(b []byte) []Hit {
	var found []Hit
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if b[i] >= 0x80 && b[i] <= 0x9f {
				found = append(found, Hit{i, fmt.Sprintf("byte 0x%02x", b[i])})
			}
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) ||
			(r >= 0x2066 && r <= 0x2069) || r == 0x2028 || r == 0x2029:
			found = append(found, Hit{i, fmt.Sprintf("%U", r)})
		}
		i += size
	}
	return found
}

// Describe says what Raw found and shows it in its context, quoted.
func Describe(b []byte, h Hit) string {
	from, to := max(h.At-40, 0), min(h.At+40, len(b))
	return fmt.Sprintf("%s: %q", h, b[from:to])
}

// TTYText is what a program wrote to a terminal, with the CR LF pairs the
// terminal's line discipline made of its newlines turned back into LF.
func TTYText(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			continue
		}
		out = append(out, b[i])
	}
	return out
}
