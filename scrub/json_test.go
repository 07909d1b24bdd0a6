package scrub

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONEscapesWhatTheEncoderLeavesRawAndMeansTheSame(t *testing.T) {
	in := map[string]string{"name": "Acme\u009b31m \u202egnp.exe del\x7f \x1b[2J\rCR \u2066iso\u2069 Café ✓", "plain": "Contoso Ltd"}
	enc, err := json.MarshalIndent(in, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(enc)
	for _, raw := range []string{"\u009b", "\u202e", "\x7f", "\x1b", "\r", "\u2066"} {
		if strings.Contains(string(out), raw) {
			t.Errorf("JSON left %q raw in %s", raw, out)
		}
	}
	for _, esc := range []string{`\u009b`, `\u202e`, `\u007f`, `\u2066`, "Café ✓", "\n  \"plain\""} {
		if !strings.Contains(string(out), esc) {
			t.Errorf("JSON output lacks %q: %s", esc, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["name"] != in["name"] || back["plain"] != in["plain"] {
		t.Errorf("decodes to %q (%v), want %q", back, err, in)
	}
	if clean := []byte(`{"a": "Contoso Ltd"}`); &JSON(clean)[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{"Acme", "\u009b31m", "\u202e\x1b]52;c;x\x07", "\xff\xfe", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := json.Marshal(s)
		if err != nil {
			t.Skip()
		}
		var want, got string
		_ = json.Unmarshal(enc, &want)
		out := JSON(enc)
		if err := json.Unmarshal(out, &got); err != nil || got != want {
			t.Fatalf("JSON(%s) = %s decodes to %q (%v), want %q", enc, out, got, err, want)
		}
		if Text(string(out)) != string(out) {
			t.Fatalf("JSON(%s) = %q still holds a control", enc, out)
		}
	})
}
