package capture

import (
	"encoding/json"
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

// TestATranscriptHoldsNoRawControlCharacters: a name Halo sent with C1
// controls or a bidi override is written escaped, so that showing the file
// in a terminal obeys nothing, and read back as it was.
func TestATranscriptHoldsNoRawControlCharacters(t *testing.T) {
	name := "Contoso\u202e\u009b2J\x7f"
	answer, _ := json.Marshal(map[string]any{"clients": []map[string]any{{"id": 1, "name": name}}})
	tr := &Transcript{Format: Format, Version: Version, Run: Run{Host: "acme.halopsa.com"}, Exchanges: []Exchange{{
		Seq: 1, Service: Halo, Method: "GET", Path: "/api/Client",
		Response: &Response{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: Body{JSON: answer}},
	}}}
	data, err := tr.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(data), "\u202e\u009b\x7f") {
		t.Fatalf("the file carries raw controls:\n%s", data)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Clients []struct{ Name string } `json:"clients"`
	}
	if err := json.Unmarshal(back.Exchanges[0].Response.JSON, &got); err != nil || len(got.Clients) != 1 || got.Clients[0].Name != name {
		t.Errorf("read back %+v (%v), want the name as Halo sent it", got, err)
	}
}
