package steps

import (
	"fmt"
	"strings"
)

// Plural says n things with the right form of the noun: "1 retry", "3
// retries", "0 retries". Every count halowiz shows goes through it (or
// Count), so that no "(s)" is ever printed.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// PluralWord is the form of a word for n, without the number: "has" or
// "have", "report" or "reports".
func PluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is Plural that says "no warnings" for none.
func Count(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return Plural(n, one, many)
}

// JoinAnd lists items the way a sentence does: "a", "a and b", "a, b and
// c"; "" for none.
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
