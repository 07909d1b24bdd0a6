package halotest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Server is a Tenant served over TLS on a loopback port, with the client
// that reaches it.
type Server struct {
	Tenant *Tenant
	Host   string // the hostname the demo types: the scenario's
	URL    string // "https://" + Host, what the client code is given
	Addr   string // the loopback address actually listened on

	http      *http.Server
	transport *http.Transport
	served    chan struct{}
	closeOnce sync.Once
}

// closeGrace bounds how long Close waits for handlers to return after their
// connections are cut; they return at once unless one is stuck writing.
const closeGrace = 2 * time.Second

// Start serves the tenant sc describes on 127.0.0.1 with a certificate made
// for it. Close the server when done (t.Cleanup(srv.Close) in a test).
func Start(sc Scenario, opts ...Option) (*Server, error) {
	ca, err := newAuthority("halowiz simulated Halo CA")
	if err != nil {
		return nil, err
	}
	cert, err := ca.issue(certificateNames(sc), sc.Transport == TransportExpiredCert)
	if err != nil {
		return nil, err
	}
	trusted := ca.pool()
	if sc.Transport == TransportUntrustedCert {
		// The client trusts another authority, as a machine trusts the
		// public ones and not the one that signed this certificate.
		other, err := newAuthority("an authority the server does not use")
		if err != nil {
			return nil, err
		}
		trusted = other.pool()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	tenant := NewTenant(sc, opts...)
	s := &Server{
		Tenant: tenant,
		Host:   sc.HostName(),
		URL:    "https://" + sc.HostName(),
		Addr:   ln.Addr().String(),
		http: &http.Server{
			Handler:           tenant,
			TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
			ReadHeaderTimeout: 10 * time.Second,
			// Handshake failures (tls-failure) and aborted answers would be
			// logged to stderr, over the demo's screen.
			ErrorLog: log.New(io.Discard, "", 0),
		},
		served: make(chan struct{}),
	}
	s.transport = s.newTransport(sc.Transport, trusted)
	go func() {
		defer close(s.served)
		_ = s.http.ServeTLS(ln, "", "")
	}()
	return s, nil
}

// newTransport is the client side: no proxy, the given trust, and a dialer
// that connects every host and port to the listener, or fails the way the
// scenario's network does.
func (s *Server) newTransport(fault TransportFault, trusted *x509.CertPool) *http.Transport {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if err := dialFault(fault, network, addr); err != nil {
				return nil, err
			}
			return dialer.DialContext(ctx, "tcp", s.Addr)
		},
		TLSClientConfig:     &tls.Config{RootCAs: trusted, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:   true,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConns:        16,
		IdleConnTimeout:     30 * time.Second,
	}
}

// dialFault is the error the scenario's network answers a dial with, shaped
// as the real failure is so that errors.As and errors.Is classify it.
func dialFault(fault TransportFault, network, addr string) error {
	host, port, _ := net.SplitHostPort(addr)
	switch fault {
	case TransportDNSFailure:
		return &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{
			Err: "no such host", Name: host, IsNotFound: true}}
	case TransportConnectionRefused:
		p, _ := strconv.Atoi(port)
		return &net.OpError{Op: "dial", Net: network,
			Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: p},
			Err:  os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return nil
}

// Client returns a new client for the server; clients share one transport,
// so they share connections. It has no timeout of its own: callers bound
// requests with contexts, or set Timeout on the returned client.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.transport}
}

// Close releases held requests, closes the listener and every connection,
// waits (up to two seconds) for the handlers to return and closes the
// clients' idle connections. It is not graceful on purpose: the tenant has
// already answered or released everything worth waiting for, and HTTP/2's
// graceful shutdown would wait a second for clients to hang up.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.Tenant.Close()
		_ = s.http.Close()
		<-s.served
		s.Tenant.drain(closeGrace)
		s.transport.CloseIdleConnections()
	})
}
