package capture

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const minimal = `{"format":"halowiz-capture","version":1,"captured_at":"2026-12-01T09:06:00Z","anonymized":false,
"run":{"host":"acme.halopsa.com","send_test_ticket":false},
"exchanges":[{"seq":1,"service":"halo","method":"GET","path":"/api/authinfo","response":{"status":200,"json":{"auth_url":"https://acme.halopsa.com/auth"}}}]}`

func TestParseReadsATranscript(t *testing.T) {
	tr, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Run.Host != "acme.halopsa.com" || len(tr.Exchanges) != 1 || tr.Exchanges[0].Response.Status != 200 {
		t.Errorf("parsed %+v", tr)
	}
}

func TestParseRefusesWhatIsNotATranscript(t *testing.T) {
	for _, c := range []struct{ name, data, why string }{
		{"empty", ``, "unexpected end"},
		{"not JSON", `hello`, "invalid character"},
		{"settings file", `{"version":1,"host":"acme.halopsa.com"}`, `"format"`},
		{"newer", strings.Replace(minimal, `"version":1`, `"version":9`, 1), "newer"},
		{"no version", strings.Replace(minimal, `"version":1`, `"version":0`, 1), "version"},
		{"unknown field", strings.Replace(minimal, `"anonymized":false`, `"anonymized":false,"client_secret":"x"`, 1), "unknown field"},
		{"trailing data", minimal + `{}`, "after"},
		{"no answer", strings.Replace(minimal, `,"response":{"status":200,"json":{"auth_url":"https://acme.halopsa.com/auth"}}`, ``, 1), "answer or a failure"},
		{"bad service", strings.Replace(minimal, `"service":"halo"`, `"service":"evil"`, 1), "service"},
		{"bad method", strings.Replace(minimal, `"method":"GET"`, `"method":"G T"`, 1), "method"},
		{"relative path", strings.Replace(minimal, `"path":"/api/authinfo"`, `"path":"api"`, 1), "path"},
		{"bad status", strings.Replace(minimal, `"status":200`, `"status":42`, 1), "status"},
		{"unknown header", strings.Replace(minimal, `"status":200`, `"status":200,"header":{"Set-Cookie":"x"}`, 1), "header"},
		{"unknown failure", strings.Replace(minimal, `"response":{"status":200,"json":{"auth_url":"https://acme.halopsa.com/auth"}}`, `"failure":{"kind":"gremlins","message":""}`, 1), "failure kind"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data))
			if !errors.Is(err, ErrNotCapture) || !strings.Contains(err.Error(), c.why) {
				t.Errorf("err = %v, want ErrNotCapture saying %q", err, c.why)
			}
		})
	}
}

func TestLoadNamesTheFileAndRefusesAHugeOne(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "capture.json")
	if err := os.WriteFile(path, []byte(`{"format":"other"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want it to name %s", err, path)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file loaded")
	}
	f, err := os.Create(filepath.Join(dir, "huge.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Load(f.Name()); err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("err = %v, want a refusal of its size", err)
	}
}

// FuzzParse: a transcript is untrusted input (it comes with a support
// request). Parsing never panics; what parses writes back to something that
// parses, and a replayer can be built from it and asked anything.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(`{"format":"halowiz-capture","version":1,"run":{},"exchanges":[{"seq":1,"service":"huntress","method":"GET","path":"/v1/x","query":"%zz","failure":{"kind":"dns","message":"m"}}]}`))
	f.Add([]byte(`{"format":"halowiz-capture","version":1,"run":{"steps":["nope"]},"exchanges":[{"seq":1,"service":"halo","method":"POST","path":"/","request":{"content_type":"application/x-www-form-urlencoded","text":"a=%"},"response":{"status":599,"truncated":true,"content_length":99,"text":"hw-1a2b3c4d"}}]}`))
	if seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json")); len(seeds) > 0 {
		if b, err := os.ReadFile(seeds[0]); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Parse(data)
		if err != nil {
			return
		}
		out, err := tr.Marshal()
		if err != nil {
			t.Fatalf("a parsed transcript does not encode: %v", err)
		}
		if _, err := Parse(out); err != nil {
			t.Fatalf("a parsed transcript, written back, does not parse: %v", err)
		}
		_, _ = tr.Run.Config()
		_, _ = tr.Run.StepsAsked()
		p := NewReplayer(tr)
		for _, e := range tr.Exchanges {
			if len(e.Method) > 0 && strings.HasPrefix(e.Path, "/") {
				// The answer, or an error: never a panic.
				req, err := newTestRequest(e)
				if err == nil {
					if resp, err := p.Transport(e.Service).RoundTrip(req); err == nil {
						resp.Body.Close()
					}
				}
			}
		}
		anonymize(tr)
	})
}
