package capture

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"halowiz/safefile"
	"halowiz/scrub"
	"halowiz/steps"
)

// maxRecordedBody bounds what is kept of one body: above the clients' own
// 4 MiB limit, so that what they act on is kept whole.
const maxRecordedBody = 8 << 20

// maxRecordedTotal bounds what is kept of all the bodies of a capture, so
// that a long wizard session still writes a transcript Load reads: bodies
// grow when written as JSON (escapes, indentation) and every exchange adds
// its own fields, so they get half of MaxFileSize. Past it, an answer's
// body is cut and marked truncated, as one the client stopped reading.
const maxRecordedTotal = MaxFileSize / 2

// Recorder records every exchange made through its transports. It is safe
// for concurrent use: the checks run concurrently.
type Recorder struct {
	mu        sync.Mutex
	red       *scrub.Redactor
	exchanges []*recording
	run       Run
	hasRun    bool
	outcome   []StepOutcome
	now       func() time.Time
	left      int // of maxRecordedTotal, what bodies may still take
}

// recording is one exchange as it happens; the recorder's lock guards it.
type recording struct {
	service     string
	method      string
	host        string
	path        string
	query       string
	contentType string
	reqBody     []byte

	answered  bool
	status    int
	header    http.Header
	body      bytes.Buffer
	finished  bool  // the client read to the end or closed the body
	truncated bool  // it stopped before the end (or the body was over maxRecordedBody)
	declared  int64 // the answer's Content-Length; -1 unknown
	failure   error
}

// NewRecorder returns a Recorder with nothing recorded.
func NewRecorder() *Recorder {
	return &Recorder{red: scrub.NewRedactor(), now: time.Now, left: maxRecordedTotal}
}

// Client returns a copy of given (nil: a new client) whose exchanges are
// recorded as service's. With no transport of its own, it goes through a
// clone of http.DefaultTransport, which keeps HTTPS_PROXY, NO_PROXY and
// SSL_CERT_FILE working.
func (r *Recorder) Client(service string, given *http.Client) *http.Client {
	hc := &http.Client{}
	if given != nil {
		*hc = *given
	}
	hc.Transport = r.Transport(service, hc.Transport)
	return hc
}

// Transport wraps base (nil: a clone of http.DefaultTransport).
func (r *Recorder) Transport(service string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			c := t.Clone()
			// Room to keep the connections of concurrent checks and list
			// pages, as the clients' own default transports do.
			c.MaxIdleConnsPerHost = 8
			base = c
		} else {
			base = http.DefaultTransport
		}
	}
	return &recordingTransport{rec: r, service: service, base: base}
}

// SetRun records cfg's non-secret values, and teaches the recorder cfg's
// secrets so that none is written. The wizard runs the checks many times:
// each call replaces the values, but a test ticket sent by any run is
// remembered, and so is every step asked for.
func (r *Recorder) SetRun(cfg steps.Config, huntressURL string) {
	cfg.TeachRedactor(r.red)
	run := RunOf(cfg, huntressURL)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hasRun {
		run.SendTestTicket = run.SendTestTicket || r.run.SendTestTicket
		run.Steps = unionSteps(r.run.Steps, run.Steps)
	}
	r.run, r.hasRun = run, true
}

// unionSteps merges two runs' step lists, where empty means all.
func unionSteps(a, b []string) []string {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := append([]string(nil), a...)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// SetOutcome records what the run reported.
func (r *Recorder) SetOutcome(rep steps.Report) {
	out := OutcomeOf(rep)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outcome = out
}

// Options shape a transcript.
type Options struct {
	Anonymize bool   // replace names and e-mail addresses
	Program   string // halowiz's version line
	Scenario  string // the demo scenario captured, if it was one
}

// Transcript is everything recorded so far, with every secret removed and,
// with Anonymize, every name and e-mail address replaced. An exchange still
// in flight is written as far as it got.
func (r *Recorder) Transcript(o Options) *Transcript {
	r.mu.Lock()
	t := &Transcript{
		Format:     Format,
		Version:    Version,
		Program:    o.Program,
		CapturedAt: r.now().UTC().Truncate(time.Second),
		Run:        r.run,
		Outcome:    append([]StepOutcome(nil), r.outcome...),
		Exchanges:  make([]Exchange, 0, len(r.exchanges)),
	}
	raw := make([]rawExchange, 0, len(r.exchanges))
	for i, rec := range r.exchanges {
		raw = append(raw, rec.snapshot(i+1))
	}
	r.mu.Unlock()
	t.Run.Scenario = o.Scenario
	t.Run.Mapping = append([]Mapping(nil), t.Run.Mapping...)

	c := newCleaner(r.red, raw)
	for _, e := range raw {
		t.Exchanges = append(t.Exchanges, c.exchange(e))
	}
	if o.Anonymize {
		anonymize(t)
	}
	return t
}

// Save writes the transcript to path through safefile (0600, atomically),
// within MaxFileSize so that Load reads it back.
func (r *Recorder) Save(path string, o Options) error {
	data, err := r.Transcript(o).fitWithin(MaxFileSize)
	if err != nil {
		return err
	}
	return safefile.Write(path, data)
}

// recordingTransport records the exchanges of one service.
type recordingTransport struct {
	rec     *Recorder
	service string
	base    http.RoundTripper
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec, out, err := t.rec.start(t.service, req)
	if err != nil {
		// A RoundTripper closes the request body, even on errors.
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	req = out
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.rec.fail(rec, err)
		return nil, err
	}
	t.rec.answer(rec, resp)
	resp.Body = &recordedBody{rc: resp.Body, rec: t.rec, r: rec}
	return resp, nil
}

// start records a request and returns the request to send: the same one,
// or, when its body could only be read once, a copy with the body restored.
func (r *Recorder) start(service string, req *http.Request) (*recording, *http.Request, error) {
	rec := &recording{
		service:     service,
		method:      req.Method,
		host:        req.URL.Host,
		path:        req.URL.EscapedPath(),
		query:       req.URL.RawQuery,
		contentType: req.Header.Get("Content-Type"),
		declared:    -1,
	}
	// The credentials a request carries are never written, and neither is
	// an answer that echoes them.
	for _, s := range credentials(req.Header) {
		if len(s) >= 4 && s != scrub.Redacted {
			r.red.Add(s)
		}
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, out, err := copyBody(req)
		if err != nil {
			return nil, nil, err
		}
		rec.reqBody, req = body, out
	}
	r.mu.Lock()
	// A request body is matched by nothing in a replay: past the budget it
	// is cut without a mark.
	rec.reqBody = rec.reqBody[:min(len(rec.reqBody), r.left)]
	r.left -= len(rec.reqBody)
	r.exchanges = append(r.exchanges, rec)
	r.mu.Unlock()
	return rec, req, nil
}

// copyBody reads req's body without using it up: through GetBody when the
// request has one, else by reading it and sending a copy of the request.
func copyBody(req *http.Request) ([]byte, *http.Request, error) {
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, nil, fmt.Errorf("capture: copy the request body: %w", err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxRecordedBody))
		if err != nil {
			return nil, nil, fmt.Errorf("capture: copy the request body: %w", err)
		}
		return b, req, nil
	}
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("capture: read the request body: %w", err)
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(b))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	out.ContentLength = int64(len(b))
	if len(b) > maxRecordedBody {
		b = b[:maxRecordedBody]
	}
	return b, out, nil
}

func (r *Recorder) fail(rec *recording, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec.failure = err
}

func (r *Recorder) answer(rec *recording, resp *http.Response) {
	h := http.Header{}
	for _, k := range keptHeaders {
		if v := resp.Header.Get(k); v != "" {
			h.Set(k, v)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rec.answered, rec.status, rec.header, rec.declared = true, resp.StatusCode, h, resp.ContentLength
}

// recordedBody keeps what the client reads of an answer.
type recordedBody struct {
	rc  io.ReadCloser
	rec *Recorder
	r   *recording
}

func (b *recordedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.rec.mu.Lock()
	defer b.rec.mu.Unlock()
	keep := min(n, max(maxRecordedBody-b.r.body.Len(), 0), b.rec.left)
	b.r.body.Write(p[:keep])
	b.rec.left -= keep
	if keep < n {
		b.r.truncated = true
	}
	if err == io.EOF {
		b.r.finished = true
	}
	return n, err
}

func (b *recordedBody) Close() error {
	err := b.rc.Close()
	b.rec.mu.Lock()
	defer b.rec.mu.Unlock()
	if !b.r.finished {
		b.r.finished = true
		// Reading exactly the declared length is reading it all, even
		// without having seen the end.
		b.r.truncated = b.r.truncated || int64(b.r.body.Len()) != b.r.declared
	}
	return err
}

// rawExchange is a recording as it stood, before cleaning.
type rawExchange struct {
	seq                                int
	service, method, host, path, query string
	contentType                        string
	reqBody                            []byte
	answered                           bool
	status                             int
	header                             http.Header
	body                               []byte
	truncated                          bool
	declared                           int64
	failure                            error
	pending                            bool // no answer and no failure yet
}

func (rec *recording) snapshot(seq int) rawExchange {
	return rawExchange{
		seq: seq, service: rec.service, method: rec.method, host: rec.host, path: rec.path, query: rec.query,
		contentType: rec.contentType, reqBody: rec.reqBody,
		answered: rec.answered, status: rec.status, header: rec.header.Clone(),
		body:      bytes.Clone(rec.body.Bytes()),
		truncated: rec.truncated || (rec.answered && !rec.finished),
		declared:  rec.declared,
		failure:   rec.failure,
		pending:   !rec.answered && rec.failure == nil,
	}
}
