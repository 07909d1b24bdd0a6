package halo

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// sequence answers with each handler in turn, repeating the last.
func sequence(hs ...http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(hs)-1)
		hs[i](w, r)
	}
}

func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeText(w, code, "text/plain", http.StatusText(code))
	}
}

var agentOK = answerJSON(200, map[string]any{"id": 7, "name": "Huntress API"})

func TestRetriesAfter429ForAsLongAsRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", sequence(status(429, "Retry-After", "1"), agentOK))
	start := time.Now()
	agent, err := f.client().Me(timeout(t, 5*time.Second))
	if err != nil || agent.ID != 7 {
		t.Fatalf("Me = %+v, %v", agent, err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %s, before the 1 s Halo asked for", waited)
	}
	f.wantCount(t, "GET /api/Agent/me", 2)
}

func TestRetriesAfter429UntilTheRetryAfterDate(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var asked time.Time
	f.on("GET /api/Agent/me", sequence(func(w http.ResponseWriter, r *http.Request) {
		asked = time.Now().Add(2 * time.Second).Truncate(time.Second)
		status(429, "Retry-After", asked.UTC().Format(http.TimeFormat))(w, r)
	}, agentOK))
	if _, err := f.client().Me(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if now := time.Now(); now.Before(asked) {
		t.Errorf("retried %s before the date Halo asked for", asked.Sub(now))
	}
}

func TestRateLimitedWhenHaloAsksToWaitPastTheDeadline(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", status(429, "Retry-After", "120"))
	c := f.readyClient(t)
	start := time.Now()
	_, err := c.Me(timeout(t, 5*time.Second))
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 2*time.Minute || !strings.Contains(err.Error(), "2m0s") {
		t.Errorf("err = %v, want it to say Halo asked to wait 2m0s", err)
	}
	if elapsed := time.Since(start); elapsed >= 5*time.Second { // waiting would have taken the whole deadline
		t.Errorf("took %s: waited although the wait could not fit", elapsed)
	}
	f.wantCount(t, "GET /api/Agent/me", 1)
}

func TestRetries503ThenSucceeds(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", sequence(status(503), status(502), agentOK))
	if _, err := f.client().Me(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	f.wantCount(t, "GET /api/Agent/me", 3)
}

func TestGivesUpAfterFourAttempts(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", status(504))
	_, err := f.client().Me(timeout(t, 5*time.Second))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 504 {
		t.Fatalf("err = %v, want the 504", err)
	}
	f.wantCount(t, "GET /api/Agent/me", maxAttempts)
}

func TestOtherStatusesAreNotRetried(t *testing.T) {
	t.Parallel()
	for _, code := range []int{400, 401, 403, 404, 500} {
		f := newFake(t)
		f.on("GET /api/Agent/me", status(code))
		_, err := f.client().Me(timeout(t, 5*time.Second))
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != code {
			t.Errorf("status %d: err = %v", code, err)
		}
		f.wantCount(t, "GET /api/Agent/me", 1)
	}
}

func TestCreateTicketIsNeverRetriedOnceHaloMayHaveIt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		is      error
	}{
		{"503", status(503), nil},
		{"502", status(502), nil},
		{"no answer before the deadline", hang, ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.on("POST /api/Tickets", tt.handler)
			_, err := f.readyClient(t).CreateTicket(timeout(t, time.Second), NewTicket{Summary: "test", ClientID: 1})
			if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			f.wantCount(t, "POST /api/Tickets", 1)
		})
	}
}

func TestCreateTicketIsRetriedAfter429BecauseHaloTurnedItAway(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /api/Tickets", sequence(status(429, "Retry-After", "0"), answerJSON(201, map[string]any{"id": 42})))
	tk, err := f.readyClient(t).CreateTicket(timeout(t, 5*time.Second), NewTicket{Summary: "test", ClientID: 1})
	if err != nil || tk.ID != 42 {
		t.Fatalf("CreateTicket = %+v, %v", tk, err)
	}
	f.wantCount(t, "POST /api/Tickets", 2)
}

func TestSetTicketStatusIsRetriedBecauseItIsIdempotent(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /api/Tickets", sequence(status(503), answerJSON(201, map[string]any{"id": 5, "status_id": 9})))
	ticket, err := f.client().SetTicketStatus(timeout(t, 5*time.Second), 5, 9)
	if err != nil || ticket.StatusID != 9 {
		t.Fatalf("SetTicketStatus = %+v, %v", ticket, err)
	}
	f.wantCount(t, "POST /api/Tickets", 2)
}

func TestCreateTicketIsRetriedWhenTheConnectionWasRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /api/Tickets", answerJSON(201, map[string]any{"id": 42}))
	hc := f.httpClient()
	tr := hc.Transport.(*http.Transport)
	dial := tr.DialContext
	var dials atomic.Int32
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 2 { // the first dial is the token request's
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return dial(ctx, network, addr)
	}
	tr.DisableKeepAlives = true
	c := fastRetries(New(Options{Host: testHost, ClientID: "id", ClientSecret: testSecret, HTTPClient: hc}))
	ticket, err := c.CreateTicket(timeout(t, 5*time.Second), NewTicket{Summary: "test"})
	if err != nil || ticket.ID != 42 {
		t.Fatalf("CreateTicket = %+v, %v", ticket, err)
	}
	f.wantCount(t, "POST /api/Tickets", 1)
}

func TestAnswersLargerThanMaxBodyAreRefusedWithoutReadingThem(t *testing.T) {
	t.Parallel()
	chunk := []byte(strings.Repeat("x", 64<<10))
	for _, declared := range []bool{true, false} {
		f := newFake(t)
		var written atomic.Int64
		f.on("GET /api/Agent/me", func(w http.ResponseWriter, r *http.Request) {
			if declared {
				w.Header().Set("Content-Length", strconv.Itoa(10<<20))
			}
			for range (10 << 20) / len(chunk) {
				n, err := w.Write(chunk)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		})
		_, err := f.client().Me(timeout(t, 15*time.Second))
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "4 MiB") {
			t.Errorf("declared=%v: err = %v, want ErrTooLarge naming the 4 MiB limit", declared, err)
		}
	}
}

func TestHugeErrorPageStillYieldsItsStatus(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", answerText(500, "text/html", "<html><title>Server Error</title>"+strings.Repeat("<p>trace</p>", 1<<20)+"</html>"))
	_, err := f.client().Me(timeout(t, 10*time.Second))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 500 || apiErr.Body != "Server Error" {
		t.Errorf("err = %v, want the 500 titled Server Error", err)
	}
}

func TestMaxBodyOptionIsHonoured(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", answerJSON(200, map[string]any{"id": 1, "name": strings.Repeat("n", 2000)}))
	_, err := f.client(func(o *Options) { o.MaxBody = 1000 }).Me(timeout(t, 5*time.Second))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestDeadlineIsKeptWhenHaloNeverAnswers(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", hang)
	c := f.readyClient(t)
	const deadline = 300 * time.Millisecond
	start := time.Now()
	_, err := c.Me(timeout(t, deadline))
	if elapsed := time.Since(start); elapsed > deadline+5*time.Second { // a hang would take the test's whole limit
		t.Errorf("returned after %s, deadline was %s", elapsed, deadline)
	}
	var netErr *NetError
	if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrUnreachable) || !errors.As(err, &netErr) || netErr.Kind != NetTimeout {
		t.Fatalf("err = %v, want a NetTimeout that is ErrTimeout only", err)
	}
	f.wantCount(t, "GET /api/Agent/me", 1)
}

func TestACallWithoutDeadlineIsBoundedByTheClientsTimeout(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", hang)
	c := f.readyClient(t, func(o *Options) { o.Timeout = 300 * time.Millisecond })
	_, err := c.Me(context.Background())
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
}

func TestCancelledRunIsNotANetworkFailure(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", hang)
	c := f.readyClient(t)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Me(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnreachable) || errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want context.Canceled alone", err)
	}
}

func TestCancelWhileWaitingToRetryIsACancel(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", status(503, "Retry-After", "10"))
	c := f.readyClient(t, func(o *Options) { o.Timeout = 30 * time.Second })
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	if _, err := c.Me(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) >= 10*time.Second {
		t.Errorf("the wait went on for %s after the cancel", time.Since(start))
	}
}

func TestRedirectsAreShownNotFollowed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://login.example.com/sso?token=abc", http.StatusFound)
	})
	_, err := f.client().Me(timeout(t, 5*time.Second))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 302 || !apiErr.Mentions("redirected to https://login.example.com") {
		t.Fatalf("err = %v, want the 302 and where it led", err)
	}
}

func TestUnexpectedJSONIsShownVerbatim(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", answerJSON(200, map[string]any{"id": "seven", "name": "Huntress API"}))
	_, err := f.client().Me(timeout(t, 5*time.Second))
	var decErr *DecodeError
	if !errors.As(err, &decErr) || !strings.Contains(decErr.Body, `"id":"seven"`) || !strings.Contains(err.Error(), `"id":"seven"`) {
		t.Fatalf("err = %v, want a DecodeError showing the body", err)
	}
	if decErr.Status != 200 || decErr.Path != "/api/Agent/me" {
		t.Errorf("DecodeError = %+v", decErr)
	}
}

func TestHTMLWhereJSONWasExpectedIsReducedToItsTitle(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", answerText(200, "text/html", "<html><head><title>Halo Login</title></head><body>form</body></html>"))
	_, err := f.client().Me(timeout(t, 5*time.Second))
	var decErr *DecodeError
	if !errors.As(err, &decErr) || !decErr.HTML || decErr.Body != "Halo Login" {
		t.Fatalf("err = %v, want an HTML DecodeError titled Halo Login", err)
	}
}

func TestRequestsCarryTheTokenAndIdentifyHalowiz(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Agent/me", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken || r.Header.Get("User-Agent") != "halowiz-test" ||
			r.Header.Get("Accept") != "application/json" || r.Host != testHost {
			t.Errorf("headers = %v, host %q", r.Header, r.Host)
		}
		agentOK(w, r)
	})
	if _, err := f.client(func(o *Options) { o.UserAgent = "halowiz-test" }).Me(timeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
}
