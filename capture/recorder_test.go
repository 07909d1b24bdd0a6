package capture

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"halowiz/scrub"
	"halowiz/steps"
)

// fakeHalo answers a token request, one record, an error echoing what it
// was sent, and a redirect.
func fakeHalo(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			_ = r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"tok-ABCDEFGH12345678","token_type":"Bearer","expires_in":3600,"refresh_token":"ref-12345678"}`)
		case "/api/Client/1":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Internal", "not kept")
			_, _ = io.WriteString(w, `{"id":1,"name":"Acme IT Services","email":"boss@acme-it.com"}`)
		case "/api/echo":
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, "you sent "+r.Header.Get("Authorization")+" and the secret sup3r-s3cret-value")
		case "/api/moved":
			w.Header().Set("Location", "https://elsewhere.example/login?access_token=tok-ABCDEFGH12345678")
			w.WriteHeader(http.StatusFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, hc *http.Client, u, auth string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRecorderKeepsWhatMattersOfEachExchange(t *testing.T) {
	srv := fakeHalo(t)
	rec := NewRecorder()
	hc := rec.Client(Halo, srv.Client())
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if body := readAll(t, get(t, hc, srv.URL+"/api/Client/1?b=2&a=1", "Bearer tok-ABCDEFGH12345678")); !strings.Contains(body, "Acme") {
		t.Fatalf("the client read %q through the recorder", body)
	}
	readAll(t, get(t, hc, srv.URL+"/api/moved", ""))
	tr := rec.Transcript(Options{})
	if len(tr.Exchanges) != 2 {
		t.Fatalf("%d exchanges, want 2", len(tr.Exchanges))
	}
	e := tr.Exchanges[0]
	if e.Seq != 1 || e.Service != Halo || e.Method != "GET" || e.Path != "/api/Client/1" || e.Query != "b=2&a=1" {
		t.Errorf("exchange %+v", e)
	}
	if e.Response.Status != 200 || e.Response.Header["Content-Type"] != "application/json" || len(e.Response.Header) != 1 {
		t.Errorf("answer %d, headers %v: want 200 and only Content-Type", e.Response.Status, e.Response.Header)
	}
	var got map[string]any
	if err := json.Unmarshal(e.Response.JSON, &got); err != nil || got["name"] != "Acme IT Services" {
		t.Errorf("body %s (%v)", e.Response.JSON, err)
	}
	if e.Request != nil {
		t.Errorf("a GET without a body recorded a request part: %+v", e.Request)
	}
	if loc := tr.Exchanges[1].Response.Header["Location"]; !strings.HasPrefix(loc, "https://elsewhere.example/login") || strings.Contains(loc, "tok-") {
		t.Errorf("Location %q: want it kept, its token removed", loc)
	}
}

func TestRecorderRemovesEverySecret(t *testing.T) {
	srv := fakeHalo(t)
	rec := NewRecorder()
	rec.SetRun(steps.Config{Host: "acme.halopsa.com", ClientID: "cid", ClientSecret: "sup3r-s3cret-value",
		HuntressKey: "hk_1", HuntressSecret: "hs-secret-9876"}, "")
	hc := rec.Client(Halo, srv.Client())
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"cid"}, "client_secret": {"sup3r-s3cret-value"}, "scope": {"all"}}
	resp, err := hc.PostForm(srv.URL+"/auth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	readAll(t, get(t, hc, srv.URL+"/api/echo", "Bearer tok-ABCDEFGH12345678"))
	huntress := rec.Client(Huntress, srv.Client())
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/echo", nil)
	req.SetBasicAuth("hk_1", "hs-secret-9876")
	resp, err = huntress.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)

	data, err := rec.Transcript(Options{}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, secret := range []string{"sup3r-s3cret-value", "tok-ABCDEFGH12345678", "ref-12345678", "hs-secret-9876", "aGtfMTpocy1zZWNyZXQtOTg3Ng", "Bearer tok", "Basic aGt"} {
		if strings.Contains(text, secret) {
			t.Errorf("the transcript holds %q:\n%s", secret, text)
		}
	}
	for _, kept := range []string{"grant_type=client_credentials", "scope=all", "client_id=cid", "client_secret=" + scrub.Redacted, `"token_type": "Bearer"`, `"Retry-After": "7"`} {
		if !strings.Contains(text, kept) {
			t.Errorf("the transcript lacks %q", kept)
		}
	}
}

func TestATruncatedAnswerKeepsWhatWasReadAndItsDeclaredLength(t *testing.T) {
	big := strings.Repeat("x", 10000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(big)))
		_, _ = io.WriteString(w, big)
	}))
	t.Cleanup(srv.Close)
	rec := NewRecorder()
	resp := get(t, rec.Client(Halo, srv.Client()), srv.URL+"/api/Client", "")
	part := make([]byte, 100)
	if _, err := io.ReadFull(resp.Body, part); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := rec.Transcript(Options{}).Exchanges[0].Response
	if !r.Truncated || r.Text != big[:100] || r.ContentLength != int64(len(big)) {
		t.Errorf("truncated %t, %d bytes kept, length %d: want true, 100, %d", r.Truncated, len(r.Text), r.ContentLength, len(big))
	}
	// Replayed, the client sees the same: the declared length, the bytes read.
	p := NewReplayer(&Transcript{Exchanges: []Exchange{{Service: Halo, Method: "GET", Path: "/api/Client", Response: r}}})
	again := get(t, p.Client(Halo), "https://acme.halopsa.com/api/Client", "")
	if again.ContentLength != int64(len(big)) || readAll(t, again) != big[:100] {
		t.Errorf("replayed length %d", again.ContentLength)
	}
}

func TestAFailedRequestIsRecordedAsItsKindAndReplayedAlike(t *testing.T) {
	dnsErr := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nope.halopsa.com", IsNotFound: true}}
	rec := NewRecorder()
	hc := &http.Client{Transport: rec.Transport(Halo, roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, dnsErr }))}
	if _, err := hc.Get("https://nope.halopsa.com/api/authinfo"); err == nil {
		t.Fatal("no error")
	}
	f := rec.Transcript(Options{}).Exchanges[0].Failure
	if f == nil || f.Kind != FailDNS || !strings.Contains(f.Message, "no such host") {
		t.Fatalf("failure %+v", f)
	}
	for _, kind := range failureKinds {
		replayed := replayedFailure(Failure{Kind: kind, Message: "tls: failed to verify certificate: x509: certificate signed by unknown authority"}, "acme.halopsa.com:443")
		if got := failureKind(replayed); got != kind {
			t.Errorf("a %s failure replays as %s (%v)", kind, got, replayed)
		}
	}
	if !errors.Is(replayedFailure(Failure{Kind: FailCanceled}, ""), context.Canceled) {
		t.Error("a cancelled request does not replay as cancelled")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestARequestInFlightWhenTheCaptureIsWrittenIsKeptAsUnanswered(t *testing.T) {
	rec := NewRecorder()
	release := make(chan struct{})
	hc := &http.Client{Transport: rec.Transport(Halo, roundTripFunc(func(r *http.Request) (*http.Response, error) {
		<-release
		return nil, context.Canceled
	}))}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = hc.Get("https://acme.halopsa.com/api/Agent/me")
	}()
	var tr *Transcript
	for tr == nil || len(tr.Exchanges) == 0 {
		tr = rec.Transcript(Options{})
	}
	close(release)
	<-done
	if f := tr.Exchanges[0].Failure; f == nil || f.Kind != FailCanceled {
		t.Errorf("an exchange in flight was written as %+v", tr.Exchanges[0])
	}
}

func TestWizardRunsAddUpInTheRunValues(t *testing.T) {
	rec := NewRecorder()
	rec.SetRun(steps.Config{Host: "a.halopsa.com", Only: []steps.ID{steps.Hostname}}, "")
	rec.SetRun(steps.Config{Host: "b.halopsa.com", Only: []steps.ID{steps.Ticket}, SendTestTicket: true}, "")
	rec.SetRun(steps.Config{Host: "c.halopsa.com", Only: []steps.ID{steps.Mapping}}, "")
	r := rec.Transcript(Options{}).Run
	if r.Host != "c.halopsa.com" || !r.SendTestTicket || strings.Join(r.Steps, ",") != "hostname,ticket,mapping" {
		t.Errorf("run %+v: want the last host, a test ticket, every step asked for", r)
	}
	rec.SetRun(steps.Config{Host: "d.halopsa.com"}, "")
	if r := rec.Transcript(Options{}).Run; len(r.Steps) != 0 {
		t.Errorf("after a run of every step: steps %v, want none (all)", r.Steps)
	}
}

func TestATruncatedTokenAnswerIsNotKept(t *testing.T) {
	srv := fakeHalo(t)
	rec := NewRecorder()
	resp, err := rec.Client(Halo, srv.Client()).PostForm(srv.URL+"/auth/token", url.Values{"grant_type": {"client_credentials"}})
	if err != nil {
		t.Fatal(err)
	}
	part := make([]byte, len(`{"access_token":"tok-ABCD`))
	if _, err := io.ReadFull(resp.Body, part); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	data, err := rec.Transcript(Options{}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	r := rec.Transcript(Options{}).Exchanges[0].Response
	if !r.Truncated || r.Text != "" || len(r.JSON) != 0 || strings.Contains(string(data), "tok-") {
		t.Errorf("truncated %t, body %q %s: want the token answer's body left out\n%s", r.Truncated, r.Text, r.JSON, data)
	}
}

func TestBodiesPastTheCapturesBudgetAreCutAndMarked(t *testing.T) {
	body := strings.Repeat("x", 60)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	rec := NewRecorder()
	rec.left = 100 // of the 32 MiB a real capture's bodies may take
	hc := rec.Client(Halo, srv.Client())
	for range 3 {
		if got := readAll(t, get(t, hc, srv.URL+"/api/Client", "")); got != body {
			t.Fatalf("the client read %d bytes through the recorder, want all %d", len(got), len(body))
		}
	}
	var kept []string
	for _, e := range rec.Transcript(Options{}).Exchanges {
		kept = append(kept, fmt.Sprintf("%d/%t", len(e.Response.Text), e.Response.Truncated))
	}
	if got := strings.Join(kept, " "); got != "60/false 40/true 0/true" {
		t.Errorf("bodies kept (bytes/truncated): %s, want 60/false 40/true 0/true", got)
	}
}

func TestATranscriptIsWrittenWithinWhatLoadReads(t *testing.T) {
	escaped := strings.Repeat("\x01", 1000) // 6 bytes each once escaped
	tr := &Transcript{Format: Format, Version: Version, Exchanges: []Exchange{
		{Seq: 1, Service: Halo, Method: "GET", Path: "/api/a", Response: &Response{Status: 200, Body: Body{Text: escaped}}},
		{Seq: 2, Service: Halo, Method: "GET", Path: "/api/b", Response: &Response{Status: 200, Body: Body{Text: "small"}}},
	}}
	data, err := tr.fitWithin(4000)
	if err != nil || len(data) > 4000 {
		t.Fatalf("%d bytes, %v", len(data), err)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := back.Exchanges[0].Response, back.Exchanges[1].Response; a.Text != "" || !a.Truncated || b.Text != "small" || b.Truncated {
		t.Errorf("kept %+v and %+v: want the large body left out, marked, and the small one kept", a, b)
	}
}

// closeCounter is a request body that counts its closes.
type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }

func TestARequestThatCannotBeRecordedHasItsBodyClosed(t *testing.T) {
	rec := NewRecorder()
	sent := false
	tr := rec.Transport(Halo, roundTripFunc(func(*http.Request) (*http.Response, error) { sent = true; return nil, errors.New("sent") }))
	body := &closeCounter{Reader: strings.NewReader("a=1")}
	req, _ := http.NewRequest(http.MethodPost, "https://acme.halopsa.com/auth/token", body)
	req.GetBody = func() (io.ReadCloser, error) { return nil, errors.New("the body cannot be read again") }
	if _, err := tr.RoundTrip(req); err == nil || sent {
		t.Fatalf("err %v, sent %t: want an error before sending", err, sent)
	}
	if body.closed != 1 {
		t.Errorf("the request body was closed %d times, want once (http.RoundTripper's contract)", body.closed)
	}
}

func TestFieldsNamedLikeCredentialsAreRemovedWhatTheyHold(t *testing.T) {
	c := &cleaner{red: scrub.NewRedactor()}
	in := `{"token_type":"Bearer","expires_in":3600,"x_api_key":"k-12345678","User_Password":"p4ss-word","apikey":"a-1",` +
		`"agent":{"client_secret":{"value":"s3cret","version":42}},"password_expired":false,"token_endpoint":"https://acme.halopsa.com/auth/token","next_page_token":"cursor-2"}`
	got := string(c.body("application/json", []byte(in)).JSON)
	want := `{"User_Password":"[redacted]","agent":{"client_secret":{"value":"[redacted]","version":"[redacted]"}},"apikey":"[redacted]","expires_in":3600,` +
		`"next_page_token":"cursor-2","password_expired":false,"token_endpoint":"https://acme.halopsa.com/auth/token","token_type":"Bearer","x_api_key":"[redacted]"}`
	if got != want {
		t.Errorf("cleaned\n got %s\nwant %s", got, want)
	}
}

// TestReadmeNamesTheFormFieldsKept: README tells an admin what a capture
// keeps of a token request; it must say what the code keeps.
func TestReadmeNamesTheFormFieldsKept(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(strings.Join(strings.Fields(string(b)), " "), "token request's form (only ")
	said, _, _ := strings.Cut(after, " are kept")
	if !ok {
		t.Fatal("README no longer says which fields of a token request's form are kept")
	}
	var want []string
	for k := range formFieldsKept {
		want = append(want, "`"+k+"`")
	}
	slices.Sort(want)
	if said != strings.Join(want[:len(want)-1], ", ")+" and "+want[len(want)-1] {
		t.Errorf("README says %q are kept; the code keeps %v", said, want)
	}
}
