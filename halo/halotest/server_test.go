package halotest_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"

	"halowiz/halo/halotest"
)

func TestEveryHalopsaHostReachesTheTenant(t *testing.T) {
	t.Parallel()
	srv := start(t, halotest.Healthy())
	client := srv.Client()
	for _, host := range []string{"acme.halopsa.com", "globex.halopsa.com:443", "halopsa.com", "localhost:8443",
		"support.acme-it.com"} {
		resp, err := client.Get("https://" + host + "/api/authinfo")
		if err != nil {
			t.Errorf("%s: %v", host, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", host, resp.StatusCode)
		}
	}
	// A name the certificate does not cover fails as a real mismatch would.
	if _, err := client.Get("https://halo.example.org/api/authinfo"); err == nil {
		t.Error("a host outside the certificate was trusted")
	}
	if srv.Host != halotest.DefaultHost || srv.URL != "https://"+halotest.DefaultHost {
		t.Errorf("Host %q, URL %q", srv.Host, srv.URL)
	}
}

func TestLatencyEndsWithTheRequestContext(t *testing.T) {
	t.Parallel()
	srv := start(t, halotest.Healthy(), halotest.WithLatency(time.Minute))
	s := newSession(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	if _, err := s.try(ctx, http.MethodGet, "/api/authinfo", nil, ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Fatalf("took %v", took)
	}
	if !waitFor(func() bool { return srv.Tenant.Stats().InFlight == 0 }) {
		t.Error("the request is still held after its client gave up")
	}
}

// Close must release requests the tenant holds and leave no goroutine
// behind: the demo starts and stops tenants inside the real binary.
func TestCloseReleasesHeldRequestsAndLeaksNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	sc, _ := halotest.Lookup("never-answers")
	srv, err := halotest.Start(sc)
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, srv)
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			// No deadline: only Close can end these.
			_, err := s.try(context.Background(), http.MethodGet, "/api/authinfo", nil, "")
			errs <- err
		}()
	}
	if !waitFor(func() bool { return srv.Tenant.Stats().InFlight == 3 }) {
		t.Fatalf("requests did not arrive: %+v", srv.Tenant.Stats())
	}
	began := time.Now()
	srv.Close()
	if took := time.Since(began); took > time.Second {
		t.Errorf("Close took %v", took)
	}
	for range 3 {
		if err := <-errs; err == nil {
			t.Error("a held request got an answer")
		}
	}
	srv.Close() // twice is harmless
	if !waitFor(func() bool { return runtime.NumGoroutine() <= before }) {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after Close:\n%s", before, runtime.NumGoroutine(),
			buf[:runtime.Stack(buf, true)])
	}
}

// waitFor polls cond for up to two seconds.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		if cond() {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return cond()
}
