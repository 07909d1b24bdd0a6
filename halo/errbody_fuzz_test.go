package halo

import (
	"halowiz/scrub"

	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReportBody feeds Halo's error decoder arbitrary bodies, as a broken
// proxy or a hostile host could send: it must never panic, never let the
// secret through, and keep what it reports within its bounds.
func FuzzReportBody(f *testing.F) {
	for _, seed := range []string{
		"Category is mandatory\nImpact is mandatory\nUrgency is mandatory\n",
		`"Category is mandatory\nImpact is mandatory\n"`,
		`{"error":"invalid_client","error_description":"bad ` + testSecret + `"}`,
		`{"ClassName":"System.Exception","Message":"Please select a valid Client/Site/User"}`,
		`{"resultCode":1,"errorMessage":"An Outcome must be entered for this Action"}`,
		`{"errors":{"[0].id":["The value is invalid."]}}`,
		`{"[0].tickettype_id":["required"]}`,
		"<html><head><title>Runtime Error</title></head><body>" + testSecret + "</body></html>",
		"<title>unclosed",
		`[1,2,{"message":null}]`,
		"\xef\xbb\xbf{}",
	} {
		f.Add("text/plain", []byte(seed))
		f.Add("application/json", []byte(seed))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		red := scrub.NewRedactor(testSecret)
		rep := reportBody(red, contentType, body)
		if len(rep.messages) > maxMessages {
			t.Fatalf("%d messages, want at most %d", len(rep.messages), maxMessages)
		}
		for _, m := range append(rep.messages, rep.excerpt) {
			if strings.Contains(m, testSecret) {
				t.Fatalf("the secret got through in %q", m)
			}
		}
		for _, m := range rep.messages {
			if utf8.RuneCountInString(m) > maxMessageLen+1 {
				t.Fatalf("message of %d runes", utf8.RuneCountInString(m))
			}
		}
		if len(rep.excerpt) > 4*maxExcerpt+16 {
			t.Fatalf("excerpt of %d bytes", len(rep.excerpt))
		}
	})
}
