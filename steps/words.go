package steps

import "fmt"

// Plural says n things with the right form of the noun: "1 retry", "3
// retries", "0 retries". Every count halowiz shows goes through it (or
// Count), so that no "(s)" is ever printed.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pluralWord is the form of a noun for n, without the number.
func pluralWord(n int, one, many string) string {
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
