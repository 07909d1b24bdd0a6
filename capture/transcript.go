package capture

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"halowiz/scrub"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// Format names the file; Version is the schema this package writes and the
// newest it reads.
const (
	Format  = "halowiz-capture"
	Version = 1
)

// MaxFileSize is the largest transcript Load reads: a run's answers are
// bounded by the clients' own 4 MiB limit per answer, a few dozen of them.
const MaxFileSize = 64 << 20

// Transcript is one capture: the run's non-secret values and every
// exchange, in the order the requests were sent.
type Transcript struct {
	Format     string    `json:"format"`  // always Format
	Version    int       `json:"version"` // the schema version
	Program    string    `json:"program,omitempty"`
	CapturedAt time.Time `json:"captured_at"`
	// Anonymized says that names and e-mail addresses were replaced.
	Anonymized bool `json:"anonymized"`
	Run        Run  `json:"run"`
	// Outcome is what the captured run reported, step by step, when it
	// ran to the end (check does; the wizard leaves it out).
	Outcome   []StepOutcome `json:"outcome,omitempty"`
	Exchanges []Exchange    `json:"exchanges"`
}

// Run is what a run was given, without its secrets: everything a replay
// needs to run the same checks.
type Run struct {
	Host             string    `json:"host"`
	Tenant           string    `json:"tenant,omitempty"`
	ClientID         string    `json:"client_id,omitempty"`
	TicketType       string    `json:"ticket_type,omitempty"`
	ResolutionStatus string    `json:"resolution_status,omitempty"`
	TestClient       string    `json:"test_client,omitempty"`
	Mapping          []Mapping `json:"mapping,omitempty"`
	HuntressKey      string    `json:"huntress_key,omitempty"` // the public key id, never its secret
	HuntressURL      string    `json:"huntress_url,omitempty"` // empty: the real Huntress API
	SendTestTicket   bool      `json:"send_test_ticket"`
	Steps            []string  `json:"steps,omitempty"` // the steps asked for; empty: all
	Scenario         string    `json:"demo_scenario,omitempty"`
}

// Mapping is one Huntress organization mapped by hand to a Halo client.
type Mapping struct {
	OrgID      int64  `json:"huntress_org_id"`
	OrgName    string `json:"huntress_org_name"`
	ClientID   int    `json:"halo_client_id"`
	ClientName string `json:"halo_client_name"`
}

// StepOutcome is one step's status and finding ids as the run reported them.
type StepOutcome struct {
	Step     string   `json:"step"`
	Status   string   `json:"status"`
	Findings []string `json:"findings"`
}

// Services an exchange can be with.
const (
	Halo     = "halo"
	Huntress = "huntress"
)

// Exchange is one request and its answer, or the failure that stood in for
// an answer.
type Exchange struct {
	Seq      int       `json:"seq"`     // from 1, in the order the requests were sent
	Service  string    `json:"service"` // Halo or Huntress
	Method   string    `json:"method"`
	Host     string    `json:"host,omitempty"`
	Path     string    `json:"path"`
	Query    string    `json:"query,omitempty"` // as sent, without the "?"
	Request  *Request  `json:"request,omitempty"`
	Response *Response `json:"response,omitempty"`
	Failure  *Failure  `json:"failure,omitempty"`
}

// Target is the method, path and query, as messages name a request.
func (e Exchange) Target() string {
	if e.Query == "" {
		return e.Method + " " + e.Path
	}
	return e.Method + " " + e.Path + "?" + e.Query
}

// Body is a request's or an answer's body: JSON when it is JSON, text
// otherwise, neither when it was empty. Bytes that are not UTF-8 are not
// kept exactly (Halo's and Huntress's answers are text).
type Body struct {
	JSON json.RawMessage `json:"json,omitempty"`
	Text string          `json:"text,omitempty"`
}

// bytes is the body as it is sent or answered.
func (b Body) bytes() []byte {
	if len(b.JSON) > 0 {
		var out bytes.Buffer
		if json.Compact(&out, b.JSON) == nil {
			return out.Bytes()
		}
		return b.JSON
	}
	return []byte(b.Text)
}

// Request is what a request carried besides its target. Its headers are
// not kept: the ones that carry credentials must never be, and the others
// say nothing the run's values do not.
type Request struct {
	ContentType string `json:"content_type,omitempty"`
	Body
}

// Response is an answer: its status, the headers that matter and its body.
type Response struct {
	Status int               `json:"status"`
	Header map[string]string `json:"header,omitempty"` // only keptHeaders
	Body
	// Truncated says the client stopped reading the body before its end:
	// only what it read is kept. ContentLength is then the length the
	// answer declared, if it did.
	Truncated     bool  `json:"truncated,omitempty"`
	ContentLength int64 `json:"content_length,omitempty"`
}

// keptHeaders are the answer headers a transcript keeps: the ones the
// clients act on (WWW-Authenticate tells a refused token, invalid_token,
// from a refusal of the agent's rights).
var keptHeaders = []string{"Content-Type", "Retry-After", "Location", "Www-Authenticate"} // as http.CanonicalHeaderKey writes them

// Failure is a request that got no answer: how it failed, as the clients
// tell failures apart, and the error's text.
type Failure struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// The kinds of Failure.
const (
	FailDNS      = "dns"      // the name did not resolve
	FailRefused  = "refused"  // nothing accepted the connection
	FailTLS      = "tls"      // the certificate or the handshake failed
	FailTimeout  = "timeout"  // no answer within the deadline
	FailCanceled = "canceled" // the run was stopped
	FailOther    = "other"
)

var failureKinds = []string{FailDNS, FailRefused, FailTLS, FailTimeout, FailCanceled, FailOther}

// Marshal encodes t as indented JSON, ending in a newline.
func (t *Transcript) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t); err != nil {
		return nil, fmt.Errorf("encode the capture: %w", err)
	}
	// What Halo sent stays as it was for the replay, but a terminal that
	// shows the file (cat, less -R) must not obey it.
	return scrub.JSON(b.Bytes()), nil
}

// fitWithin encodes t in at most limit bytes: should the budget of
// recorded bodies not have been enough (text that escapes to several times
// its length), the largest answer bodies are left out, marked truncated,
// until it fits.
func (t *Transcript) fitWithin(limit int) ([]byte, error) {
	for {
		data, err := t.Marshal()
		if err != nil || len(data) <= limit {
			return data, err
		}
		var largest *Response
		for i := range t.Exchanges {
			if r := t.Exchanges[i].Response; r != nil && (largest == nil || r.size() > largest.size()) {
				largest = r
			}
		}
		if largest == nil || largest.size() == 0 {
			return nil, fmt.Errorf("encode the capture: it would be over %d MiB even without the answers' bodies", limit>>20)
		}
		largest.Body, largest.Truncated = Body{}, true
	}
}

// size is how much of an answer is its body.
func (r *Response) size() int { return len(r.JSON) + len(r.Text) }

// Load reads and checks the transcript at path.
func Load(path string) (*Transcript, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the capture: %w", err)
	}
	defer f.Close()
	tooBig := fmt.Errorf("%s is over %d MiB: not a capture halowiz wrote", path, MaxFileSize>>20)
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxFileSize {
		return nil, tooBig
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the capture %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, tooBig
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// ErrNotCapture is wrapped by Parse when the data is not a transcript this
// halowiz can read.
var ErrNotCapture = errors.New("not a halowiz capture")

// Parse decodes and checks a transcript. The data is untrusted: anything
// that is not a well-formed transcript of a known version is an error
// wrapping ErrNotCapture, never a panic.
func Parse(data []byte) (*Transcript, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCapture, err)
	}
	switch {
	case head.Format != Format:
		return nil, fmt.Errorf("%w: \"format\" is %q, not %q", ErrNotCapture, cut(head.Format), Format)
	case head.Version > Version:
		return nil, fmt.Errorf("%w: version %d is newer than this halowiz reads (%d); update halowiz", ErrNotCapture, head.Version, Version)
	case head.Version < 1:
		return nil, fmt.Errorf("%w: \"version\" is missing or not a positive number", ErrNotCapture)
	}
	var t Transcript
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCapture, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: there is more after the closing brace", ErrNotCapture)
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCapture, err)
	}
	return &t, nil
}

// validate checks what decoding cannot: every exchange names a service,
// a method and a path, and has an answer or a failure, not both.
func (t *Transcript) validate() error {
	for i, e := range t.Exchanges {
		at := fmt.Sprintf("exchange %d", i+1)
		switch {
		case e.Service != Halo && e.Service != Huntress:
			return fmt.Errorf("%s: service %q is neither %q nor %q", at, cut(e.Service), Halo, Huntress)
		case !validMethod(e.Method):
			return fmt.Errorf("%s: %q is not an HTTP method", at, cut(e.Method))
		case !strings.HasPrefix(e.Path, "/"):
			return fmt.Errorf("%s: path %q does not start with /", at, cut(e.Path))
		case (e.Response == nil) == (e.Failure == nil):
			return fmt.Errorf("%s: it needs an answer or a failure, and only one", at)
		}
		if r := e.Response; r != nil {
			if r.Status < 100 || r.Status > 599 {
				return fmt.Errorf("%s: status %d is not an HTTP status", at, r.Status)
			}
			for k := range r.Header {
				if !knownHeader(k) {
					return fmt.Errorf("%s: header %q is not one a capture keeps", at, cut(k))
				}
			}
			if r.ContentLength < 0 {
				return fmt.Errorf("%s: content_length %d is negative", at, r.ContentLength)
			}
		}
		if f := e.Failure; f != nil && !slices.Contains(failureKinds, f.Kind) {
			return fmt.Errorf("%s: failure kind %q is not one of %s", at, cut(f.Kind), strings.Join(failureKinds, ", "))
		}
	}
	return nil
}

func validMethod(m string) bool {
	if m == "" || len(m) > 16 {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func knownHeader(k string) bool {
	return slices.Contains(keptHeaders, http.CanonicalHeaderKey(k))
}

// cut shortens untrusted text quoted in an error.
func cut(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	r := []rune(s)
	if len(r) <= most {
		return s
	}
	return string(r[:most]) + "…"
}
