package main

// The hostile-tenant suite through the built binary (issue 10): the
// simulated Halo tenant lures, redirects, renames and misanswers; an evil
// server waits at every address it names; the proxy in front of them all
// tells which hosts halowiz asked for. Every assertion is about the outside:
// the hosts contacted and which received a credential, exit status and
// finding ids, the bytes of stdout, stderr, the report and a terminal,
// the tickets changed, and the files written.

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/scrub/scrubtest"
)

// heard is one request a simulated server received, and the credentials
// it carried.
type heard struct {
	server       string // "tenant", "huntress" or "evil"
	host, method string
	path         string
	auth         string // the Authorization scheme: "Bearer", "Basic" or ""
	secret       bool   // the Halo client secret, anywhere in the request
}

// earLog collects what every server heard.
type earLog struct {
	mu    sync.Mutex
	heard []heard
}

// listen wraps h so that every request it serves is logged first.
func (l *earLog) listen(server string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(io.LimitReader(r.Body, 8<<20))
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		all := string(body) + r.URL.RawQuery + strings.Join(r.Header.Values("Authorization"), " ")
		form, _ := url.ParseQuery(string(body))
		e := heard{server: server, host: strings.ToLower(r.Host), method: r.Method, path: r.URL.Path, auth: scheme,
			secret: strings.Contains(all, halotest.ClientSecret) || strings.Contains(all, url.QueryEscape(halotest.ClientSecret)) || form.Has("client_secret")}
		l.mu.Lock()
		l.heard = append(l.heard, e)
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (l *earLog) all() []heard {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.heard)
}

// evilServer is what waits at every address a hostile tenant names: it
// answers like a token endpoint and an API, to tempt, and must never be
// asked anything.
var evilServer = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"access_token":"EVILEVILEVILEVILEVILEVILEV","token_type":"Bearer","expires_in":3600,"id":1,"name":"evil"}`)
})

// hostileWorld is the e2e world of e2e_proxy_test.go with every server
// listened to and an evil server behind *.evil.example.
type hostileWorld struct {
	*e2eWorld
	ears *earLog
}

type hostileSetup struct {
	huntress huntresstest.Scenario
	hang     []string // routes whose answers are lost (see e2eHang)
}

func hostileStart(t *testing.T, sc halotest.Scenario, o hostileSetup) *hostileWorld {
	t.Helper()
	e2eSetup(t)
	if o.huntress.Name == "" {
		o.huntress = huntresstest.Healthy
	}
	w := &hostileWorld{e2eWorld: &e2eWorld{tenant: halotest.NewTenant(sc), huntress: huntresstest.NewServer(huntresstest.WithScenario(o.huntress))}, ears: &earLog{}}
	var tenant http.Handler = w.tenant
	if len(o.hang) > 0 {
		tenant = e2eHang(w.tenant, o.hang)
	}
	leaf := hostileLeaf(t, sc.Transport)
	haloSrv := hostileServeTLS(t, w.ears.listen("tenant", tenant), leaf, w.tenant.Close)
	huntSrv := hostileServeTLS(t, w.ears.listen("huntress", w.huntress), e2eShared.leaf, w.huntress.Release)
	evilSrv := hostileServeTLS(t, w.ears.listen("evil", evilServer), e2eShared.leaf, func() {})
	w.proxy = e2eStartProxy(t, func(hostport string) (string, bool) {
		host, port, err := net.SplitHostPort(hostport)
		if err != nil || port != "443" {
			return "", false
		}
		switch host = strings.ToLower(host); {
		case host == "api.huntress.io":
			return huntSrv.Listener.Addr().String(), true
		case host == "evil.example" || strings.HasSuffix(host, ".evil.example"):
			return evilSrv.Listener.Addr().String(), true
		case strings.HasSuffix(host, ".halopsa.com") || host == "support.acme-it.com":
			return haloSrv.Listener.Addr().String(), true
		}
		return "", false
	})
	return w
}

// hostileLeaf is the tenant's certificate: the shared one, or for the TLS
// scenarios one from the trusted authority made out to another name, or
// expired.
func hostileLeaf(t *testing.T, fault halotest.TransportFault) tls.Certificate {
	t.Helper()
	now := time.Now()
	names, from, until := []string(nil), now.Add(-time.Hour), now.Add(24*time.Hour)
	switch fault {
	case halotest.TransportWrongName:
		names = []string{"portal.other-company.example"}
	case halotest.TransportExpiredCert:
		names, from, until = []string{"*.halopsa.com"}, now.Add(-48*time.Hour), now.Add(-24*time.Hour)
	default:
		return e2eShared.leaf
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: from, NotAfter: until, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, e2eShared.ca, &key.PublicKey, e2eShared.caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, e2eShared.ca.Raw}, PrivateKey: key}
}

func hostileServeTLS(t *testing.T, h http.Handler, leaf tls.Certificate, release func()) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(func() {
		release()
		srv.Close()
	})
	return srv
}

// credentialsStayed checks where the run went: the proxy was asked only for
// the tenant's host (and api.huntress.io with a Huntress key), the evil
// server heard nothing, the client secret reached only POST
// https://HOST/auth/token, a bearer token only https://HOST/api/, and the
// Huntress key pair only api.huntress.io.
func credentialsStayed(t *testing.T, w *hostileWorld, host string, huntress bool) {
	t.Helper()
	allowed := map[string]bool{host + ":443": true}
	if huntress {
		allowed["api.huntress.io:443"] = true
	}
	connects, refused := w.proxy.seen()
	for hp := range connects {
		if !allowed[hp] {
			t.Errorf("halowiz asked the proxy for %s; only %v may be contacted", hp, slices.Sorted(mapKeys(allowed)))
		}
	}
	if len(refused) > 0 {
		t.Errorf("halowiz asked the proxy for what it does not serve: %v", refused)
	}
	for _, h := range w.ears.all() {
		where := h.server + " heard " + h.method + " https://" + h.host + h.path
		switch {
		case h.server == "evil":
			t.Errorf("%s (auth %q, secret %v): nothing may reach another host", where, h.auth, h.secret)
		case h.server == "tenant" && h.host != host:
			t.Errorf("%s: the tenant was asked under another name than %s", where, host)
		case h.secret && (h.server != "tenant" || h.method != http.MethodPost || h.path != "/auth/token"):
			t.Errorf("%s with the client secret: only POST https://%s/auth/token may carry it", where, host)
		case h.auth == "Bearer" && (h.server != "tenant" || !strings.HasPrefix(h.path, "/api/")):
			t.Errorf("%s with a bearer token: only https://%s/api/ may get it", where, host)
		case h.auth == "Basic" && h.server != "huntress":
			t.Errorf("%s with Basic credentials: only api.huntress.io may get the Huntress key pair", where)
		}
	}
}

// received says which servers received which credential, for the log.
func received(w *hostileWorld) map[string][]string {
	got := map[string][]string{}
	for _, h := range w.ears.all() {
		var what string
		switch {
		case h.secret:
			what = "client secret"
		case h.auth != "":
			what = h.auth
		default:
			continue
		}
		if !slices.Contains(got[h.server], what) {
			got[h.server] = append(got[h.server], what)
		}
	}
	return got
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// hostileArgs is a check of sc with its finished setup's values.
func hostileArgs(sc halotest.Scenario, extra ...string) []string {
	return append([]string{"check", "--timeout", "5s", "--ticket-type", sc.DefaultTicketType(), "--resolution-status", sc.Resolution()}, extra...)
}

func withHuntress(env map[string]string) map[string]string {
	env["HUNTRESS_API_SECRET"] = huntresstest.DemoSecret
	return env
}

func TestE2EHostileCredentialsGoOnlyToTheTenant(t *testing.T) {
	cases := []struct {
		scenario  string
		huntress  bool
		ticket    bool
		exit      int
		want      []string
		noRequest bool // nothing may reach the tenant (no credential either)
		secret    bool // the tenant must have received the client secret
		tokens    [2]int
	}{
		{scenario: "healthy", huntress: true, ticket: true, exit: 0, want: []string{"ticket.closed", "mapping.orgs"}, secret: true, tokens: [2]int{1, 1}},
		{scenario: "no-discovery", exit: 0, want: []string{"hostname.reachable", "application.token"}, secret: true},
		{scenario: "foreign-auth-server", huntress: true, exit: 0, want: []string{"application.auth-cross-check"}, secret: true},
		{scenario: "token-redirect", exit: 1, want: []string{"application.token-refused"}, secret: true, tokens: [2]int{1, 1}},
		{scenario: "api-redirect", exit: 1, want: []string{"agent.bad-answer", "mapping.bad-answer"}, secret: true},
		{scenario: "token-not-bearer", exit: 1, want: []string{"application.token-refused"}, secret: true, tokens: [2]int{1, 1}},
		{scenario: "short-token", ticket: true, exit: 0, want: []string{"ticket.closed"}, secret: true, tokens: [2]int{1, 3}},
		{scenario: "token-revoked", ticket: true, exit: 0, want: []string{"ticket.closed"}, secret: true, tokens: [2]int{2, 8}},
		{scenario: "tokens-refused", exit: 1, want: []string{"agent.token-refused", "mapping.token-refused"}, secret: true, tokens: [2]int{2, 8}},
		{scenario: "tls-wrong-name", huntress: true, exit: 1, want: []string{"hostname.unreachable"}, noRequest: true},
		{scenario: "tls-expired", exit: 1, want: []string{"hostname.unreachable"}, noRequest: true},
		{scenario: "tls-failure", exit: 1, want: []string{"hostname.unreachable"}, noRequest: true},
		{scenario: "custom-domain", exit: 1, want: []string{"hostname.custom-domain"}, noRequest: true},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			t.Parallel()
			sc := e2eScenario(t, c.scenario)
			w := hostileStart(t, sc, hostileSetup{})
			host := sc.HostName()
			env := e2eEnv(host)
			extra := []string{"--json"}
			if c.huntress {
				env = withHuntress(env)
				extra = append(extra, "--huntress-key", huntresstest.DemoKey)
			}
			if c.ticket {
				extra = append(extra, "--send-test-ticket")
			}
			if sc.Transport == halotest.TransportUntrustedCert {
				env["SSL_CERT_FILE"] = e2eShared.otherCA
			}
			r := e2eRun(t, w.proxy, env, hostileArgs(sc, extra...)...)
			defer e2eLogOnFailure(t, w.e2eWorld, r)
			if r.code != c.exit {
				t.Errorf("exit %d, want %d", r.code, c.exit)
			}
			d := e2eParse(t, r, host)
			e2eHas(t, d, c.want...)
			credentialsStayed(t, w, host, c.huntress)
			got := received(w)
			t.Logf("credentials received: %v", got)
			if c.secret != slices.Contains(got["tenant"], "client secret") {
				t.Errorf("the tenant received the client secret: %v, want %v", !c.secret, c.secret)
			}
			if c.huntress && !c.noRequest && !slices.Contains(got["huntress"], "Basic") {
				t.Errorf("api.huntress.io never received the Huntress key pair: %v", got)
			}
			if c.noRequest {
				if n := w.tenant.Stats().Requests; n != 0 {
					t.Errorf("%d requests reached the tenant, want none", n)
				}
				if sc.Transport == halotest.TransportOK {
					if connects, _ := w.proxy.seen(); connects[host+":443"] != 0 {
						t.Errorf("the proxy was asked for %s, which halowiz must not contact", host)
					}
				}
			}
			if n := w.tenant.Count("POST", "/auth/token"); c.tokens != [2]int{} && (n < c.tokens[0] || n > c.tokens[1]) {
				t.Errorf("%d token requests, want %d to %d", n, c.tokens[0], c.tokens[1])
			}
		})
	}
}

// A create answer that names someone else's ticket, id 0 or no id, or is
// lost (with a search that fails once): halowiz changes its own ticket and
// no other, never sends an update without an id, and leaves its own closed.
func TestE2EOnlyHalowizsOwnTicketIsChanged(t *testing.T) {
	for _, name := range []string{"create-answer-foreign", "create-answer-zero", "create-answer-missing", "create-answer-lost-search-fails"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := e2eScenario(t, name)
			w := hostileStart(t, sc, hostileSetup{})
			before := w.tenant.Tickets()
			r := e2eRun(t, w.proxy, e2eEnv(sc.HostName()), hostileArgs(sc, "--json", "--send-test-ticket")...)
			defer e2eLogOnFailure(t, w.e2eWorld, r)
			if r.code != 1 {
				t.Errorf("exit %d, want 1 (the create answer was bad)", r.code)
			}
			e2eHas(t, e2eParse(t, r, sc.HostName()), "ticket.bad-answer", "ticket.found", "ticket.closed")
			var own []halotest.Ticket
			for _, tk := range w.tenant.Tickets() {
				if strings.HasPrefix(tk.Summary, "halowiz test ticket") {
					own = append(own, tk)
				}
			}
			if len(own) != 1 || !own[0].Closed {
				t.Fatalf("test tickets %+v, want one, closed", own)
			}
			creates := 0
			for _, body := range w.tenant.Bodies("POST", "/api/Tickets") {
				var elems []map[string]any
				if err := json.Unmarshal(body, &elems); err != nil {
					t.Fatalf("POST /api/Tickets %s: %v", body, err)
				}
				for _, e := range elems {
					switch id, has := e["id"]; {
					case !has:
						creates++
					case id != float64(own[0].ID):
						t.Errorf("POST /api/Tickets %s changed a ticket that is not halowiz's (%d)", body, own[0].ID)
					}
				}
			}
			if creates != 1 {
				t.Errorf("%d ticket creations (an update without an id is one), want 1", creates)
			}
			for _, tk := range before {
				if now, _ := w.tenant.Ticket(tk.ID); now != tk {
					t.Errorf("ticket %d, someone else's, changed: %+v", tk.ID, now)
				}
			}
			credentialsStayed(t, w, sc.HostName(), false)
		})
	}
}

// noRawIn fails the test for the controls that reached out raw.
func noRawIn(t *testing.T, where string, out []byte) {
	t.Helper()
	found := scrubtest.Raw(out)
	for i, h := range found {
		if i == 4 {
			t.Errorf("%s: and %d more", where, len(found)-i)
			break
		}
		t.Errorf("%s holds a raw %s", where, scrubtest.Describe(out, h))
	}
}

// Escape sequences, C1 controls, CR and bidi overrides in every name Halo
// and Huntress send and in Halo's refusal reach the text output, stderr
// (debug trace included), the Markdown report and the JSON shown, never
// obeyed; the JSON keeps them, escaped.
func TestE2EHostileTextIsShownNeverObeyed(t *testing.T) {
	for _, name := range []string{"hostile-text", "hostile-refusal"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := e2eScenario(t, name)
			w := hostileStart(t, sc, hostileSetup{huntress: huntresstest.HostileNames})
			env := withHuntress(e2eEnv(sc.HostName()))
			report := filepath.Join(t.TempDir(), "report.md")
			r := e2eRun(t, w.proxy, env, hostileArgs(sc, "--send-test-ticket", "--huntress-key", huntresstest.DemoKey, "--debug", "--report", report)...)
			defer e2eLogOnFailure(t, w.e2eWorld, r)
			wantExit := map[string]int{"hostile-text": 0, "hostile-refusal": 1}[name]
			if r.code != wantExit {
				t.Errorf("exit %d, want %d", r.code, wantExit)
			}
			noRawIn(t, "stdout (text)", r.stdout)
			noRawIn(t, "stderr (--debug)", r.stderr)
			md, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			noRawIn(t, "the --report file", md)
			if !bytes.Contains(md, []byte(`x1b`)) {
				t.Error("the report shows no escaped payload: the hostile text did not reach it")
			}

			j := e2eRun(t, w.proxy, env, hostileArgs(sc, "--json", "--send-test-ticket", "--huntress-key", huntresstest.DemoKey)...)
			noRawIn(t, "stdout (--json)", j.stdout)
			d := e2eParse(t, j, sc.HostName())
			var kept []scrubtest.Hit
			for _, s := range d.Steps {
				for _, f := range s.Findings {
					kept = append(kept, scrubtest.Raw([]byte(f.Message+f.Evidence))...)
				}
			}
			if len(kept) == 0 {
				t.Error("the JSON document lost the tenant's text: it must keep it, escaped")
			}
			credentialsStayed(t, w, sc.HostName(), true)
		})
	}
}

// The progress lines check writes to stderr when stderr is a terminal name
// tenant text (the test client's name); on a real terminal (a pty made by
// script(1)) they arrive escaped.
func TestE2EProgressOnATerminalShowsHostileTextEscaped(t *testing.T) {
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed: it gives the run a terminal")
	}
	sc := e2eScenario(t, "hostile-text")
	w := hostileStart(t, sc, hostileSetup{huntress: huntresstest.HostileNames})
	ctx, cancel := context.WithTimeout(context.Background(), e2eRunLimit)
	defer cancel()
	args := hostileArgs(sc, "--send-test-ticket", "--huntress-key", huntresstest.DemoKey)
	line := shellQuote(e2eShared.bin)
	for _, a := range args {
		line += " " + shellQuote(a)
	}
	stdout := filepath.Join(t.TempDir(), "stdout")
	// stdout goes to a file: only stderr, the progress, is the terminal.
	cmd, out, _ := e2eCommand(t, ctx, w.proxy, withHuntress(e2eEnv(sc.HostName())), "-q", "-e", "-c", line+" >"+shellQuote(stdout), "/dev/null")
	cmd.Path, cmd.Args[0] = script, script
	cmd.Env = append(cmd.Env, "SHELL=/bin/sh", "TERM=xterm-256color")
	if err := cmd.Run(); err != nil && ctx.Err() != nil {
		t.Fatalf("the run under script did not end: %v", err)
	}
	tty := scrubtest.TTYText(out.Bytes())
	e2eNoSecrets(t, "the terminal", tty)
	if !bytes.Contains(tty, []byte("Creating the test ticket for Acme IT Services")) {
		t.Fatalf("no progress line on the terminal (exit %d):\n%s", cmd.ProcessState.ExitCode(), tty)
	}
	noRawIn(t, "the terminal (stderr's progress lines)", tty)
	if !bytes.Contains(tty, []byte(`Acme IT Services\r`)) {
		t.Errorf("the client's name is not shown escaped:\n%s", tty)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Interrupted while Halo holds the create: exit 130, and stderr says what
// to search Halo for, the marker the test ticket's summary carries.
func TestE2EInterruptDuringTheCreateNamesTheMarker(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			sc := halotest.Healthy()
			w := hostileStart(t, sc, hostileSetup{hang: []string{"POST /api/Tickets"}})
			ctx, cancel := context.WithTimeout(context.Background(), e2eRunLimit)
			defer cancel()
			cmd, _, stderr := e2eCommand(t, ctx, w.proxy, e2eEnv(sc.HostName()), hostileArgs(sc, "--send-test-ticket", "--timeout", "20s")...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for w.tenant.Stats().TicketsCreated == 0 {
				select {
				case <-ctx.Done():
					_ = cmd.Wait()
					t.Fatalf("the create never reached the tenant\nstderr:\n%s", stderr)
				case <-time.After(10 * time.Millisecond):
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			if ctx.Err() != nil {
				t.Fatalf("the interrupted run did not end within %s", e2eRunLimit)
			}
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Errorf("exit %d, want 130", code)
			}
			e2eNoSecrets(t, "stderr", stderr.Bytes())
			marker := regexp.MustCompile(`hw-[0-9a-f]{8}`).Find(stderr.Bytes())
			tickets := w.tenant.Tickets()
			if marker == nil || !strings.Contains(tickets[len(tickets)-1].Summary, string(marker)) {
				t.Fatalf("stderr does not name the marker of the ticket Halo holds (%q):\n%s", tickets[len(tickets)-1].Summary, stderr)
			}
			if !strings.Contains(strings.ToLower(stderr.String()), "search") {
				t.Errorf("stderr does not say to search Halo for the marker:\n%s", stderr)
			}
		})
	}
}

// --report onto a symbolic link, or onto a file someone else created, is
// refused before anything is sent to Halo (issue 10 §4, safefile).
func TestE2EReportIsNeverWrittenThroughALinkOrOverAnotherUsersFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "someone-elses.txt")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.md")
	dangling := filepath.Join(dir, "dangling.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere.txt"), dangling); err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{"a link to a file": link, "a link to nowhere": dangling}
	if os.Getuid() == 0 {
		planted := filepath.Join(dir, "planted.md")
		if err := os.WriteFile(planted, []byte("planted\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(planted, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		paths["a file another user created"] = planted
	} else {
		t.Log("not root: the case of a file another user created needs root to create one")
	}
	w := hostileStart(t, halotest.Healthy(), hostileSetup{})
	for what, path := range paths {
		r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), hostileArgs(halotest.Healthy(), "--send-test-ticket", "--report", path)...)
		if r.code != 2 || len(bytes.TrimSpace(r.stderr)) == 0 {
			t.Errorf("--report onto %s: exit %d, want 2 with a message\nstderr:\n%s", what, r.code, r.stderr)
		}
	}
	if n := w.tenant.Stats().Requests; n != 0 {
		t.Errorf("%d requests reached the tenant before the report path was refused", n)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me\n" {
		t.Errorf("the link's target was written: %q", b)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere.txt")); err == nil {
		t.Error("a file was created where the dangling link points")
	}
	// A fresh path is written, readable by its owner only.
	fresh := filepath.Join(dir, "fresh.md")
	r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), hostileArgs(halotest.Healthy(), "--report", fresh)...)
	if info, err := os.Lstat(fresh); r.code != 0 || err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("a fresh --report: exit %d, %v, want a 0600 file", r.code, err)
	}
}

// A pasted hostname cannot smuggle another host past the cleaning: every
// trick is refused (hostname.invalid) or cleaned to the host plainly meant,
// and the host the run reports is the only one contacted.
func TestE2EAPastedHostnameCannotSmuggleAnotherHost(t *testing.T) {
	t.Parallel()
	cases := []struct {
		input string
		want  string // the finding that decides, or "" for a clean pass
	}{
		{"evil.example@acme.halopsa.com", "hostname.invalid"},
		{"acme.halopsa.com@evil.example", "hostname.invalid"},
		{`https://acme.halopsa.com\@evil.example`, "hostname.invalid"},
		{`acme.halopsa.com\evil.example`, "hostname.invalid"},
		{"acme.halopsa.com%2eevil.example", "hostname.invalid"},
		{"acme%2ehalopsa.com", "hostname.invalid"},
		{"acme\u3002halopsa.com", "hostname.invalid"},
		{"acme.halopsa.com:8443", "hostname.invalid"},
		{"acme.halopsa.com\u202e", "hostname.invalid"},
		{"acme.halopsa.com.evil.example", "hostname.custom-domain"},
		{"evil.example/acme.halopsa.com", "hostname.custom-domain"},
		{"//evil.example/https://acme.halopsa.com", "hostname.custom-domain"},
		{"acme.halopsa.com#@evil.example", "hostname.cleaned"},
		{"acme.halopsa.com?next=https://evil.example", "hostname.cleaned"},
		{"acme.halopsa.com/..%2f..%2fevil.example", "hostname.cleaned"},
		{"https://ACME.halopsa.com./api/", "hostname.cleaned"},
	}
	w := hostileStart(t, halotest.Healthy(), hostileSetup{})
	for _, c := range cases {
		r := e2eRun(t, w.proxy, e2eEnv(c.input), "check", "--json", "--timeout", "5s", "--step", "hostname")
		var d e2eDoc
		if err := json.Unmarshal(r.stdout, &d); err != nil {
			t.Errorf("%q: exit %d, stdout is not the document: %v\nstderr:\n%s", c.input, r.code, err, r.stderr)
			continue
		}
		if _, ok := d.finding(c.want); !ok {
			t.Errorf("%q: no %s; the run reported %v (host %q)", c.input, c.want, d.ids(), d.Host)
		}
		if c.want == "hostname.cleaned" && (d.Host != halotest.DefaultHost || r.code != 0) {
			t.Errorf("%q: cleaned to %q (exit %d), want %s, the host plainly meant", c.input, d.Host, r.code, halotest.DefaultHost)
		}
		if c.want != "hostname.cleaned" && r.code != 1 {
			t.Errorf("%q: exit %d, want 1", c.input, r.code)
		}
	}
	// Across every input, only the tenant was ever contacted, and nothing
	// reached the evil server.
	credentialsStayed(t, w, halotest.DefaultHost, false)
}

// Answers that make no sense are bad answers with the body in evidence,
// never passes and never a crash.
func TestE2EAnswersThatMakeNoSenseAreBadAnswers(t *testing.T) {
	cases := map[string]struct{ id, body string }{
		"agent-anonymous":       {"agent.bad-answer", `"id":null`},
		"status-list-garbled":   {"mapping.bad-answer", "The status list is not available right now."},
		"create-answer-missing": {"ticket.bad-answer", "without a ticket id"},
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := e2eScenario(t, name)
			w := hostileStart(t, sc, hostileSetup{})
			r := e2eRun(t, w.proxy, e2eEnv(sc.HostName()), hostileArgs(sc, "--json", "--send-test-ticket")...)
			defer e2eLogOnFailure(t, w.e2eWorld, r)
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			f, ok := e2eParse(t, r, sc.HostName()).finding(want.id)
			if !ok || f.Severity != "fail" || !strings.Contains(f.Message+f.Evidence, want.body) {
				t.Errorf("%s: %+v, want a failing bad answer showing %q", want.id, f, want.body)
			}
		})
	}
}

// A stray argument is a usage error (exit 2) that does not repeat it: a
// secret pasted in the wrong place must not be printed back.
func TestE2EAStrayArgumentIsAUsageErrorThatDoesNotEchoIt(t *testing.T) {
	t.Parallel()
	w := hostileStart(t, halotest.Healthy(), hostileSetup{})
	const stray = "pasted-secret-Zq81LmV"
	r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--json", stray)
	if n := w.tenant.Stats().Requests; n != 0 {
		t.Errorf("%d requests reached the tenant", n)
	}
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	echoed := bytes.Contains(r.stdout, []byte(stray)) || bytes.Contains(r.stderr, []byte(stray))
	if echoed || len(bytes.TrimSpace(r.stderr)) == 0 {
		t.Errorf("a stray argument: echoed %v, stderr %q; want a message that does not repeat it", echoed, r.stderr)
	}
}

// No test ticket is created that halowiz could not close: without a known
// closed status (none in the tenant, or a status list that makes no sense)
// the ticket step is skipped with the reason, and nothing is written.
func TestE2ENoTicketIsCreatedThatCannotBeClosed(t *testing.T) {
	for _, name := range []string{"no-closed-status", "status-list-garbled"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := e2eScenario(t, name)
			w := hostileStart(t, sc, hostileSetup{})
			r := e2eRun(t, w.proxy, e2eEnv(sc.HostName()), hostileArgs(sc, "--json", "--send-test-ticket")...)
			defer e2eLogOnFailure(t, w.e2eWorld, r)
			d := e2eParse(t, r, sc.HostName())
			if s := d.step("ticket"); s.Status != "skipped" {
				t.Errorf("ticket step %s, want skipped: %v", s.Status, d.ids())
			}
			if n := w.tenant.Count("POST", "/api/Tickets"); n != 0 {
				t.Errorf("%d POST /api/Tickets, want none: a ticket nothing could close", n)
			}
		})
	}
}
