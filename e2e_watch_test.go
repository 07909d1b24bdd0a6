package main

// Black-box tests of `halowiz watch` through the built binary, in the
// manner of e2e_proxy_test.go (whose binary, authority and proxy they
// share): every demo scenario in JSON and text, the state file next to the
// settings carrying drift from one run to the next, the webhook, the
// interval refused, and Ctrl+C.

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/watch/watchtest"
)

// e2eWatchSeverity is the contract's table of the watch.* ids.
var e2eWatchSeverity = map[string]string{
	"watch.huntress-psa-action": "fail", "watch.token-refused": "fail", "watch.agent-changed": "fail",
	"watch.ticket-type-changed": "fail", "watch.resolution-status-changed": "fail", "watch.halo-upgraded": "info",
	"watch.ticket-missing": "fail", "watch.ticket-duplicate": "warn", "watch.ticket-open-after-close": "warn",
	"watch.ticket-wrong-client": "warn", "watch.flow-proven": "pass", "watch.flow-unproven": "info",
}

var e2eWatchOrder = append(slices.Clone(e2eStepOrder), "watch")

// e2eParseWatch checks stdout against the contract's JSON shape with the
// sixth step, and the exit status against ok.
func e2eParseWatch(t *testing.T, r e2eResult, wantHost string) e2eDoc {
	t.Helper()
	top := e2eFields(t, "document", r.stdout, map[string]string{"version": "number", "host": "string", "ok": "bool", "steps": "array"})
	if top == nil {
		t.Fatalf("stdout is not the JSON document (exit %d)\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	var d e2eDoc
	if err := json.Unmarshal(r.stdout, &d); err != nil {
		t.Fatalf("decode the document: %v", err)
	}
	var order []string
	failed := false
	for _, s := range d.Steps {
		order = append(order, s.ID)
		failed = failed || s.Status == "fail"
		e2eCheckStep(t, s)
		for _, f := range s.Findings {
			if want, ok := e2eWatchSeverity[f.ID]; ok && f.Severity != want {
				t.Errorf("finding %s: severity %q, the contract says %q", f.ID, f.Severity, want)
			}
		}
	}
	if !slices.Equal(order, e2eWatchOrder) {
		t.Errorf("steps %v, want exactly %v", order, e2eWatchOrder)
	}
	if d.Version != 1 || d.Host != wantHost || d.OK == failed {
		t.Errorf("version %d, host %q, ok %t with a failing step %t", d.Version, d.Host, d.OK, failed)
	}
	if want := map[bool]int{false: 0, true: 1}[failed]; r.code != want {
		t.Errorf("exit %d, but the document calls for %d", r.code, want)
	}
	return d
}

func TestE2EWatchDemoEveryScenario(t *testing.T) {
	t.Parallel()
	e2eSetup(t)
	for _, sc := range watchtest.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			wantExit := 0
			for _, id := range sc.Provokes {
				if e2eWatchSeverity[id] == "fail" || sc.Halo != "" {
					wantExit = 1
				}
			}
			r := e2eRun(t, nil, nil, "watch", "--demo", "--scenario", sc.Name, "--once", "--json")
			d := e2eParseWatch(t, r, halotest.DefaultHost)
			e2eHas(t, d, sc.Provokes...)
			if r.code != wantExit {
				t.Errorf("exit %d, want %d; findings %v", r.code, wantExit, d.ids())
			}
			text := e2eRun(t, nil, nil, "watch", "--demo", "--scenario", sc.Name, "--once", "-v")
			if text.code != wantExit || !strings.HasPrefix(string(text.stdout), "halowiz watch "+halotest.DefaultHost) {
				t.Errorf("text: exit %d, want %d\n%s", text.code, wantExit, text.stdout)
			}
			for _, id := range sc.Provokes {
				if !strings.Contains(string(text.stdout), "["+id+"]") {
					t.Errorf("the text output lacks [%s]:\n%s", id, text.stdout)
				}
			}
		})
	}
}

// e2eWatchWorld serves a watch scenario's world behind the proxy, with a
// tenant that a test can replace between runs, as a change in Halo would.
type e2eWatchWorld struct {
	tenant atomic.Pointer[halotest.Tenant]
	hunt   *huntresstest.Server
	proxy  *e2eProxy
}

func e2eStartWatch(t *testing.T, name string, now time.Time) *e2eWatchWorld {
	t.Helper()
	e2eSetup(t)
	w := &e2eWatchWorld{}
	w.use(t, name, now)
	halo := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { w.tenant.Load().ServeHTTP(rw, r) })
	haloSrv := e2eServeTLS(t, halo, func() { w.tenant.Load().Close() })
	huntSrv := e2eServeTLS(t, w.hunt, w.hunt.Release)
	haloAddr, huntAddr := haloSrv.Listener.Addr().String(), huntSrv.Listener.Addr().String()
	w.proxy = e2eStartProxy(t, func(hostport string) (string, bool) {
		switch host, port, _ := net.SplitHostPort(hostport); {
		case port != "443":
			return "", false
		case host == "api.huntress.io":
			return huntAddr, true
		case strings.HasSuffix(host, ".halopsa.com"):
			return haloAddr, true
		}
		return "", false
	})
	return w
}

// use puts the tenant of scenario name in place (Huntress stays as it is).
func (w *e2eWatchWorld) use(t *testing.T, name string, now time.Time) {
	t.Helper()
	sc, ok := watchtest.Lookup(name)
	if !ok {
		t.Fatalf("no watch scenario %q", name)
	}
	haloSc, haloOpts, huntOpts, err := watchtest.Parts(sc, now)
	if err != nil {
		t.Fatal(err)
	}
	if old := w.tenant.Swap(halotest.NewTenant(haloSc, haloOpts...)); old != nil {
		old.Close()
	}
	if w.hunt == nil {
		w.hunt = huntresstest.NewServer(huntOpts...)
	}
}

func TestE2EWatchStateNextToTheSettingsCarriesDrift(t *testing.T) {
	t.Parallel()
	now := time.Now()
	w := e2eStartWatch(t, "healthy", now)
	config, home := t.TempDir(), t.TempDir()
	env := e2eEnv(halotest.DefaultHost)
	for k, v := range map[string]string{"XDG_CONFIG_HOME": config, "HOME": home, "HALO_TICKET_TYPE": "Incident",
		"HALO_RESOLUTION_STATUS": "Closed", "HUNTRESS_API_KEY": huntresstest.DemoKey, "HUNTRESS_API_SECRET": huntresstest.DemoSecret} {
		env[k] = v
	}
	first := e2eRun(t, w.proxy, env, "watch", "--once", "--json")
	d := e2eParseWatch(t, first, halotest.DefaultHost)
	e2eHas(t, d, "watch.baseline", "watch.flow-proven")
	e2eThroughProxy(t, &e2eWorld{proxy: w.proxy}, "acme.halopsa.com:443", "api.huntress.io:443")

	state := filepath.Join(config, "halowiz", "watch-state.json")
	fi, err := os.Stat(state)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file %s: %v, mode %v; want it next to the settings, 0600", state, err, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(state)
	e2eNoSecrets(t, "the state file", b)

	second := e2eRun(t, w.proxy, env, "watch", "--once", "--json")
	e2eHas(t, e2eParseWatch(t, second, halotest.DefaultHost), "watch.unchanged")

	w.use(t, "agent-disabled", now) // someone disables the API agent
	third := e2eRun(t, w.proxy, env, "watch", "--once", "--json")
	if third.code != 1 {
		t.Errorf("exit %d after the agent was disabled, want 1", third.code)
	}
	e2eHas(t, e2eParseWatch(t, third, halotest.DefaultHost), "watch.agent-changed", "agent.disabled")
	if t.Failed() {
		t.Logf("third run stderr:\n%s", third.stderr)
	}
}

func TestE2EWatchNotifiesAWebhookWithoutShowingIt(t *testing.T) {
	t.Parallel()
	e2eSetup(t)
	var mu sync.Mutex
	var bodies []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	url := hook.URL + "/services/T0000/B0000/XXXXhooksecretXXXX"
	file := filepath.Join(t.TempDir(), "hook")
	if err := os.WriteFile(file, []byte(url+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runs := []e2eResult{
		e2eRun(t, nil, map[string]string{"HALOWIZ_HOOK": url}, "watch", "--demo", "--scenario", "ticket-missing", "--notify", "env:HALOWIZ_HOOK"),
		e2eRun(t, nil, nil, "watch", "--demo", "--scenario", "healthy", "--notify", "file:"+file),
	}
	literal := e2eRun(t, nil, nil, "watch", "--demo", "--notify", url)
	if literal.code != 0 || !strings.Contains(string(literal.stderr), "shell history") {
		t.Errorf("a webhook address on the command line: exit %d, want 0 with a warning:\n%s", literal.code, literal.stderr)
	}
	for i, r := range append(runs, literal) {
		if strings.Contains(string(r.stdout)+string(r.stderr), "XXXXhooksecretXXXX") || strings.Contains(string(r.stderr), hook.Listener.Addr().String()) {
			t.Errorf("run %d shows the webhook:\n%s%s", i, r.stdout, r.stderr)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 || !strings.Contains(bodies[0], "watch.ticket-missing") {
		t.Errorf("the webhook got %d posts, want one for the missing ticket (the healthy run changed nothing worth one): %v", len(bodies), bodies)
	}
}

func TestE2EWatchRefusesMoreThanATenthOfHalosBudget(t *testing.T) {
	t.Parallel()
	e2eSetup(t)
	r := e2eRun(t, nil, nil, "watch", "--demo", "--every", "1m")
	if r.code != 2 || !strings.Contains(string(r.stderr), "tenth") {
		t.Errorf("--every 1m: exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestE2EWatchEveryEndsOnInterruptWith130(t *testing.T) {
	t.Parallel()
	e2eSetup(t)
	ctx, cancel := context.WithTimeout(context.Background(), e2eRunLimit)
	defer cancel()
	cmd, _, stderr := e2eCommand(t, ctx, nil, nil, "watch", "--demo", "--scenario", "ticket-missing", "--every", "5m")
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	lines := make(chan string, 256)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var first string
	select {
	case first = <-lines:
	case <-ctx.Done():
		t.Fatalf("no cycle line within %s\nstderr:\n%s", e2eRunLimit, stderr)
	}
	if !strings.Contains(first, halotest.DefaultHost+" ✗ ") {
		t.Errorf("first line %q, want the cycle's one line", first)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	pw.Close()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d after Ctrl+C, want 130\nstderr:\n%s", code, stderr)
	}
	if d := time.Since(sent); d > 3*time.Second {
		t.Errorf("took %s to stop", d.Round(time.Millisecond))
	}
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	if !slices.ContainsFunc(rest, func(l string) bool { return strings.Contains(l, "new fail: watch.ticket-missing") }) {
		t.Errorf("the changes after the line: %v", rest)
	}
}
