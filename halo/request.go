package halo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"halowiz/retry"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Retry bounds. A call's deadline (Options.Timeout) bounds its retries
// after a busy answer as well: a retry whose wait would pass it is not made.
// Waits for Halo's rate limit do not count against that deadline; they draw
// on the run's rate-limit budget instead.
const (
	maxAttempts     = 4                      // for a busy gateway or a refused connection
	maxRateAttempts = 16                     // for 429s, within the rate-limit budget
	maxBackoff      = 8 * time.Second        // for a busy gateway
	maxRateBackoff  = 16 * time.Second       // for a 429 without Retry-After
	minAttemptTime  = 100 * time.Millisecond // a retry needs at least this much time left after its wait
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
// deadline, the token, the retries, the rate limit, the body limit and the
// decoding of error answers into *APIError, *NetError or an ErrTooLarge
// error.
func (c *Client) send(ctx context.Context, r request) (answer, error) {
	if c.hostErr != nil {
		return answer{}, &notSentError{c.hostErr}
	}
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return answer{}, &notSentError{fmt.Errorf("%s %s: encode the request: %w", r.method, r.path, err)}
		}
	}
	deadline := time.Now().Add(c.timeout) // moves on by every rate-limit wait
	renewals := 0
	for attempt := 1; ; attempt++ {
		if err := c.holdForRateLimit(ctx, r, &deadline); err != nil {
			return answer{}, err
		}
		a, used, err := c.attemptWithToken(ctx, r, payload, &deadline)
		if err == nil {
			return a, nil
		}
		if errors.Is(err, ErrTokenRejected) && renewals < maxTokenRenewals {
			// Halo refused the token before handling the request (even a
			// create): drop it and repeat with a new one. A token other
			// calls used up meanwhile may be refused too, hence a few
			// tries; the run's token requests stay within maxTokenRequests.
			renewals++
			c.dropToken(used)
			c.trace.printf("%s %s: Halo refused the access token (401 invalid_token); repeating with a new one", r.method, r.path)
			continue
		}
		if errors.As(err, new(*TokenError)) {
			return a, err // the token request made its own retries
		}
		w, again := c.nextWait(r, err, attempt)
		if !again {
			return a, err
		}
		if !c.pause(ctx, r, w, &deadline, err) {
			if retry.Stopped(ctx) != nil {
				// Stopped (or out of time) while waiting to retry: that,
				// not the answer before the wait, is what happened.
				return answer{}, c.transportError(ctx, ctx.Err())
			}
			return a, err
		}
	}
}

// attemptWithToken makes one attempt before deadline, getting a token
// first unless the request is public, and says which token it used. The
// token has its own deadline, and the time it took moves the call's
// deadline on; a failure to get it never sent the request.
func (c *Client) attemptWithToken(ctx context.Context, r request, payload []byte, deadline *time.Time) (answer, string, error) {
	token := ""
	if !r.public {
		start := time.Now()
		var err error
		if token, err = c.accessToken(ctx); err != nil {
			return answer{}, "", &notSentError{err}
		}
		*deadline = deadline.Add(time.Since(start))
	}
	actx, cancel := context.WithDeadline(ctx, *deadline)
	defer cancel()
	a, err := c.attempt(actx, r, payload, token)
	return a, token, err
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
		unsent := errors.Is(err, errOwnRateLimit) // halowiz's own limiter held it back
		err = c.transportError(ctx, err)
		if netErr := (*NetError)(nil); unsent || errors.As(err, &netErr) && neverSent(netErr.Err) {
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

// transportError classifies a failure that got no (complete) answer. The
// context comes first: a request cut off by its deadline timed out, and one
// whose context was cancelled was stopped by the person, whatever layer
// noticed it.
func (c *Client) transportError(ctx context.Context, err error) error {
	switch stopped := retry.Stopped(ctx); {
	case errors.Is(stopped, context.Canceled):
		return context.Canceled
	case stopped != nil:
		return &NetError{Kind: NetTimeout, Host: c.host, Err: stoppedCause(err)}
	}
	return classifyNet(c.host, err)
}

// stoppedCause is what a timed-out request's error says: the underlying
// error when it names the deadline, else the deadline itself (a JSON parser
// given half a body says nothing useful).
func stoppedCause(err error) error {
	if err == nil || !errors.Is(err, context.DeadlineExceeded) && !isNetTimeout(err) {
		return context.DeadlineExceeded
	}
	return err
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
		RetryAfter: retry.After(a.header, c.now()),
	}
	if loc := a.header.Get("Location"); a.status >= 300 && a.status < 400 && loc != "" {
		e.Messages = append(e.Messages, "redirected to "+cutRunes(c.red.Redact(loc), maxMessageLen))
	}
	e.TokenRejected = !r.public && a.status == http.StatusUnauthorized && invalidToken(a.header)
	return e
}

// invalidToken reports whether a 401's WWW-Authenticate says the bearer
// token itself was refused (RFC 6750 §3.1: error="invalid_token", for an
// expired, revoked or malformed token), rather than what the agent behind
// it may see. The code alone is looked for: servers quote it or not, and a
// replayed capture has the header redacted around it.
func invalidToken(h http.Header) bool {
	for _, v := range h.Values("WWW-Authenticate") {
		if strings.Contains(strings.ToLower(v), "invalid_token") {
			return true
		}
	}
	return false
}

// nextWait says whether a failed attempt may be repeated, and after what
// wait. A 429 is Halo's rate limiter turning the request away before
// handling it, so even a create may be repeated; a busy gateway's 5xx says
// nothing of whether Halo made it, so only what a repeat cannot double is
// repeated then.
func (c *Client) nextWait(r request, err error, attempt int) (Wait, bool) {
	var (
		apiErr *APIError
		tokErr *TokenError
		netErr *NetError
	)
	w := Wait{Request: r.method + " " + r.path, Retry: attempt}
	status := 0
	switch {
	case errors.As(err, &apiErr):
		status, w.Delay = apiErr.Status, apiErr.RetryAfter
	case errors.As(err, &tokErr):
		status, w.Delay = tokErr.Status, tokErr.RetryAfter // from fetchToken, whose r names the token request
	case errors.As(err, &netErr) && neverSent(netErr.Err) && attempt < maxAttempts:
		w.Reason, w.Delay = WaitRefused, retry.Backoff(attempt, c.backoffBase, maxBackoff)
		return w, true
	default:
		return w, false
	}
	w.Asked = w.Delay > 0
	switch {
	case status == http.StatusTooManyRequests && attempt < maxRateAttempts:
		w.Reason = WaitRateLimit
		if w.Delay <= 0 {
			w.Delay = retry.Backoff(attempt, c.rateBase, maxRateBackoff)
		}
		return w, true
	case retry.Transient(status) && status != http.StatusTooManyRequests && attempt < maxAttempts:
		if r.replay == replayNeverSent {
			return w, false
		}
		w.Reason = WaitBusy
		w.Status = status
		if w.Delay <= 0 {
			w.Delay = retry.Backoff(attempt, c.backoffBase, maxBackoff)
		}
		return w, true
	}
	return w, false
}

// pause waits w before the next attempt. A rate-limit wait draws on the
// run's budget and moves the call's deadline on by as much; any other wait
// must leave time for the attempt before the deadline. It returns false,
// without waiting, when the wait is not allowed, or when ctx ends.
func (c *Client) pause(ctx context.Context, r request, w Wait, deadline *time.Time, cause error) bool {
	if w.Reason == WaitRateLimit {
		if !c.limit.Take(w.Delay) {
			c.trace.printf("not retrying %s: waiting %s more for Halo's rate limit would pass the run's %s budget (%v)",
				w.Request, w.Delay.Round(time.Millisecond), c.limit.Total(), cause)
			return false
		}
		*deadline = deadline.Add(w.Delay)
		c.hold(w.Delay)
	} else if time.Until(*deadline) < w.Delay+minAttemptTime {
		c.trace.printf("not retrying %s: waiting %s would pass the deadline (%v)", w.Request, w.Delay.Round(time.Millisecond), cause)
		return false
	}
	c.trace.printf("%s (%v)", w, cause)
	if c.onWait != nil {
		c.onWait(ctx, w)
	}
	return retry.Sleep(ctx, w.Delay) == nil
}

// hold keeps every request of the Client back for d: once Halo's rate
// limit has turned one away, the others would only be turned away too, and
// each refusal still counts against the tenant's rolling window.
func (c *Client) hold(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until := time.Now().Add(d); until.After(c.holdUntil) {
		c.holdUntil = until
	}
}

// holdForRateLimit waits while the Client holds requests back for Halo's
// rate limit, moving the call's deadline on by the wait and saying so like
// any other wait (the run's budget already counts it).
func (c *Client) holdForRateLimit(ctx context.Context, r request, deadline *time.Time) error {
	c.mu.Lock()
	wait := time.Until(c.holdUntil)
	c.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	*deadline = deadline.Add(wait)
	w := Wait{Reason: WaitHeld, Delay: wait, Request: r.method + " " + r.path}
	c.trace.printf("%s", w)
	if c.onWait != nil {
		c.onWait(ctx, w)
	}
	if err := retry.Sleep(ctx, wait); err != nil {
		return &notSentError{c.transportError(ctx, err)}
	}
	return nil
}

// getJSON sends r and decodes a 2xx answer into out.
func (c *Client) getJSON(ctx context.Context, r request, out any) error {
	a, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	return c.decode(ctx, r, a, out)
}

// getChecked is getJSON for an answer that makes sense only when check,
// run once out is decoded, says so: one that decodes but fails it is a
// *DecodeError with the body.
func (c *Client) getChecked(ctx context.Context, r request, out any, check func() error) error {
	a, err := c.send(ctx, r)
	if err == nil {
		err = c.decode(ctx, r, a, out)
	}
	if err == nil {
		if bad := check(); bad != nil {
			err = c.decodeError(r, a, bad)
		}
	}
	return err
}

// decode unmarshals a 2xx answer, or reports what the body said instead. A
// body that does not decode after the deadline passed was cut short: that
// is a timeout.
func (c *Client) decode(ctx context.Context, r request, a answer, out any) error {
	if err := json.Unmarshal(a.body, out); err != nil {
		return c.undecodable(ctx, r, a, err)
	}
	return nil
}

// undecodable is the error for a 2xx answer that is not what was expected.
func (c *Client) undecodable(ctx context.Context, r request, a answer, err error) error {
	if retry.Stopped(ctx) != nil {
		return c.transportError(ctx, err)
	}
	return c.decodeError(r, a, err)
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
