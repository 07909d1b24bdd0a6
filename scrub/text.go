package scrub

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text makes untrusted text safe to print on a terminal or in a document:
// every character that could move the cursor, change the screen, write the
// clipboard or reorder what is shown is replaced by a visible escape, and
// the rest is left as it was. Newlines and tabs are kept.
//
// Escaped are the C0 controls but newline and tab (carriage return
// included, so nothing can overwrite a line), DEL, the C1 controls (U+0080 to
// U+009F, which some terminals obey as ESC sequences), the Unicode bidi
// controls that reorder text (U+061C, U+200E, U+200F, U+202A to U+202E,
// U+2066 to U+2069), the line and paragraph separators, and bytes that are
// not UTF-8. An ESC sequence (CSI, OSC, DCS, ...) is thereby shown as text
// starting with \x1b and never runs.
func Text(s string) string { return escape(s, false) }

// Line is Text for a place that holds one line: a table cell, a progress
// line, a name in a sentence. Newlines and tabs are escaped too.
func Line(s string) string { return escape(s, true) }

func escape(s string, oneLine bool) string {
	if clean(s, oneLine) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && oneLine:
			b.WriteString(`\n`)
		case r == '\t' && oneLine:
			b.WriteString(`\t`)
		case unsafeRune(r):
			writeEscape(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clean reports whether s needs no escaping, the common case, so that
// clean text costs no allocation.
func clean(s string, oneLine bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return cleanUnicode(s[i:], oneLine)
		}
		if (c < 0x20 && (oneLine || (c != '\n' && c != '\t'))) || c == 0x7f {
			return false
		}
	}
	return true
}

func cleanUnicode(s string, oneLine bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) || (oneLine && (r == '\n' || r == '\t')) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// unsafeRune reports whether a terminal or a text renderer could act on r
// instead of showing it. Newline and tab are judged by the caller.
func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi marks, embeddings, overrides and isolates
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

// writeEscape writes r the way Go would quote it: \r, \x1b, \u202e.
func writeEscape(b *strings.Builder, r rune) {
	switch r {
	case '\r':
		b.WriteString(`\r`)
	case '\n':
		b.WriteString(`\n`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if r < 0x80 {
			fmt.Fprintf(b, `\x%02x`, r)
		} else {
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
}

// JSON makes encoded JSON safe to show on a terminal without changing what
// it means: every character Text would escape is written as a \u escape.
// encoding/json escapes the C0 controls but leaves DEL, the C1 controls and
// the bidi controls raw, and a terminal showing the document would obey
// them. Outside strings JSON is ASCII, so only string contents change, and
// a decoder reads them back as they were.
func JSON(b []byte) []byte {
	if clean(string(b), false) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != '\n' && r != '\t' && unsafeRune(r) && !(r == utf8.RuneError && size == 1) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// markdownPunct are the characters that start markup wherever they stand
// in CommonMark and GitHub's Markdown: emphasis, code, links and images
// (their parentheses are harmless once the brackets are escaped), HTML,
// tables, strike-through, entities and e-mail autolinks. Each is
// backslash-escaped, which every Markdown renderer shows as the character.
const markdownPunct = "\\`*_[]<|~&@"

// markdownLead are the characters that start a block (a heading, a list
// item, a quote, a setext underline) only at the start of a line.
const markdownLead = "#-+=>"

// Markdown makes untrusted text safe to put in a Markdown paragraph, list
// item or table cell: it is Line (so it cannot break out of its line), then
// every character that could start markup or a link is escaped, and web
// addresses are broken so that no renderer turns them into links.
func Markdown(s string) string {
	s = Line(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lead := strings.TrimLeft(s, " ")
	start := len(s) - len(lead)
	b.WriteString(s[:start])
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(markdownPunct, c) >= 0:
			b.WriteByte('\\')
		case i == start && strings.IndexByte(markdownLead, c) >= 0:
			b.WriteByte('\\')
		case (c == '.' || c == ')') && i > start && allDigits(s[start:i]):
			b.WriteByte('\\') // "1." or "1)" would start an ordered list
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteByte('\\') // https:// would become a link
		case c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteByte('\\') // so would www.example.com
		}
		b.WriteByte(c)
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// CodeFence is a fence of backticks longer than any run of backticks in s,
// so that s, put between two such fences, cannot close the code block.
func CodeFence(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// CSVCell makes untrusted text safe for one cell of a CSV file that a person
// opens in a spreadsheet: it is Line, and a cell that a spreadsheet would
// read as a formula (starting with =, +, -, @) gets a leading apostrophe.
func CSVCell(s string) string {
	s = Line(s)
	if s != "" && strings.IndexByte("=+-@", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
