package huntress

import (
	"errors"
	"fmt"
	"halowiz/statusline"
	"net/http"
	"strings"
)

// The sentinel errors below classify every failure; test with errors.Is.
// The text a caller shows comes from the wrapping error, which adds the
// request and what Huntress said.
var (
	// ErrUnauthorized: Huntress refused the key pair (401 or 403).
	ErrUnauthorized = errors.New("the Huntress API key or secret was refused")
	// ErrRateLimited: Huntress answered 429 for longer than the deadline
	// allowed to wait.
	ErrRateLimited = errors.New("the Huntress API rate limit (60 requests a minute) was reached")
	// ErrUnreachable: DNS, TCP, TLS or a proxy failed before Huntress answered.
	ErrUnreachable = errors.New("the Huntress API could not be reached")
	// ErrTimeout: no complete answer within the deadline.
	ErrTimeout = errors.New("the Huntress API did not answer in time")
	// ErrTooLarge: the answer was larger than Options.MaxBody.
	ErrTooLarge = errors.New("the Huntress API answer is too large")
	// ErrUnexpectedAnswer: something answered, but not with the JSON the
	// Huntress API sends (a proxy page, a captive portal, a changed API).
	ErrUnexpectedAnswer = errors.New("the answer is not the Huntress API's JSON")
)

// credentialsHelp is the next step after ErrUnauthorized.
const credentialsHelp = "check both values, or generate a new pair at " +
	"<account>.huntress.io/account/api_credentials (the secret is shown only once)"

// APIError is an HTTP error answer from Huntress. Message is what Huntress
// said: the message of its JSON error body, or the title of an HTML page,
// already cleared of secrets. APIError wraps ErrUnauthorized for 401 and 403
// and ErrRateLimited for 429, so errors.Is works on it.
type APIError struct {
	Method  string
	Path    string
	Status  int
	Message string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	kind := e.Unwrap()
	if kind != nil {
		fmt.Fprintf(&b, ": %v", kind)
	}
	said := statusline.Beyond(e.Message, e.Status)
	switch {
	case said != "" && kind != nil:
		fmt.Fprintf(&b, " (Huntress said %q)", said)
	case said != "":
		fmt.Fprintf(&b, ": %s", said)
	}
	if kind == ErrUnauthorized {
		b.WriteString("; " + credentialsHelp)
	}
	return b.String()
}

// Unwrap returns the sentinel the status stands for, if any.
func (e *APIError) Unwrap() error {
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return ErrUnauthorized
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return nil
}

// requestError is every failure that is not an HTTP error answer: the
// network, the deadline, the body limit, an undecodable answer. Its text is
// redacted when it is made; Unwrap gives the sentinel and the cause.
type requestError struct {
	method, path string
	kind         error  // one of the sentinels above
	detail       string // redacted
	cause        error
}

func (e *requestError) Error() string {
	if e.detail == "" {
		return fmt.Sprintf("%s %s: %v", e.method, e.path, e.kind)
	}
	return fmt.Sprintf("%s %s: %v: %s", e.method, e.path, e.kind, e.detail)
}

func (e *requestError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}
