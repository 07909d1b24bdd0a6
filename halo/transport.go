package halo

import (
	"halowiz/scrub"
	"halowiz/statusline"

	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Halo allows 300 requests per rolling 5 minutes. A bucket of 100 that
// refills one request every 1.6 s lets at most 100 + 300 s / 1.6 s = 287
// through in any 5 minutes, and never slows the 60 or so requests of a full
// check.
const (
	rateBurst = 100
	rateEvery = 1600 * time.Millisecond
)

// errOwnRateLimit is the client's own limit refusing to wait past the
// deadline; it counts as a timeout.
var errOwnRateLimit = errors.New("halowiz stays below Halo's limit of 300 requests per 5 minutes, " +
	"and the next request it may send comes after the deadline")

// traceExcerpt is how much of each body the debug trace shows.
const traceExcerpt = 300

// meteredTransport is what every request of a Client, the token requests
// included, passes through on its way out: it keeps to Halo's rate limit
// and writes the debug trace.
type meteredTransport struct {
	base    http.RoundTripper
	limiter *rate.Limiter
	trace   *tracer // nil when the trace is off
}

func (t *meteredTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper closes the body, even unsent
		}
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, errOwnRateLimit
	}
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	if t.trace == nil {
		return resp, err
	}
	head := fmt.Sprintf("%s %s%s", req.Method, req.URL.Redacted(), t.trace.sentBody(req))
	if err != nil {
		t.trace.printf("%s -> failed after %s: %v", head, since(start), err)
		return resp, err
	}
	resp.Body = &tracedBody{ReadCloser: resp.Body, trace: t.trace, start: start,
		head: fmt.Sprintf("%s -> %s", head, statusline.Text(resp.StatusCode))}
	return resp, nil
}

// tracer writes the redacted debug trace, one line per exchange.
type tracer struct {
	mu  sync.Mutex
	w   io.Writer
	red *scrub.Redactor
}

func (t *tracer) printf(format string, args ...any) {
	if t == nil {
		return
	}
	// The trace quotes Halo's answers, which are tenant text: it reaches a
	// terminal or a file only redacted and with every control escaped.
	line := scrub.Line(t.red.Redact(fmt.Sprintf(format, args...)))
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "halo: %s\n", line)
}

// sentBody is a redacted excerpt of a request's body, read through
// GetBody so that the request itself is left untouched.
func (t *tracer) sentBody(req *http.Request) string {
	if req.GetBody == nil || req.ContentLength == 0 {
		return ""
	}
	rc, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, traceExcerpt+scrub.ExcerptMargin+1))
	return " sent " + oneLine(t.red.Excerpt(b, traceExcerpt))
}

// tracedBody keeps the start of an answer's body and writes the trace line
// when the body is closed, so the line carries the whole exchange's time.
type tracedBody struct {
	io.ReadCloser
	trace *tracer
	start time.Time
	head  string
	kept  bytes.Buffer
	read  int64
	once  sync.Once
}

func (b *tracedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	if room := traceExcerpt + scrub.ExcerptMargin + 1 - b.kept.Len(); room > 0 {
		b.kept.Write(p[:min(n, room)])
	}
	return n, err
}

func (b *tracedBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() {
		b.trace.printf("%s (%s, %d bytes read) %s", b.head, since(b.start), b.read,
			oneLine(b.trace.red.Excerpt(b.kept.Bytes(), traceExcerpt)))
	})
	return err
}

func since(t time.Time) time.Duration { return time.Since(t).Round(100 * time.Microsecond) }

// oneLine collapses whitespace so a body excerpt fits on its trace line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
