package steps

import (
	"fmt"
	"time"
)

// plural says n things with the right form: "1 retry", "3 retries".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// roundSeconds shows a duration in whole seconds, or milliseconds below one.
func roundSeconds(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
