package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"halowiz/watch"
	"halowiz/watch/watchtest"
)

type watchDoc struct {
	OK    bool `json:"ok"`
	Steps []struct {
		ID       string `json:"id"`
		Status   string `json:"status"`
		Findings []struct {
			ID string `json:"id"`
		} `json:"findings"`
	} `json:"steps"`
}

func (d watchDoc) has(id string) bool {
	for _, s := range d.Steps {
		for _, f := range s.Findings {
			if f.ID == id {
				return true
			}
		}
	}
	return false
}

func TestWatchExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want int
	}{
		{"healthy demo", []string{"watch", "--demo", "--once", "--json"}, nil, exitOK},
		{"one cycle is the default", []string{"watch", "--demo", "--json"}, nil, exitOK},
		{"a report without its ticket", []string{"watch", "--demo", "--scenario", "ticket-missing", "--json"}, nil, exitFailed},
		{"a warning does not fail", []string{"watch", "--demo", "--scenario", "ticket-duplicate", "--json"}, nil, exitOK},
		{"a tenant scenario works too", []string{"watch", "--demo", "--scenario", "agent-no-team", "--json"}, nil, exitFailed},
		{"unknown scenario", []string{"watch", "--demo", "--scenario", "nope"}, nil, exitUsage},
		{"more than a tenth of Halo's budget", []string{"watch", "--demo", "--every", "1m"}, nil, exitUsage},
		{"once and every", []string{"watch", "--demo", "--once", "--every", "15m"}, nil, exitUsage},
		{"a webhook address on the command line, as the contract allows", []string{"watch", "--demo", "--notify", "https://hooks.example.com/services/T/B/secret"}, nil, exitOK},
		{"a webhook address with credentials", []string{"watch", "--demo", "--notify", "https://u:p@hooks.example.com/x"}, nil, exitUsage},
		{"a webhook variable that is not set", []string{"watch", "--demo", "--notify", "env:HOOK"}, nil, exitUsage},
		{"a plain-http webhook elsewhere", []string{"watch", "--demo", "--notify", "env:HOOK"}, map[string]string{"HOOK": "http://hooks.example.com/x"}, exitUsage},
		{"no host anywhere", []string{"watch", "--once"}, nil, exitUsage},
		{"a secret is never a flag", []string{"watch", "--client-secret", "s"}, nil, exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _, errOut := testApp(t, c.env)
			if got := a.run(context.Background(), c.args); got != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, c.want, errOut)
			}
			if strings.Contains(errOut.String(), "hooks.example.com") {
				t.Errorf("stderr names the webhook:\n%s", errOut)
			}
		})
	}
}

func TestWatchJSONHasASixthStepWatch(t *testing.T) {
	a, out, _ := testApp(t, nil)
	if code := a.run(context.Background(), []string{"watch", "--demo", "--scenario", "psa-action", "--once", "--json"}); code != exitFailed {
		t.Fatalf("exit %d", code)
	}
	var d watchDoc
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, out)
	}
	var order []string
	for _, s := range d.Steps {
		order = append(order, s.ID)
	}
	if strings.Join(order, ",") != "agent,hostname,application,mapping,ticket,watch" || d.OK || !d.has("watch.huntress-psa-action") {
		t.Errorf("steps %v, ok %t, findings %+v", order, d.OK, d.Steps[len(d.Steps)-1])
	}
}

func TestWatchTextAndReport(t *testing.T) {
	a, out, _ := testApp(t, nil)
	path := filepath.Join(t.TempDir(), "watch.md")
	a.run(context.Background(), []string{"watch", "--demo", "--scenario", "open-after-close", "--report", path})
	if !strings.HasPrefix(out.String(), "halowiz watch acme.halopsa.com") || !strings.Contains(out.String(), "[watch.ticket-open-after-close]") ||
		strings.Contains(out.String(), "For Huntress (Integrations > HaloPSA)") {
		t.Errorf("text output:\n%s", out)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "`watch.ticket-open-after-close`") || strings.Contains(string(b), "hwDemo.") {
		t.Errorf("report (%v):\n%s", err, b)
	}
}

// hookServer is a local webhook that keeps what it was sent.
func hookServer(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), bodies...)
	}
}

func TestWatchNotifiesWhatChangedOnly(t *testing.T) {
	srv, posted := hookServer(t)
	hook := srv.URL + "/hook/XXXXsecretXXXX"
	for _, c := range []struct {
		scenario string
		posts    int
		notify   string
	}{{"healthy", 0, "env:HOOK"}, {"ticket-missing", 1, "env:HOOK"}, {"healthy", 0, hook}} {
		before := len(posted())
		a, out, errOut := testApp(t, map[string]string{"HOOK": hook})
		a.run(context.Background(), []string{"watch", "--demo", "--scenario", c.scenario, "--notify", c.notify})
		if got := len(posted()) - before; got != c.posts {
			t.Errorf("%s: %d notifications, want %d", c.scenario, got, c.posts)
		}
		if strings.Contains(out.String()+errOut.String(), "XXXXsecretXXXX") {
			t.Errorf("%s: the output names the webhook", c.scenario)
		}
	}
	if p := posted(); len(p) != 1 || !strings.Contains(p[0], `"id":"watch.ticket-missing"`) || !strings.Contains(p[0], `"text":"halowiz watch acme.halopsa.com: something fails`) {
		t.Errorf("posted %v", p)
	}
}

func TestWatchEveryEndsOnInterruptWith130(t *testing.T) {
	a, out, _ := testApp(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- a.run(ctx, []string{"watch", "--demo", "--scenario", "ticket-missing", "--every", "5m"})
	}()
	time.Sleep(3 * time.Second) // the first cycle, then the wait
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want 130", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch --every did not end after the interrupt")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 2 || !strings.Contains(lines[0], "acme.halopsa.com ✗ ") || !strings.Contains(out.String(), "new fail: watch.ticket-missing") {
		t.Errorf("--every output:\n%s", out)
	}
}

func TestDemoListNamesTheWatchScenarios(t *testing.T) {
	a, out, _ := testApp(t, nil)
	if code := a.run(context.Background(), []string{"demo", "--scenario", "list"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, name := range []string{"mandatory-fields", "halowiz watch --demo", "psa-action", "rotated-secret", "ticket-missing", "no-reports"} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("the list lacks %s:\n%s", name, out)
		}
	}
	a, helpOut, _ := testApp(t, nil)
	if code := a.run(context.Background(), []string{"watch", "-h"}); code != exitOK || !strings.Contains(helpOut.String(), "--every") {
		t.Errorf("watch -h: exit %d\n%s", code, helpOut)
	}
}

// watchWorld is a watch run against a served scenario, its state in a
// temporary folder.
func watchWorld(t *testing.T, scenario string) watchRun {
	t.Helper()
	sc, ok := watchtest.Lookup(scenario)
	if !ok {
		t.Fatalf("no watch scenario %q", scenario)
	}
	w, err := watchtest.Start(sc, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	cfg := w.Config()
	cfg.Timeout = 5 * time.Second
	return watchRun{cfg: cfg, env: w.Env(), statePath: filepath.Join(t.TempDir(), watch.StateFile), cleanup: func() {}}
}

func TestAChangeWhoseNotificationFailedGoesWithTheNext(t *testing.T) {
	var mu sync.Mutex
	var answered []int
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		status := http.StatusOK
		if len(answered) == 0 {
			status = http.StatusNotFound // the webhook was being set up again
		}
		answered, bodies = append(answered, status), append(bodies, string(b))
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	n, err := watch.NewNotifier(srv.URL+"/hook", nil, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r := watchWorld(t, "ticket-missing")
	a, _, errOut := testApp(t, nil)
	for range 2 {
		a.watchCycle(context.Background(), watchOptions{json: true}, r, n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(answered) != 2 || !strings.Contains(bodies[1], `"id":"watch.ticket-missing"`) {
		t.Errorf("posts answered %v; the second should carry what the first could not:\n%v\nstderr:\n%s", answered, bodies, errOut)
	}
	if !strings.Contains(errOut.String(), "goes with the next notification") {
		t.Errorf("stderr does not say the change waits:\n%s", errOut)
	}
}

// cancelAfter is a transport that interrupts the run once a request
// matching method and path has had its answer.
type cancelAfter struct {
	base         http.RoundTripper
	method, path string
	cancel       context.CancelFunc
}

func (c cancelAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if r.Method == c.method && r.URL.Path == c.path {
		c.cancel()
	}
	return resp, err
}

func TestWatchInterruptedAfterTheTestTicketSaysWhatItLeft(t *testing.T) {
	r := watchWorld(t, "healthy")
	r.cfg.SendTestTicket = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hc := *r.env.HTTPClient
	hc.Transport = cancelAfter{base: hc.Transport, method: http.MethodPost, path: "/api/Tickets", cancel: cancel}
	r.env.HTTPClient = &hc
	a, _, errOut := testApp(t, nil)
	if _, code := a.watchCycle(ctx, watchOptions{json: true, sendTestTicket: true}, r, nil); code != exitInterrupted {
		t.Errorf("exit %d, want 130", code)
	}
	if !strings.Contains(errOut.String(), "halowiz: interrupted\nhalowiz: The test ticket") {
		t.Errorf("stderr does not say what became of the test ticket:\n%s", errOut)
	}
}

func TestWatchInterruptedWhileNotifyingExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // so that the server notices the client leave
		cancel()                  // Ctrl+C while the webhook takes its time
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	n, err := watch.NewNotifier(srv.URL+"/hook", nil, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	a, _, errOut := testApp(t, nil)
	if _, code := a.watchCycle(ctx, watchOptions{json: true}, watchWorld(t, "ticket-missing"), n); code != exitInterrupted {
		t.Errorf("exit %d, want 130; stderr:\n%s", code, errOut)
	}
}

func TestNotifyFileIsReadWithinABound(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "hook")
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(small, []byte("https://hooks.example.com/services/T/B/secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, []byte("https://hooks.example.com/"+strings.Repeat("x", 64<<10)), 0o600); err != nil {
		t.Fatal(err)
	}
	a, _, _ := testApp(t, nil)
	if n, err := a.watchNotifier(watchOptions{notify: "file:" + small}, time.Second); n == nil || err != nil {
		t.Errorf("a file holding the address: %v", err)
	}
	if _, err := a.watchNotifier(watchOptions{notify: "file:" + big}, time.Second); err == nil || !strings.Contains(err.Error(), "over 64 KiB") || strings.Contains(err.Error(), "hooks.example.com") {
		t.Errorf("a file over 64 KiB: %v", err)
	}
}

func TestTheDemosPrimingCycleKeepsToTimeout(t *testing.T) {
	a, _, errOut := testApp(t, nil)
	start := time.Now()
	code := a.run(context.Background(), []string{"watch", "--demo", "--once", "--timeout", "1ns"})
	if code != exitUsage || !strings.Contains(errOut.String(), "prime the demo's last good cycle") {
		t.Errorf("exit %d after %s; stderr:\n%s\nwant the priming cycle to give up within --timeout", code, time.Since(start).Round(time.Millisecond), errOut)
	}
}

func TestAStateFromANewerHalowizIsLeftAlone(t *testing.T) {
	r := watchWorld(t, "healthy")
	newer := []byte(`{"version": 99, "tenants": {}, "what_99_keeps": true}` + "\n")
	if err := os.WriteFile(r.statePath, newer, 0o600); err != nil {
		t.Fatal(err)
	}
	a, out, errOut := testApp(t, nil)
	if _, code := a.watchCycle(context.Background(), watchOptions{json: true}, r, nil); code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if b, _ := os.ReadFile(r.statePath); string(b) != string(newer) {
		t.Errorf("the newer state was overwritten:\n%s", b)
	}
	if !strings.Contains(errOut.String(), "written by a newer halowiz") || out.Len() != 0 {
		t.Errorf("stdout %q, stderr:\n%s", out, errOut)
	}
}
