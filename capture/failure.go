package capture

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"

	"halowiz/halo"
)

// failureKind tells apart how a request failed, the way the clients tell
// it apart to advise on it, so that a replay can fail the same way.
func failureKind(err error) string {
	if errors.Is(err, context.Canceled) {
		return FailCanceled
	}
	switch halo.NetKindOf(err) {
	case halo.NetTimeout:
		return FailTimeout
	case halo.NetDNS:
		return FailDNS
	case halo.NetTLS:
		return FailTLS
	case halo.NetRefused:
		return FailRefused
	}
	return FailOther
}

// replayedFailure is a recorded failure, as the replay returns it: shaped
// as the original was (a DNS error, a refused dial, a certificate error, a
// timeout), so that the clients classify it the same way.
func replayedFailure(f Failure, host string) error {
	msg := errors.New(f.Message)
	switch f.Kind {
	case FailDNS:
		return &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: hostOnly(host), IsNotFound: true}}
	case FailRefused:
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	case FailTLS:
		return &tls.CertificateVerificationError{Err: errors.New(strings.TrimPrefix(f.Message, "tls: failed to verify certificate: "))}
	case FailTimeout:
		return timeoutError{msg: f.Message}
	case FailCanceled:
		return context.Canceled
	}
	return msg
}

// timeoutError is a recorded timeout: a net.Error whose Timeout is true.
type timeoutError struct{ msg string }

func (e timeoutError) Error() string   { return e.msg }
func (e timeoutError) Timeout() bool   { return true }
func (e timeoutError) Temporary() bool { return true }

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}
