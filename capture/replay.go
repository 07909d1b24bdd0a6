package capture

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"halowiz/scrub"
)

// markerPattern is a run's test-ticket marker ("hw-" and 8 hex digits),
// which every run draws anew: a replay matches it loosely and answers with
// the replaying run's own.
var markerPattern = regexp.MustCompile(`hw-[0-9a-f]{8}`)

const anyMarker = "hw-********"

// Replayer answers requests from a transcript, without any network.
//
// A request is matched by service, method and path (case aside, as Halo's
// paths are) and query (in any order, a marker standing for any marker).
// Repeated requests get the answers recorded for them in the order they
// were recorded; among those still unused, one whose body matches the
// request's (again, any marker for a marker) is preferred, so that two
// token requests asking for different scopes get their own answers. When
// every answer for a request has been given, they are given again from the
// first: the wizard runs the same checks more than once. A request the
// transcript holds no answer for fails with a *NotInCaptureError, which the
// checks report like any failed request.
//
// The captured run's markers in answers are rewritten to the marker of the
// replaying run's latest request that carried one, so that its read-back
// of its test ticket finds its own marker.
type Replayer struct {
	mu      sync.Mutex
	slots   map[string][]*slot
	markers []string // the markers the captured run's requests carried
	live    string   // the replaying run's marker, once a request carried one
}

type slot struct {
	ex   Exchange
	body string // the request body, normalised for matching
	used bool
}

// NotInCaptureError is a request the transcript holds no answer for.
type NotInCaptureError struct {
	Service string
	Target  string // method, path and query
}

func (e *NotInCaptureError) Error() string {
	return fmt.Sprintf("replay: the capture holds no %s answer to %s: the replayed run asked what the captured run did not", e.Service, e.Target)
}

// NewReplayer prepares t's exchanges for answering.
func NewReplayer(t *Transcript) *Replayer {
	p := &Replayer{slots: map[string][]*slot{}}
	for _, e := range t.Exchanges {
		k := matchKey(e.Service, e.Method, e.Path, e.Query)
		var body []byte
		ct := ""
		if e.Request != nil {
			body, ct = e.Request.bytes(), e.Request.ContentType
		}
		p.slots[k] = append(p.slots[k], &slot{ex: e, body: normalBody(ct, body)})
		for _, m := range markerPattern.FindAllString(string(body)+" "+e.Query, -1) {
			if !slices.Contains(p.markers, m) {
				p.markers = append(p.markers, m)
			}
		}
	}
	return p
}

// Client is an HTTP client whose requests to service are answered from
// the transcript.
func (p *Replayer) Client(service string) *http.Client {
	return &http.Client{Transport: p.Transport(service)}
}

// Transport answers service's requests from the transcript.
func (p *Replayer) Transport(service string) http.RoundTripper {
	return &replayTransport{p: p, service: service}
}

type replayTransport struct {
	p       *Replayer
	service string
}

func (t *replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(req.Body, maxRecordedBody))
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("replay: read the request body: %w", err)
		}
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	path, query := req.URL.EscapedPath(), req.URL.RawQuery
	ex, ok := t.p.answer(t.service, req.Method, path, query, normalBody(req.Header.Get("Content-Type"), body), body)
	if !ok {
		target := Exchange{Method: req.Method, Path: path, Query: query}.Target()
		return nil, &NotInCaptureError{Service: t.service, Target: scrub.Line((*scrub.Redactor)(nil).Redact(target))}
	}
	if ex.Failure != nil {
		return nil, replayedFailure(*ex.Failure, req.URL.Host)
	}
	return t.p.response(req, ex.Response), nil
}

// answer picks the recorded exchange for a request, and learns the
// replaying run's marker from it.
func (p *Replayer) answer(service, method, path, query, normal string, body []byte) (Exchange, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m := markerPattern.FindString(string(body) + " " + query); m != "" {
		p.live = m
	}
	slots := p.slots[matchKey(service, method, path, query)]
	if len(slots) == 0 {
		return Exchange{}, false
	}
	pick := func() *slot {
		var first *slot
		for _, s := range slots {
			if s.used {
				continue
			}
			if s.body == normal {
				return s
			}
			if first == nil {
				first = s
			}
		}
		return first
	}
	s := pick()
	if s == nil { // every answer given: start again
		for _, s := range slots {
			s.used = false
		}
		s = pick()
	}
	s.used = true
	return s.ex, true
}

// response builds the recorded answer, with the captured run's markers
// turned into the replaying run's.
func (p *Replayer) response(req *http.Request, r *Response) *http.Response {
	p.mu.Lock()
	rewrite := p.rewriter()
	p.mu.Unlock()
	body := []byte(rewrite(string(r.bytes())))
	h := http.Header{}
	for k, v := range r.Header {
		h.Set(k, rewrite(v))
	}
	length := int64(len(body))
	if r.Truncated && r.ContentLength > 0 {
		length = r.ContentLength
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)),
		StatusCode:    r.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: length,
		Request:       req,
	}
}

func (p *Replayer) rewriter() func(string) string {
	if p.live == "" || len(p.markers) == 0 {
		return func(s string) string { return s }
	}
	pairs := make([]string, 0, 2*len(p.markers))
	for _, m := range p.markers {
		pairs = append(pairs, m, p.live)
	}
	return strings.NewReplacer(pairs...).Replace
}

// matchKey is what a request is matched by.
func matchKey(service, method, path, query string) string {
	return service + " " + method + " " + strings.ToLower(path) + "?" + normalQuery(query)
}

// normalQuery puts a query's parameters and values in order, with any
// marker standing for any marker and credentials redacted as a transcript
// has them.
func normalQuery(q string) string {
	q = markerPattern.ReplaceAllString((*scrub.Redactor)(nil).Redact(q), anyMarker)
	values, err := url.ParseQuery(q)
	if err != nil {
		return q
	}
	for _, vs := range values {
		slices.Sort(vs)
	}
	return values.Encode()
}

// normalBody is a request body as matching compares it: a form as a
// transcript keeps it, JSON with its keys in order, any marker for a marker.
func normalBody(contentType string, b []byte) string {
	if len(b) == 0 {
		return ""
	}
	c := &cleaner{red: scrub.NewRedactor()}
	s := c.body(contentType, b)
	return markerPattern.ReplaceAllString(string(s.bytes()), anyMarker)
}
