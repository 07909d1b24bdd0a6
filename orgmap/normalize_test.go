package orgmap

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		rule, in, want string
	}{
		{"case", "ACME It Services", "acme it services"},
		{"case, full folding", "STRASSE Straße", "strasse strasse"},
		{"case, Greek final sigma", "ΟΔΟΣ", "οδοσ"},
		{"case, Kelvin sign", "\u212Aelvin", "kelvin"},
		{"accents", "Société Générale", "societe generale"},
		{"accents, decomposed", "Socie\u0301te\u0301 Ge\u0301ne\u0301rale", "societe generale"},
		{"compatibility forms", "Ａｃｍｅ ﬁnance", "acme finance"},
		{"punctuation separates", "Hewlett-Packard/Enterprise", "hewlett packard enterprise"},
		{"full stops join", "A.B.C. Plumbing", "abc plumbing"},
		{"apostrophes join", "O'Neil’s Bakery", "oneils bakery"},
		{"whitespace collapses", "  Acme \t IT\u00a0 Services  ", "acme it services"},
		{"& is and", "Smith & Jones", "smith and jones"},
		{"& without spaces", "Smith&Jones", "smith and jones"},
		{"and stays and", "Smith and Jones", "smith and jones"},
		{"full-width &", "Smith＆Jones", "smith and jones"},
		{"suffix Inc", "Fabrikam Inc", "fabrikam"},
		{"suffix Inc.", "Fabrikam, Inc.", "fabrikam"},
		{"suffix Incorporated", "Fabrikam Incorporated", "fabrikam"},
		{"suffix LLC", "Initech LLC", "initech"},
		{"suffix L.L.C.", "Initech L.L.C.", "initech"},
		{"suffix Ltd", "Contoso Ltd", "contoso"},
		{"suffix Ltd.", "Contoso Ltd.", "contoso"},
		{"suffix Limited", "Contoso Limited", "contoso"},
		{"suffix Corp", "Umbrella Corp", "umbrella"},
		{"suffix Corporation", "Globex Corporation", "globex"},
		{"suffix Co", "Soylent Green Co", "soylent green"},
		{"suffix Company", "Soylent Green Company", "soylent green"},
		{"suffix GmbH", "Müller Bau GmbH", "muller bau"},
		{"suffix AG", "Siemens AG", "siemens"},
		{"suffix Pty", "Koala Pty", "koala"},
		{"suffix Pty Ltd", "Koala Pty Ltd", "koala"},
		{"suffix PLC", "Barclays PLC", "barclays"},
		{"suffix LLP", "Baker Street LLP", "baker street"},
		{"suffix SA", "Nestlé SA", "nestle"},
		{"suffix S.A.", "Nestlé S.A.", "nestle"},
		{"suffix SAS", "Dupont SAS", "dupont"},
		{"suffix BV", "Philips BV", "philips"},
		{"suffix B.V.", "Philips B.V.", "philips"},
		{"suffix NV", "Acme NV", "acme"},
		{"suffix Srl", "Rossi Srl", "rossi"},
		{"suffix Co., Ltd.", "Wing Hop Co., Ltd.", "wing hop"},
		{"suffix after a comma", "Acme, LLC", "acme"},
		{"suffix only mid-name stays", "Corp Solutions", "corp solutions"},
		{"a name that is only a suffix stays", "Company", "company"},
		{"suffixes only: the first stays", "Co Ltd", "co"},
		{"digits", "3M Company", "3m"},
		{"nothing but punctuation", "...!?", ""},
		{"empty", "", ""},
		{"invalid UTF-8 separates", "Acme\xffIT", "acme it"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeASCIIWordIsNotCopied(t *testing.T) {
	if allocs := testing.AllocsPerRun(100, func() { Normalize("northwind") }); allocs != 0 {
		t.Errorf("Normalize of a clean one-word name allocates %v times", allocs)
	}
}

func FuzzNormalize(f *testing.F) {
	// The seed corpus lives in testdata/fuzz/FuzzNormalize.
	f.Fuzz(func(t *testing.T, name string) {
		key := Normalize(name)
		if again := Normalize(key); again != key {
			t.Fatalf("not idempotent: Normalize(%q) = %q, then %q", name, key, again)
		}
		if !utf8.ValidString(key) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", name, key)
		}
		if strings.TrimSpace(key) != key || strings.Contains(key, "  ") {
			t.Fatalf("Normalize(%q) = %q has stray spaces", name, key)
		}
	})
}
