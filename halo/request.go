package halo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Retry bounds. The context's deadline bounds the whole call as well; a
// retry whose wait would pass it is not made.
const (
	maxAttempts    = 4
	maxBackoff     = 8 * time.Second
	minAttemptTime = 100 * time.Millisecond // a retry needs at least this much time left after its wait
)

// maxErrorBody is how much of an error answer is read.
const maxErrorBody = 64 << 10

// replayRule says when a failed attempt of a request may be repeated.
type replayRule int

const (
	// replayIdempotent: a repeat changes nothing (reads, setting a status),
	// so 429, 502, 503, 504 and a refused connection are retried.
	replayIdempotent replayRule = iota
	// replayNeverSent: the request creates a record, and a repeat after
	// Halo may have seen it could create a second one. Only a connection
	// refused while dialling, before any byte left, and a 429 (Halo's rate
	// limiter turned it away unhandled) are retried.
	replayNeverSent
)

// request is one call to Halo's API as the typed methods describe it.
type request struct {
	method string
	path   string // Halo's usual casing, e.g. /api/Tickets/5
	query  url.Values
	body   any  // sent as JSON when not nil
	public bool // sent without a token: discovery only
	replay replayRule
}

// target is the path with its query, as errors and evidence show it.
func (r request) target() string {
	if len(r.query) == 0 {
		return r.path
	}
	return r.path + "?" + r.query.Encode()
}

// answer is a response whose body has been read in full (within MaxBody).
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send is the one place a request to Halo's API is made. It owns the
// deadline, the token, the retries, the body limit and the decoding of
// error answers into *APIError, *NetError or an ErrTooLarge error.
func (c *Client) send(ctx context.Context, r request) (answer, error) {
	if c.hostErr != nil {
		return answer{}, &notSentError{c.hostErr}
	}
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return answer{}, fmt.Errorf("%s %s: encode the request: %w", r.method, r.path, err)
		}
	}
	for attempt := 1; ; attempt++ {
		token := ""
		if !r.public {
			var err error
			if token, err = c.accessToken(ctx); err != nil {
				return answer{}, &notSentError{err}
			}
		}
		a, err := c.attempt(ctx, r, payload, token)
		wait, again := retryable(r, err)
		if !again || attempt == maxAttempts {
			return a, err
		}
		if !c.pause(ctx, attempt, wait, err) {
			if errors.Is(ctx.Err(), context.Canceled) {
				return answer{}, ctx.Err() // stopped while waiting to retry
			}
			return a, err
		}
	}
}

// attempt makes one HTTP exchange and reads the answer.
func (c *Client) attempt(ctx context.Context, r request, payload []byte, token string) (answer, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, "https://"+c.host+r.target(), body)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		err = c.transportError(ctx, err)
		if netErr := (*NetError)(nil); errors.As(err, &netErr) && neverSent(netErr.Err) {
			err = &notSentError{err}
		}
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := c.readBody(ctx, r, resp)
	if err != nil {
		return answer{}, err
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: b}
	if a.status < 200 || a.status > 299 {
		return a, c.apiError(r, a)
	}
	return a, nil
}

// readBody reads at most MaxBody bytes: a larger answer is an error, never
// a buffer of its full size. Of an error answer only the start is read,
// which is all its decoding uses, so that a huge error page still yields
// its status.
func (c *Client) readBody(ctx context.Context, r request, resp *http.Response) ([]byte, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, err := io.ReadAll(io.LimitReader(resp.Body, min(c.maxBody, maxErrorBody)))
		if err != nil {
			return nil, c.transportError(ctx, err)
		}
		return b, nil
	}
	tooLarge := fmt.Errorf("%s %s: %w: it is over the %s limit", r.method, r.target(), ErrTooLarge, byteSize(c.maxBody))
	if resp.ContentLength > c.maxBody {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return nil, c.transportError(ctx, err)
	}
	if int64(len(b)) > c.maxBody {
		return nil, tooLarge
	}
	return b, nil
}

// transportError classifies a failure that got no (complete) answer. A
// cancelled context is the person stopping the run, not a network fault.
func (c *Client) transportError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	return classifyNet(c.host, err)
}

// apiError decodes a non-2xx answer. Everything in it is redacted here.
func (c *Client) apiError(r request, a answer) *APIError {
	rep := reportBody(c.red, a.header.Get("Content-Type"), a.body)
	e := &APIError{
		Method:     r.method,
		Path:       c.red.Redact(r.target()),
		Status:     a.status,
		Messages:   rep.messages,
		Body:       rep.excerpt,
		HTML:       rep.html,
		RetryAfter: retryAfter(a.header, c.now()),
	}
	if loc := a.header.Get("Location"); a.status >= 300 && a.status < 400 && loc != "" {
		e.Messages = append(e.Messages, "redirected to "+cutRunes(c.red.Redact(loc), maxMessageLen))
	}
	return e
}

// retryable says whether a failed attempt may be repeated and how long
// Halo asked to wait first (zero: use the backoff).
func retryable(r request, err error) (time.Duration, bool) {
	var (
		apiErr *APIError
		tokErr *TokenError
		netErr *NetError
	)
	switch {
	case errors.As(err, &apiErr):
		if r.replay == replayNeverSent {
			// 429 is Halo's rate limiter turning the request away before
			// handling it, so not even a create was made; a gateway's 5xx
			// says nothing of whether Halo made it.
			return apiErr.RetryAfter, apiErr.Status == http.StatusTooManyRequests
		}
		return apiErr.RetryAfter, transientStatus(apiErr.Status)
	case errors.As(err, &tokErr):
		return tokErr.RetryAfter, r.replay == replayIdempotent && transientStatus(tokErr.Status)
	case errors.As(err, &netErr):
		return 0, neverSent(netErr.Err)
	}
	return 0, false
}

// transientStatus: Halo is busy or a gateway in front of it failed; the
// same request may well succeed a moment later.
func transientStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// pause waits before attempt number attempt+1: as long as Halo asked, or an
// exponential backoff with jitter. It refuses (returns false) when the wait
// would leave too little of the deadline for the next attempt, so the last
// answer is returned while there is still time to show it.
func (c *Client) pause(ctx context.Context, attempt int, retryAfter time.Duration, cause error) bool {
	wait := retryAfter
	if wait <= 0 {
		wait = c.backoff(attempt)
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait+minAttemptTime {
		c.trace.printf("not retrying: waiting %s would pass the deadline (%v)", wait, cause)
		return false
	}
	c.trace.printf("waiting %s before attempt %d (%v)", wait.Round(time.Millisecond), attempt+1, cause)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// backoff doubles from backoffBase for each attempt, with "equal jitter":
// half the wait is fixed, half random, so clients do not retry in step.
func (c *Client) backoff(attempt int) time.Duration {
	d := min(c.backoffBase<<(attempt-1), maxBackoff)
	if d <= 0 {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads Retry-After as delta-seconds or an HTTP-date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		return time.Duration(min(max(secs, 0), 24*60*60)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// getJSON sends r and decodes a 2xx answer into out.
func (c *Client) getJSON(ctx context.Context, r request, out any) error {
	a, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	return c.decode(r, a, out)
}

// decode unmarshals a 2xx answer, or reports what the body said instead.
func (c *Client) decode(r request, a answer, out any) error {
	if err := json.Unmarshal(a.body, out); err != nil {
		return c.decodeError(r, a, err)
	}
	return nil
}

func (c *Client) decodeError(r request, a answer, err error) *DecodeError {
	e := &DecodeError{Method: r.method, Path: c.red.Redact(r.target()), Status: a.status, Err: err}
	if t := bytes.TrimSpace(a.body); isMarkup(a.header.Get("Content-Type"), t) {
		e.HTML, e.Body = true, cutRunes(c.red.Redact(htmlTitle(t)), maxTitleLen)
	} else {
		e.Body = c.red.Excerpt(a.body, maxExcerpt)
	}
	return e
}

func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
