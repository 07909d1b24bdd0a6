package steps

import (
	"fmt"
	"time"
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

// roundSeconds shows a duration in whole seconds, or milliseconds below one.
func roundSeconds(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
