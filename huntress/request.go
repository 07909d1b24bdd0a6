package huntress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"halowiz/retry"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// maxErrorBody is how much of an error answer is read for its message.
const maxErrorBody = 64 << 10

// get sends GET path?query, repeating it while Huntress answers 429 or a
// gateway error and the deadline leaves room for the wait, and decodes the
// JSON answer into out. It is the only place that talks HTTP.
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	if c.baseErr != nil {
		return c.baseErr
	}
	target := c.base.JoinPath(path)
	target.RawQuery = query.Encode()
	for attempt := 0; ; attempt++ {
		if err := c.limiter.Wait(ctx); err != nil {
			return c.waitError(ctx, path, "the client's share of Huntress's 60 requests a minute", err)
		}
		resp, err := c.send(ctx, target)
		if err != nil {
			return c.transportError(ctx, path, err)
		}
		if !retry.Transient(resp.StatusCode) || attempt+1 == maxAttempts {
			return c.finish(ctx, path, resp, out)
		}
		wait := retry.After(resp.Header, time.Now())
		asked := wait > 0
		if !asked {
			wait = retry.Backoff(attempt+1, backoffBase, backoffCap)
		}
		failure := c.apiError(path, resp)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			pause := "a retry in " + wait.Round(time.Millisecond).String()
			if asked {
				pause = "the wait Huntress asked for (" + wait.Round(time.Millisecond).String() + ")"
			}
			return fmt.Errorf("%w; %s would pass the deadline", failure, pause)
		}
		c.debug.printf("GET %s -> %d, retry %d in %s (Retry-After given: %t)", path, resp.StatusCode, attempt+1, wait.Round(time.Millisecond), asked)
		if c.onWait != nil {
			c.onWait(ctx, Wait{Status: failure.Status, Delay: wait, Retry: attempt + 1, Asked: asked, Request: "GET " + path})
		}
		if err := retry.Sleep(ctx, wait); err != nil {
			return c.waitError(ctx, path, fmt.Sprintf("a retry after %d", failure.Status), err)
		}
	}
}

func (c *Client) send(ctx context.Context, target *url.URL) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.key, c.secret)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "halowiz")
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.debug.printf("GET %s -> no answer after %s: %v", target.RequestURI(), time.Since(start).Round(time.Millisecond), err)
		return nil, err
	}
	c.debug.printf("GET %s -> %s in %s", target.RequestURI(), resp.Status, time.Since(start).Round(time.Millisecond))
	return resp, nil
}

// finish turns the last answer into the decoded value or an error.
func (c *Client) finish(ctx context.Context, path string, resp *http.Response, out any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.apiError(path, resp)
	}
	defer resp.Body.Close()
	body, err := readLimited(resp, c.maxBody)
	if errors.Is(err, ErrTooLarge) {
		return &requestError{method: http.MethodGet, path: path, kind: ErrTooLarge,
			detail: fmt.Sprintf("more than %d bytes; halowiz reads at most that much", c.maxBody)}
	}
	if err != nil {
		return c.transportError(ctx, path, err)
	}
	if err := json.Unmarshal(body, out); err != nil {
		if retry.Stopped(ctx) != nil {
			return c.transportError(ctx, path, err) // a body cut short by the deadline
		}
		if looksLikeHTML(body) {
			return c.unexpected(path, htmlTitle(body))
		}
		return c.unexpected(path, err.Error())
	}
	return nil
}

// apiError reads an error answer (a bounded part of it) and closes it.
func (c *Client) apiError(path string, resp *http.Response) *APIError {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	msg := errorMessage(resp.Header.Get("Content-Type"), body)
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		msg = fmt.Sprintf("redirected to %q, which halowiz does not follow with the credentials", resp.Header.Get("Location"))
	}
	return &APIError{Method: http.MethodGet, Path: path, Status: resp.StatusCode, Message: c.redact.Redact(msg)}
}

// readLimited reads the whole body, or fails with ErrTooLarge past limit.
func readLimited(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, ErrTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, ErrTooLarge
	}
	return body, nil
}

// transportError classifies a failure to get an answer: the deadline (or a
// network timeout) is ErrTimeout, the caller's cancellation stays
// context.Canceled, everything else (DNS, refused, TLS, proxy, reset) is
// ErrUnreachable.
func (c *Client) transportError(ctx context.Context, path string, err error) error {
	cause := err
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		cause = urlErr.Err // its text repeats the URL
	}
	kind := ErrUnreachable
	var netErr net.Error
	stopped := retry.Stopped(ctx)
	switch {
	case errors.Is(stopped, context.Canceled):
		kind = context.Canceled
	case stopped != nil, errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		kind = ErrTimeout
	}
	detail := cause.Error()
	if kind == ErrTimeout && stopped != nil {
		detail = "no complete answer before the deadline"
	}
	return &requestError{method: http.MethodGet, path: path, kind: kind, detail: c.redact.Redact(detail), cause: err}
}

// waitError is a wait (the rate budget or a retry pause) that the deadline
// or the caller cut short.
func (c *Client) waitError(ctx context.Context, path, waitingFor string, err error) error {
	kind := ErrTimeout
	if errors.Is(ctx.Err(), context.Canceled) {
		kind = context.Canceled
	}
	return &requestError{method: http.MethodGet, path: path, kind: kind,
		detail: c.redact.Redact("stopped waiting for " + waitingFor + ": " + err.Error()), cause: err}
}

func (c *Client) unexpected(path, detail string) error {
	return &requestError{method: http.MethodGet, path: path, kind: ErrUnexpectedAnswer, detail: c.redact.Redact(detail)}
}
