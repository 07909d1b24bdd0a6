package scrubtest_test

import (
	"testing"

	"halowiz/scrub"
	"halowiz/scrub/scrubtest"
)

func TestRawFindsEveryPayload(t *testing.T) {
	for i, p := range scrubtest.Payloads {
		if got := scrubtest.Raw([]byte(scrubtest.Name("Acme", i))); len(got) == 0 {
			t.Errorf("payload %q went unnoticed", p)
		}
	}
	for _, s := range []string{"\x9b31m", "del\x7f", "nul\x00", "\u2066isolate", "sep\u2029"} {
		if got := scrubtest.Raw([]byte(s)); len(got) == 0 {
			t.Errorf("%q went unnoticed", s)
		}
	}
}

func TestRawLetsPlainTextBe(t *testing.T) {
	for _, s := range []string{"Acme IT Services", "two\nlines\tand a tab", "Café Zürich ✓ — “quoted”", `\x1b[2J shown escaped`} {
		if got := scrubtest.Raw([]byte(s)); got != nil {
			t.Errorf("%q: found %v in plain text", s, got)
		}
	}
}

// Every payload, once through scrub, is shown rather than obeyed.
func TestScrubNeutralisesEveryPayload(t *testing.T) {
	for i := range scrubtest.Payloads {
		name := scrubtest.Name("Acme", i)
		for what, out := range map[string]string{"Text": scrub.Text(name), "Line": scrub.Line(name), "Markdown": scrub.Markdown(name), "CSVCell": scrub.CSVCell(name)} {
			if got := scrubtest.Raw([]byte(out)); got != nil {
				t.Errorf("%s(%q) = %q still holds %v", what, name, out, got)
			}
		}
	}
}

func TestTTYTextDropsOnlyLineEndings(t *testing.T) {
	got := string(scrubtest.TTYText([]byte("one\r\ntwo\rthree\r\n")))
	if want := "one\ntwo\rthree\n"; got != want {
		t.Errorf("TTYText = %q, want %q", got, want)
	}
}
