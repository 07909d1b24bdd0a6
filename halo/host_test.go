package halo

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeHostAcceptsWhatPeoplePaste(t *testing.T) {
	tests := []struct {
		input   string
		want    string
		removed []string // HostNote.Removed of each change, in order
	}{
		{"acme.halopsa.com", "acme.halopsa.com", nil},
		{"https://acme.halopsa.com", "acme.halopsa.com", []string{"https://"}},
		{"http://acme.halopsa.com", "acme.halopsa.com", []string{"http://"}},
		{"https://acme.halopsa.com/api", "acme.halopsa.com", []string{"https://", "/api"}},
		{"https://acme.halopsa.com/api/", "acme.halopsa.com", []string{"https://", "/api/"}},
		{"acme.halopsa.com/api//", "acme.halopsa.com", []string{"/api//"}},
		{"https://acme.halopsa.com/auth", "acme.halopsa.com", []string{"https://", "/auth"}},
		{"acme.halopsa.com:443", "acme.halopsa.com", []string{":443"}},
		{"https://acme.halopsa.com:443/api", "acme.halopsa.com", []string{"https://", "/api", ":443"}},
		{"acme.halopsa.com:", "acme.halopsa.com", []string{":"}},
		{"  acme.halopsa.com\n", "acme.halopsa.com", []string{"  \n"}},
		{"\tacme.halopsa.com\r\n", "acme.halopsa.com", []string{"\t\r\n"}},
		{"ACME.HaloPSA.com", "acme.halopsa.com", []string{""}},
		{"HTTPS://ACME.HALOPSA.COM/API/", "acme.halopsa.com", []string{"HTTPS://", "/API/", ""}},
		{"https://acme.halopsa.com/tickets?id=5", "acme.halopsa.com", []string{"https://", "/tickets?id=5"}},
		{"acme.halopsa.com?x=1", "acme.halopsa.com", []string{"?x=1"}},
		{"acme.halopsa.com#top", "acme.halopsa.com", []string{"#top"}},
		{"//acme.halopsa.com/api", "acme.halopsa.com", []string{"//", "/api"}},
		{"acme.halopsa.com.", "acme.halopsa.com", []string{"."}},
		{"https://acme.halopsa.com.:443/", "acme.halopsa.com", []string{"https://", "/", ":443", "."}},
		{"eu-1.acme.halopsa.com", "eu-1.acme.halopsa.com", nil},
		{"xn--bcher-kva.halopsa.com", "xn--bcher-kva.halopsa.com", nil},
		{"https://acme.halopsa.com/redirect?to=https://evil.example", "acme.halopsa.com",
			[]string{"https://", "/redirect?to=https://evil.example"}},
		{"support.example.com", "support.example.com", nil},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			host, notes, err := NormalizeHost(tt.input)
			if err != nil {
				t.Fatalf("NormalizeHost(%q) error: %v", tt.input, err)
			}
			if host != tt.want {
				t.Errorf("host = %q, want %q", host, tt.want)
			}
			var removed []string
			for _, n := range notes {
				if n.Changed() {
					removed = append(removed, n.Removed)
				}
				if n.Text == "" {
					t.Errorf("note %+v has no sentence", n)
				}
			}
			if !slices.Equal(removed, tt.removed) {
				t.Errorf("removed = %q, want %q", removed, tt.removed)
			}
		})
	}
}

func TestNormalizeHostNotesSayWhatWasRemoved(t *testing.T) {
	_, notes, err := NormalizeHost("https://acme.halopsa.com/api")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, n := range notes {
		texts = append(texts, n.Text)
	}
	want := []string{`Removed "https://"`, `Removed "/api"`}
	if !slices.Equal(texts, want) {
		t.Errorf("texts = %q, want %q", texts, want)
	}
}

func TestNormalizeHostWarnsAboutCustomDomains(t *testing.T) {
	host, notes, err := NormalizeHost("https://support.example.com/api")
	if err != nil {
		t.Fatal(err)
	}
	last := notes[len(notes)-1]
	if last.Kind != NoteCustomDomain || last.Changed() {
		t.Fatalf("last note = %+v, want an unchanged NoteCustomDomain", last)
	}
	if !strings.Contains(last.Text, host) || !strings.Contains(last.Text, "Huntress supports only the base Halo domain") {
		t.Errorf("custom-domain note %q does not name the host and the Huntress rule", last.Text)
	}
}

func TestNormalizeHostRejectsWhatIsNoHostname(t *testing.T) {
	tests := []struct{ input, says string }{
		{"", "empty"},
		{" \n\t ", "empty"},
		{"acme halopsa.com", "space inside"},
		{"https://acme.halopsa.com/api key", "space inside"},
		{"https://user:pass@acme.halopsa.com", "user name or password"},
		{"admin@acme.halopsa.com", "user name or password"},
		{"ftp://acme.halopsa.com", "not a web address"},
		{"javascript://acme.halopsa.com", "not a web address"},
		{"acme.halopsa.com:8080", "port 8080"},
		{"https://acme.halopsa.com:0443", "port"},
		{"acme.halopsa.com:abc", "not followed by a port number"},
		{"192.168.1.10", "IP address"},
		{"https://10.0.0.1/api", "IP address"},
		{"10.0.0.1:443", "IP address"},
		{"[::1]:443", "IP address"},
		{"::1", "IP address"},
		{"1.2.3.999", "ends in a number"},
		{"acme.halopsa.123", "ends in a number"},
		{"acme", "not a full hostname"},
		{"https://localhost/api", "not a full hostname"},
		{"-acme.halopsa.com", "hyphen"},
		{"acme-.halopsa.com", "hyphen"},
		{"acme..halopsa.com", "empty part"},
		{"acme.halopsa.com..", "empty part"},
		{".acme.halopsa.com", "empty part"},
		{"a_b.halopsa.com", `'_'`},
		{"acme.halopsa.com\\api", `'\\'`},
		{"acme%2Ehalopsa.com", `'%'`},
		{"ácme.halopsa.com", "xn--"},
		{strings.Repeat("a", 64) + ".halopsa.com", "63 characters"},
		{strings.Repeat("abcdefghi.", 26) + "com", "253 characters"},
		{strings.Repeat("x", 5000), "far too long"},
		{"https://", "no hostname"},
		{"/api", "no hostname"},
		{":443", "no hostname"},
		{".", "no hostname"},
		{"halopsa.com", "Halo's own website"},
		{"https://www.halopsa.com/", "Halo's own website"},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			host, notes, err := NormalizeHost(tt.input)
			if err == nil {
				t.Fatalf("NormalizeHost(%q) = %q, want an error", tt.input, host)
			}
			if host != "" || notes != nil {
				t.Errorf("error came with host %q and notes %v", host, notes)
			}
			if !errors.Is(err, ErrInvalidHost) {
				t.Errorf("error %v does not match ErrInvalidHost", err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			if !strings.Contains(err.Error(), "paste the Resource Server hostname") {
				t.Errorf("error %q does not say what to paste instead", err)
			}
		})
	}
}

func TestNormalizeHostNeverRepeatsAPastedPassword(t *testing.T) {
	_, _, err := NormalizeHost("https://huntress:hunter2@acme.halopsa.com/api")
	if err == nil || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "huntress") {
		t.Fatalf("error = %v: want a refusal that does not repeat the credentials", err)
	}
}

func TestNormalizeHostIsIdempotent(t *testing.T) {
	for _, input := range []string{"HTTPS://Acme.HaloPSA.com:443/api/?x=1#y", " support.example.com. ", "acme.halopsa.com"} {
		first, _, err := NormalizeHost(input)
		if err != nil {
			t.Fatal(err)
		}
		again, notes, err := NormalizeHost(first)
		if err != nil || again != first {
			t.Fatalf("NormalizeHost(%q) = %q, %v; want %q", first, again, err, first)
		}
		for _, n := range notes {
			if n.Changed() {
				t.Errorf("NormalizeHost(%q) changed it again: %+v", first, n)
			}
		}
	}
}

func TestIsHaloHosted(t *testing.T) {
	tests := map[string]bool{
		"acme.halopsa.com":      true,
		"ACME.HaloPSA.com.":     true,
		"eu.acme.halopsa.com":   true,
		"halopsa.com":           false,
		".halopsa.com":          false,
		"acmehalopsa.com":       false,
		"acme.halopsa.com.evil": false,
		"support.example.com":   false,
		"":                      false,
	}
	for host, want := range tests {
		if got := IsHaloHosted(host); got != want {
			t.Errorf("IsHaloHosted(%q) = %v, want %v", host, got, want)
		}
	}
}

// FuzzNormalizeHost checks the promises that hold for every input: no
// panic, a valid lowercase hostname or an ErrInvalidHost error, and a
// result that normalizes to itself without changes.
func FuzzNormalizeHost(f *testing.F) {
	for _, s := range []string{
		"acme.halopsa.com", "https://acme.halopsa.com/api", " ACME.halopsa.com:443/auth/\n",
		"https://u:p@acme.halopsa.com", "[::1]:443", "acme..halopsa.com", "xn--bcher-kva.example.com.",
		"//acme.halopsa.com?x=https://y", "ftp://x.y", "a.b:", "\u00a0acme.halopsa.com\u00a0",
		"https://acme.halopsa.com#@evil.example", "https://evil.example\\@acme.halopsa.com", "acme.halopsa.com%2eevil.example",
		"acme\u3002halopsa.com", "https://acme.halopsa.com?@evil.example/", "acme.halopsa.com:443@evil.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		host, notes, err := NormalizeHost(input)
		if err != nil {
			if !errors.Is(err, ErrInvalidHost) || host != "" || notes != nil {
				t.Fatalf("NormalizeHost(%q) = %q, %v, %v", input, host, notes, err)
			}
			return
		}
		if checkHostname(host) != nil || host != strings.ToLower(host) || len(host) > 253 {
			t.Fatalf("NormalizeHost(%q) = %q, not a valid lowercase hostname", input, host)
		}
		again, notes2, err := NormalizeHost(host)
		if err != nil || again != host {
			t.Fatalf("NormalizeHost(%q) = %q, %v; not idempotent", host, again, err)
		}
		// The host is what the person typed, not one cleaning made up: it
		// stands in the input, and a browser or Go's URL parser given the
		// same input would contact it too.
		if !strings.Contains(strings.ToLower(input), host) {
			t.Fatalf("NormalizeHost(%q) = %q, which the input does not hold", input, host)
		}
		if want := urlHost(input); want != "" && want != host {
			t.Fatalf("NormalizeHost(%q) = %q, but the URL parser would contact %q", input, host, want)
		}
		for _, n := range notes2 {
			if n.Changed() {
				t.Fatalf("NormalizeHost(%q) changed its own result: %+v", host, n)
			}
		}
	})
}

// urlHost is the host Go's URL parser reads from input (with https://
// added when it has no scheme), lowercased and without a trailing dot; ""
// when it reads none.
func urlHost(input string) string {
	in := strings.TrimSpace(input)
	if !strings.Contains(in, "://") {
		in = "https://" + strings.TrimPrefix(in, "//")
	}
	u, err := url.Parse(in)
	if err != nil || u.User != nil {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

func BenchmarkNormalizeHost(b *testing.B) {
	inputs := []string{
		"acme.halopsa.com",
		"  HTTPS://Acme.HaloPSA.com:443/api/\n",
		"https://acme.halopsa.com/tickets?id=5",
		"https://user:pass@acme.halopsa.com",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _, _ = NormalizeHost(inputs[i%len(inputs)])
	}
}
