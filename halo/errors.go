package halo

import (
	"errors"
	"fmt"
	"halowiz/statusline"
	"net/http"
	"strings"
	"time"
)

// Sentinels for the failures the checks tell apart. Match them with
// errors.Is; the concrete types below carry the evidence.
var (
	// ErrNotHalo: the host answered, but neither /api/authinfo nor the OIDC
	// discovery document looks like Halo. The *APIError or *DecodeError of
	// each attempt stays in the chain.
	ErrNotHalo = errors.New("the host answered, but not as a Halo API")
	// ErrUnreachable: DNS, TCP or TLS failed (*NetError of any kind but
	// NetTimeout).
	ErrUnreachable = errors.New("cannot reach the host")
	// ErrTimeout: no answer within the context's deadline (*NetError of
	// kind NetTimeout).
	ErrTimeout = errors.New("no answer within the deadline")
	// ErrInvalidClient: the token endpoint refused the Client ID or Client
	// Secret (*TokenError).
	ErrInvalidClient = errors.New("the token endpoint refused the client ID or secret")
	// ErrInvalidScope: the application may not have the scopes asked for
	// (*TokenError).
	ErrInvalidScope = errors.New("the application lacks a permission (scope) that was asked for")
	// ErrTokenRefused: the token endpoint refused for another reason, or
	// did not answer like one (*TokenError).
	ErrTokenRefused = errors.New("the token endpoint did not issue a token")
	// ErrTokenRejected: the API refused the access token itself (401 with
	// WWW-Authenticate error="invalid_token"), on a token fetched anew for
	// the retry too: Halo issues tokens it does not accept, or revokes
	// them as soon as they are used (*APIError with Status 401).
	ErrTokenRejected = errors.New("the API refused the access token Halo issued")
	// ErrRateLimited: Halo answered 429 and waiting as long as it asked
	// would pass the deadline (*APIError or *TokenError with Status 429).
	ErrRateLimited = errors.New("rate limited by Halo")
	// ErrNoTicketID: an update was asked for without a ticket id, which
	// Halo would take as a create; it is never sent.
	ErrNoTicketID = errors.New("no ticket id: an update without one would create a ticket, so it was not sent")
	// ErrTooLarge: an answer was larger than Options.MaxBody.
	ErrTooLarge = errors.New("the answer is larger than halowiz reads")
)

// APIError is an answer from Halo's API with a status other than 2xx. Its
// fields are redacted when it is made; Path keeps the query, which never
// holds a secret, and no field ever holds the token.
type APIError struct {
	Method, Path string
	Status       int
	Messages     []string      // one per line or field error, as Halo worded them
	Body         string        // redacted excerpt (about 1 KiB); an HTML page's <title>
	HTML         bool          // the answer was a web page, not an API answer
	RetryAfter   time.Duration // what Retry-After asked for, when Halo sent it
	// TokenRejected: a 401 that refused the token itself (RFC 6750's
	// error="invalid_token"), not the agent's rights.
	TokenRejected bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", e.Method, e.Path, statusline.Text(e.Status))
	switch {
	case len(e.Messages) == 1 && statusline.Beyond(e.Messages[0], e.Status) == "":
		// a body that only repeats the status says nothing more
	case len(e.Messages) > 0:
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	case e.HTML && (e.Body == "" || statusline.Beyond(e.Body, e.Status) == ""):
		b.WriteString(": an HTML page")
	case e.HTML:
		fmt.Fprintf(&b, ": an HTML page titled %q", e.Body)
	case e.Body != "" && statusline.Beyond(e.Body, e.Status) != "":
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (Halo asked to wait %s)", e.RetryAfter)
	}
	if e.TokenRejected {
		b.WriteString(" (invalid_token: the access token itself was refused)")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrRateLimited) hold for a 429, and
// errors.Is(err, ErrTokenRejected) for a refused token.
func (e *APIError) Is(target error) bool {
	return (target == ErrRateLimited && e.Status == http.StatusTooManyRequests) ||
		(target == ErrTokenRejected && e.TokenRejected)
}

// Mentions reports whether any of Halo's messages contains any of substr,
// ignoring case. When no message could be decoded, the body excerpt is
// searched instead, so that an unfamiliar error shape still matches.
func (e *APIError) Mentions(substr ...string) bool {
	texts := e.Messages
	if len(texts) == 0 && !e.HTML {
		texts = []string{e.Body}
	}
	for _, t := range texts {
		t = strings.ToLower(t)
		for _, s := range substr {
			if s != "" && strings.Contains(t, strings.ToLower(s)) {
				return true
			}
		}
	}
	return false
}

// DecodeError is a 2xx answer whose body is not the JSON the call expects.
// It shows the start of the body verbatim (redacted) rather than guessing.
type DecodeError struct {
	Method, Path string
	Status       int
	Body         string // redacted excerpt; an HTML page's <title>
	HTML         bool
	Err          error
}

func (e *DecodeError) Error() string {
	if e.HTML {
		return fmt.Sprintf("%s %s: %s: expected JSON, got an HTML page titled %q", e.Method, e.Path, statusline.Text(e.Status), e.Body)
	}
	return fmt.Sprintf("%s %s: %s: the answer is not the JSON halowiz expected (%v); it reads: %s",
		e.Method, e.Path, statusline.Text(e.Status), e.Err, e.Body)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// TokenError is a refusal from the token endpoint. Kind is ErrInvalidClient,
// ErrInvalidScope or ErrTokenRefused; none of the fields holds the secret.
type TokenError struct {
	Kind        error
	Status      int
	Code        string        // the OAuth "error" value, e.g. invalid_client
	Description string        // error_description, or what the body said (an HTML page's title)
	URL         string        // the token URL (no secret is ever in it)
	RetryAfter  time.Duration // what Retry-After asked for on a 429
}

func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: POST %s", e.Kind, e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": %s", statusline.Text(e.Status))
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if d := statusline.Beyond(e.Description, e.Status); d != "" {
		fmt.Fprintf(&b, ": %s", d)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (Halo asked to wait %s)", e.RetryAfter)
	}
	return b.String()
}

// Unwrap yields Kind, and ErrRateLimited as well for a 429.
func (e *TokenError) Unwrap() []error {
	errs := []error{e.Kind}
	if e.Status == http.StatusTooManyRequests {
		errs = append(errs, ErrRateLimited)
	}
	return errs
}

// notSentError marks a failure that happened before the request left this
// machine: the token could not be had, the hostname is not one, the
// connection was refused while dialling. Halo cannot have acted on it.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// NotSent reports whether a request certainly never reached Halo, so that
// it cannot have created anything: a caller need not look for what a lost
// answer may have made. Every other failure of a write may have reached
// Halo, except a refusal (Refused).
func NotSent(err error) bool {
	var n *notSentError
	return errors.As(err, &n) || errors.Is(err, ErrInvalidHost)
}

// Refused reports whether Halo answered the request and turned it down
// without acting on it (a 4xx, 429 included: Halo's rate limiter answers
// before anything is handled): a refused write created nothing.
func Refused(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status >= 400 && apiErr.Status < 500
}

// notHaloError is ErrNotHalo with the answers that led to it.
type notHaloError struct {
	host     string
	attempts []error
}

func (e *notHaloError) Error() string {
	parts := make([]string, len(e.attempts))
	for i, err := range e.attempts {
		parts[i] = err.Error()
	}
	return fmt.Sprintf("%s: %v: %s", e.host, ErrNotHalo, strings.Join(parts, "; "))
}

func (e *notHaloError) Unwrap() []error { return append([]error{ErrNotHalo}, e.attempts...) }
