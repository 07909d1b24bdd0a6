package halo

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// dialing is an HTTP client whose every connection is made by dial.
func dialing(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = dial
	return &http.Client{Transport: tr}
}

func noSuchHost(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, _ := net.SplitHostPort(addr)
	return nil, &net.OpError{Op: "dial", Net: network,
		Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
}

// closedPort is an address on this machine where nothing listens.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestNetworkFailuresAreToldApart(t *testing.T) {
	t.Parallel()
	untrusted := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(untrusted.Close)
	refused := closedPort(t)
	tests := []struct {
		name string
		hc   *http.Client
		kind NetKind
	}{
		{"DNS", dialing(noSuchHost), NetDNS},
		{"refused", dialing(func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, refused)
		}), NetRefused},
		{"TLS", dialing(func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, untrusted.Listener.Addr().String())
		}), NetTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := fastRetries(New(Options{Host: "acme.halopsa.com", ClientSecret: testSecret, HTTPClient: tt.hc}))
			for call, run := range map[string]func(context.Context) error{
				"Discover": func(ctx context.Context) error { _, err := c.Discover(ctx); return err },
				"Token":    c.Token,
			} {
				err := run(timeout(t, 10*time.Second))
				var netErr *NetError
				if !errors.As(err, &netErr) || netErr.Kind != tt.kind || netErr.Host != "acme.halopsa.com" {
					t.Fatalf("%s: err = %v, want a NetError of kind %v", call, err, tt.kind)
				}
				if !errors.Is(err, ErrUnreachable) || errors.Is(err, ErrTimeout) {
					t.Errorf("%s: err = %v, want ErrUnreachable and not ErrTimeout", call, err)
				}
			}
		})
	}
}

func TestDNSFailureOfAnInvalidNameIsNotRetried(t *testing.T) {
	t.Parallel()
	dials := 0
	c := fastRetries(New(Options{Host: "acme.halopsa.com", HTTPClient: dialing(
		func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials++
			return noSuchHost(ctx, network, addr)
		})}))
	if _, err := c.Discover(timeout(t, 10*time.Second)); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v", err)
	}
	if dials != 1 {
		t.Errorf("%d dials, want 1", dials)
	}
}

func TestRefusedConnectionIsRetriedWithinTheDeadline(t *testing.T) {
	t.Parallel()
	refused := closedPort(t)
	dials := 0
	c := fastRetries(New(Options{Host: "acme.halopsa.com", HTTPClient: dialing(
		func(ctx context.Context, network, _ string) (net.Conn, error) {
			dials++
			return (&net.Dialer{}).DialContext(ctx, network, refused)
		})}))
	start := time.Now()
	_, err := c.Discover(timeout(t, 20*time.Second))
	var netErr *NetError
	if !errors.As(err, &netErr) || netErr.Kind != NetRefused {
		t.Fatalf("err = %v, want refused", err)
	}
	if dials != maxAttempts || time.Since(start) > 10*time.Second {
		t.Errorf("%d dials in %s, want %d quick ones", dials, time.Since(start), maxAttempts)
	}
}

func TestNetKindsReadAsSentences(t *testing.T) {
	for _, k := range []NetKind{NetOther, NetDNS, NetRefused, NetTLS, NetTimeout} {
		if k.String() == "" {
			t.Errorf("kind %d has no text", k)
		}
	}
	err := &NetError{Kind: NetDNS, Host: "acme.halopsa.com", Err: errors.New("lookup acme.halopsa.com: no such host")}
	if got, want := err.Error(), "acme.halopsa.com: the name does not resolve (DNS): lookup acme.halopsa.com: no such host"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
