package scrub

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextShowsEveryControlAsAVisibleEscape(t *testing.T) {
	tests := []struct{ in, text, line string }{
		{"Acme Ltd", "Acme Ltd", "Acme Ltd"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab", `two\nlines\tand a tab`},
		{"\x1b[2J\x1b[Hcleared", `\x1b[2J\x1b[Hcleared`, `\x1b[2J\x1b[Hcleared`},
		{"\x1b]52;c;ZXZpbA==\x07clip", `\x1b]52;c;ZXZpbA==\x07clip`, `\x1b]52;c;ZXZpbA==\x07clip`},
		{"\x1bP+q\x1b\\dcs", `\x1bP+q\x1b\dcs`, `\x1bP+q\x1b\dcs`},
		{"real\rfake", `real\rfake`, `real\rfake`},
		{"del\x7f", `del\x7f`, `del\x7f`},
		{"c1 \u009b31m csi", `c1 \u009b31m csi`, `c1 \u009b31m csi`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`, `bidi \u202egnp.exe`},
		{"isolate \u2066x\u2069", `isolate \u2066x\u2069`, `isolate \u2066x\u2069`},
		{"bad \xff byte", `bad \xff byte`, `bad \xff byte`},
		{"bell\a nul\x00", `bell\x07 nul\x00`, `bell\x07 nul\x00`},
		{"Café Zürich ✓", "Café Zürich ✓", "Café Zürich ✓"},
		{"sep\u2028x", `sep\u2028x`, `sep\u2028x`},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

func TestMarkdownCannotMakeMarkupOrLinks(t *testing.T) {
	tests := map[string]string{
		"Acme Ltd":                          "Acme Ltd",
		"[click](https://evil.example/x)":   `\[click\](https\://evil.example/x)`,
		"see www.evil.example now":          `see www\.evil.example now`,
		"**bold** _em_ `code` <b>html</b>":  `\*\*bold\*\* \_em\_ \` + "`" + `code\` + "`" + ` \<b>html\</b>`,
		"# heading\n- item":                 `\# heading\\n- item`,
		"- list item":                       `\- list item`,
		"12. ordered":                       `12\. ordered`,
		"a|b table":                         `a\|b table`,
		"mail admin@evil.example":           `mail admin\@evil.example`,
		"&amp; entity":                      `\&amp; entity`,
		"\x1b[31mred":                       `\\x1b\[31mred`,
		"![img](x)":                         `!\[img\](x)`,
		"~~gone~~":                          `\~\~gone\~\~`,
		"Category is mandatory; Impact too": "Category is mandatory; Impact too",
		"API-only agent (scope all)":        "API-only agent (scope all)",
		"> quoted":                          `\> quoted`,
		"Configuration > Integrations":      "Configuration > Integrations",
	}
	for in, want := range tests {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestCodeFenceIsLongerThanAnyBacktickRun(t *testing.T) {
	for in, want := range map[string]string{"plain": "```", "a ``` b": "````", "`````": "``````"} {
		if got := CodeFence(in); got != want {
			t.Errorf("CodeFence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVCellCannotStartAFormula(t *testing.T) {
	for in, want := range map[string]string{
		"Acme":              "Acme",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-2+3":              "'-2+3",
		"@SUM(A1)":          "'@SUM(A1)",
		"line\nbreak":       `line\nbreak`,
		"\x1b[2Jwiped":      `\x1b[2Jwiped`,
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanTextIsNotCopied(t *testing.T) {
	s := strings.Repeat("Acme Ltd (Zürich) ", 20)
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Errorf("Text of clean text allocates %v times", n)
	}
}

// FuzzText proves, for any input, that what Text and its forms return holds
// no byte a terminal acts on, is valid UTF-8, and loses nothing printable.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Acme", "\x1b]52;c;AAAA\x07", "\u202e\u2066", "\xff\xfe", "a\r\nb", "\u009b2J", "[x](https://y)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, out := range map[string]string{"Text": Text(s), "Line": Line(s), "Markdown": Markdown(s), "CSVCell": CSVCell(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q is not UTF-8", name, s, out)
			}
			for _, r := range out {
				if unsafeRune(r) {
					t.Fatalf("%s(%q) = %q keeps %U", name, s, out, r)
				}
				if name != "Text" && (r == '\n' || r == '\t') {
					t.Fatalf("%s(%q) = %q keeps a line break or tab", name, s, out)
				}
			}
		}
		for _, r := range s {
			if r != utf8.RuneError && !unsafeRune(r) && r != '\n' && r != '\t' && !strings.ContainsRune(Line(s), r) {
				t.Fatalf("Line(%q) lost %q", s, r)
			}
		}
	})
}
