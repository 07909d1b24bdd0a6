package orgmap

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// explain says how a client's name differs from an organization's name with
// the same Normalize key: "differs in case", "differs in punctuation",
// "differs by the suffix LLC", or several of these joined.
func explain(org, client analysis) string {
	a, b := org.text, client.text
	var suffix string
	if org.suffixKey != client.suffixKey {
		suffix = suffixClause(org, client)
		a, b = org.core(), client.core()
	}
	var clauses []string
	if aspects := differences(a, b); len(aspects) > 0 {
		clauses = append(clauses, "in "+joinAnd(aspects))
	}
	if strings.Count(a, "&") != strings.Count(b, "&") {
		clauses = append(clauses, `by "&" against "and"`)
	}
	if suffix != "" {
		clauses = append(clauses, suffix)
	}
	switch {
	case len(clauses) == 0:
		return "" // the same name: not a near miss
	case len(clauses) > 1 && strings.Contains(clauses[0], " and "):
		return "differs " + strings.Join(clauses, ", and ")
	}
	return "differs " + strings.Join(clauses, " and ")
}

func suffixClause(org, client analysis) string {
	switch {
	case org.suffixKey == "":
		return "by the suffix " + client.suffix()
	case client.suffixKey == "":
		return "by the suffix " + org.suffix()
	}
	return fmt.Sprintf("in the suffix (%s versus %s)", org.suffix(), client.suffix())
}

// differences names what sets two spellings of one name apart. Each aspect
// is tested with everything else made equal, so that a name differing in
// case and spacing reports both.
func differences(a, b string) []string {
	if a == b {
		return nil
	}
	var out []string
	la, lb := letters(a), letters(b)
	bareA, bareB := stripMarks(la), stripMarks(lb)
	sameBare := fold(bareA) == fold(bareB)
	if sameBare && bareA != bareB {
		out = append(out, "case")
	}
	if sameBare && fold(compatible(la)) != fold(compatible(lb)) {
		out = append(out, "accents")
	}
	if punctuation(a) != punctuation(b) {
		out = append(out, "punctuation")
	}
	if spacing(a) != spacing(b) {
		out = append(out, "spacing")
	}
	if len(out) == 0 && letters(a) != letters(b) {
		out = append(out, "the form of some characters") // full-width letters, ligatures
	}
	return out
}

// letters keeps letters, numbers and marks, with "&" spelled "and".
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case isAmpersand(r):
			b.WriteString("and")
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// punctuation keeps what is neither a letter, a number, a mark, a space nor
// an ampersand.
func punctuation(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.M, r) && !unicode.IsSpace(r) && !isAmpersand(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// spacing keeps the spaces and marks each run of other characters with x,
// so that "Acme  IT" and "Acme IT" differ and "Fabrikam, Inc." and
// "Fabrikam Inc" do not.
func spacing(s string) string {
	var b strings.Builder
	inWord := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			b.WriteRune(r)
			inWord = false
		case !inWord:
			b.WriteByte('x')
			inWord = true
		}
	}
	return b.String()
}

func stripMarks(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if !unicode.Is(unicode.M, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return cases.Fold().String(s)
}

// compatible is s in NFKC: width forms and ligatures unified, accents kept.
func compatible(s string) string {
	if isASCII(s) {
		return s
	}
	return norm.NFKC.String(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// joinAnd writes a list the way a sentence does: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
