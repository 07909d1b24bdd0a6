package scrub

import (
	"strings"
	"testing"
)

func TestRedactorRemovesSecretsInEveryFormTheyAreEchoed(t *testing.T) {
	const secret = `p@ss/wo+rd="x"&<y>`
	r := NewRedactor(secret)
	for _, text := range []string{
		"raw " + secret,
		`json {"echo":"p@ss/wo+rd=\"x\"&<y>"}`,
		`json {"echo":"p@ss/wo+rd=\"x\"\u0026\u003cy\u003e"}`,
		`json {"echo":"p@ss/wo\u002Brd=\u0022x\u0022\u0026\u003Cy\u003E"}`,
		"form client_id=abc&secret=p%40ss%2Fwo%2Brd%3D%22x%22%26%3Cy%3E&scope=all",
		"path /p@ss%2Fwo+rd=%22x%22&%3Cy%3E",
	} {
		got := r.Redact(text)
		if strings.Contains(got, "wo+rd") || strings.Contains(got, "wo%2Brd") || !strings.Contains(got, Redacted) {
			t.Errorf("Redact(%q) = %q", text, got)
		}
	}
}

func TestRedactorRemovesCredentialShapesItWasNeverTold(t *testing.T) {
	tests := map[string]string{
		"Authorization: Bearer eyJhbGciOi.abc-def_ghi":                "Authorization: " + Redacted,
		`{"Authorization":"Basic dXNlcjpwYXNz"}`:                      `{"Authorization":"` + Redacted + `"}`,
		"sent with bearer abc.DEF~123= to Halo":                       "sent with bearer " + Redacted + " to Halo",
		"grant_type=client_credentials&client_secret=hunter2&x=1":     "grant_type=client_credentials&client_secret=" + Redacted + "&x=1",
		"?access_token=abc&refresh_token=def":                         "?access_token=" + Redacted + "&refresh_token=" + Redacted,
		`{"access_token": "abc\"def", "token_type":"Bearer"}`:         `{"access_token": "` + Redacted + `", "token_type":"Bearer"}`,
		`{"refresh_token":"r","id_token":"i","client_secret":"c"}`:    `{"refresh_token":"` + Redacted + `","id_token":"` + Redacted + `","client_secret":"` + Redacted + `"}`,
		`{"token_type":"Bearer","access_token":"eyJhbGciOiJSUzI1NiIs`: `{"token_type":"Bearer","access_token":"` + Redacted,
		`{"refresh_token": "r-abc\`:                                   `{"refresh_token": "` + Redacted,
		`{"client_secret":"c","id_token":"eyJ`:                        `{"client_secret":"` + Redacted + `","id_token":"` + Redacted,
		"nothing secret: Category is mandatory":                       "nothing secret: Category is mandatory",
		"POST /api/Tickets: 400 Bad Request: Impact is mandatory":     "POST /api/Tickets: 400 Bad Request: Impact is mandatory",
		"the Client Secret field of the application is not visible":   "the Client Secret field of the application is not visible",
	}
	var nilRedactor *Redactor
	for in, want := range tests {
		if got := nilRedactor.Redact(in); got != want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestRedactorReplacesTheLongestSecretFirst(t *testing.T) {
	r := NewRedactor("abc", "abcdef")
	if got := r.Redact("x abcdef y"); got != "x "+Redacted+" y" {
		t.Errorf("Redact = %q", got)
	}
}

const testExcerpt = 1 << 10

func TestExcerptNeverLeavesPartOfASecretAtItsCut(t *testing.T) {
	secret := strings.Repeat("S", 40)
	r := NewRedactor(secret)
	for pad := 0; pad < 60; pad++ {
		body := []byte(strings.Repeat("x", testExcerpt+ExcerptMargin-pad) + secret + strings.Repeat("y", 100))
		got := r.Excerpt(body, testExcerpt)
		if strings.Contains(got, "SSS") {
			t.Fatalf("pad %d: excerpt holds part of the secret", pad)
		}
		if len(got) > testExcerpt+len("…") {
			t.Fatalf("pad %d: excerpt is %d bytes", pad, len(got))
		}
	}
	// A body whose secrets shrink on redaction must not pull a cut secret forward.
	many := strings.Repeat(secret+" ", 200) + secret
	if got := r.Excerpt([]byte(many), 100); strings.Contains(got, "SSS") {
		t.Errorf("excerpt holds part of a secret: %q", got)
	}
}

func TestExcerptCutsOnACharacterBoundary(t *testing.T) {
	got := (*Redactor)(nil).Excerpt([]byte(strings.Repeat("é", 10)), 5)
	if got != "éé…" {
		t.Errorf("Excerpt = %q, want %q", got, "éé…")
	}
}
