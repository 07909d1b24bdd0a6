package halo

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// NetKind says which part of reaching Halo failed; the hostname check
// gives each its own advice.
type NetKind int

// The kinds of NetError.
const (
	NetOther   NetKind = iota // any other network failure
	NetDNS                    // the name does not resolve
	NetRefused                // nothing accepts connections at the address
	NetTLS                    // the certificate or the TLS handshake failed
	NetTimeout                // no answer within the deadline
)

func (k NetKind) String() string {
	switch k {
	case NetDNS:
		return "the name does not resolve (DNS)"
	case NetRefused:
		return "the connection was refused"
	case NetTLS:
		return "the TLS certificate or handshake failed"
	case NetTimeout:
		return "no answer within the deadline"
	}
	return "network error"
}

// NetError is a request that got no HTTP answer. errors.Is(err,
// ErrTimeout) holds for NetTimeout and errors.Is(err, ErrUnreachable) for
// every other kind; Err is the underlying error, for errors.As.
type NetError struct {
	Kind NetKind
	Host string
	Err  error
}

func (e *NetError) Error() string {
	return fmt.Sprintf("%s: %s: %v", e.Host, e.Kind, e.Err)
}

func (e *NetError) Unwrap() error { return e.Err }

// Is maps the kind onto ErrTimeout or ErrUnreachable.
func (e *NetError) Is(target error) bool {
	if e.Kind == NetTimeout {
		return target == ErrTimeout
	}
	return target == ErrUnreachable
}

// classifyNet turns a transport failure into a *NetError. A deadline comes
// first: whatever else went wrong, the person's deadline ran out. Past
// NetKindOf's types, the messages of errors without one are read too.
func classifyNet(host string, err error) *NetError {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err // the URL is already in the message's context
	}
	kind := NetKindOf(err)
	switch {
	case errors.Is(err, errOwnRateLimit):
		kind = NetTimeout
	case kind == NetDNS || kind == NetTLS || errors.Is(err, context.DeadlineExceeded):
		// the types settle it: NetKindOf tries them before the messages below
	case strings.Contains(err.Error(), "tls: "):
		kind = NetTLS
	case isRefused(err):
		kind = NetRefused
	}
	return &NetError{Kind: kind, Host: host, Err: err}
}

// NetKindOf tells apart how a request failed by the types of the errors it
// wraps alone: a deadline, a name that does not resolve, a certificate or
// TLS error, a refused connection, a network timeout, in that order;
// anything else is NetOther. The client's own NetError also reads the
// messages of errors that carry no such type.
func NetKindOf(err error) NetKind {
	var (
		dnsErr    *net.DNSError
		netErr    net.Error
		verify    *tls.CertificateVerificationError
		record    tls.RecordHeaderError
		alert     tls.AlertError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return NetTimeout
	case errors.As(err, &dnsErr):
		return NetDNS
	case errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) ||
		errors.As(err, &authority) || errors.As(err, &hostname) || errors.As(err, &invalid):
		return NetTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		return NetRefused
	case errors.As(err, &netErr) && netErr.Timeout():
		return NetTimeout
	}
	return NetOther
}

func isNetTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

func isRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "connection refused")
}

// neverSent reports whether a failed request certainly never left this
// machine: the connection was refused while dialling. Only then may a
// request that creates a record be repeated.
func neverSent(err error) bool {
	var op *net.OpError
	if !errors.As(err, &op) || (op.Op != "dial" && op.Op != "proxyconnect") {
		return false
	}
	var dnsErr *net.DNSError
	return isRefused(err) && !errors.As(err, &dnsErr)
}
