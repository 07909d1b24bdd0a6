package huntress

import (
	"testing"
	"unicode/utf8"
)

// FuzzErrorMessage feeds the Huntress error decoder arbitrary bodies: it
// never panics and always returns one bounded line of valid text.
func FuzzErrorMessage(f *testing.F) {
	for _, seed := range []string{
		`{"status":401,"error":"Unauthorized","message":"Invalid API credentials"}`,
		`{"errors":["limit must be at most 500"]}`,
		`{"error":{"message":"nested"}}`,
		`{"detail":"Not found"}`,
		"<html><title>502 Bad Gateway</title></html>",
		"plain text\nwith lines",
		"\xff\xfe",
	} {
		f.Add("application/json", []byte(seed))
		f.Add("text/html", []byte(seed))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		m := errorMessage(contentType, body)
		if utf8.RuneCountInString(m) > maxMessage+1 {
			t.Fatalf("message of %d runes", utf8.RuneCountInString(m))
		}
	})
}
