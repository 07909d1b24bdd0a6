package main

// Black-box tests of the built binary, the way the external acceptance suite
// drives it: the simulated Halo tenant and the simulated Huntress API are
// served over TLS with a certificate authority made up here, reached only
// through an HTTP CONNECT proxy given as HTTPS_PROXY, and trusted only
// because SSL_CERT_FILE names that authority. Every assertion is about the
// outside the CLI contract fixes: exit status, the JSON document, the report
// file, what reaches the tenant, and that no secret is ever printed.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
)

// e2eRunLimit bounds one run of the binary, whatever it does.
const e2eRunLimit = 30 * time.Second

// e2eShared is built once for every test of this file: the binary, the
// authority SSL_CERT_FILE names, a second authority nobody's certificate
// uses, and the leaf certificate every simulated server presents.
var e2eShared struct {
	once      sync.Once
	err       error
	dir       string
	bin       string
	caFile    string
	otherCA   string
	leaf      tls.Certificate
	buildTime time.Duration
	ca        *x509.Certificate // the authority SSL_CERT_FILE names, and its key,
	caKey     *ecdsa.PrivateKey // for the certificates of e2e_hostile_test.go
}

func TestMain(m *testing.M) {
	code := m.Run()
	if e2eShared.dir != "" {
		_ = os.RemoveAll(e2eShared.dir)
	}
	os.Exit(code)
}

// e2eSetup builds the binary and the certificates on first use.
func e2eSetup(t *testing.T) {
	t.Helper()
	e2eShared.once.Do(func() {
		e2eShared.err = e2eBuild()
	})
	if e2eShared.err != nil {
		t.Fatalf("e2e setup: %v", e2eShared.err)
	}
}

func e2eBuild() error {
	dir, err := os.MkdirTemp("", "halowiz-e2e-")
	if err != nil {
		return err
	}
	e2eShared.dir = dir
	e2eShared.bin = filepath.Join(dir, "halowiz")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	build := exec.CommandContext(ctx, "go", "build", "-o", e2eShared.bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	e2eShared.buildTime = time.Since(start)

	ca, caKey, err := e2eAuthority("halowiz e2e CA")
	if err != nil {
		return err
	}
	other, _, err := e2eAuthority("an authority no server uses")
	if err != nil {
		return err
	}
	e2eShared.caFile = filepath.Join(dir, "ca.pem")
	e2eShared.otherCA = filepath.Join(dir, "other-ca.pem")
	for path, cert := range map[string]*x509.Certificate{e2eShared.caFile: ca, e2eShared.otherCA: other} {
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644); err != nil {
			return err
		}
	}
	e2eShared.ca, e2eShared.caKey = ca, caKey
	e2eShared.leaf, err = e2eLeaf(ca, caKey, "*.halopsa.com", "support.acme-it.com", "api.huntress.io", "evil.example", "*.evil.example")
	return err
}

func e2eAuthority(name string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

func e2eLeaf(ca *x509.Certificate, caKey *ecdsa.PrivateKey, names ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano() + 1),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: key}, nil
}

// e2eWorld is one simulated Halo tenant, one simulated Huntress API and the
// proxy in front of both, for one test.
type e2eWorld struct {
	tenant   *halotest.Tenant
	huntress *huntresstest.Server
	proxy    *e2eProxy
}

// e2eStart serves the tenant sc describes. Requests to a route named in
// hang ("POST /api/Tickets") are answered by the tenant, but the answer is
// lost: the client waits until it gives up, as when a gateway drops it.
func e2eStart(t *testing.T, sc halotest.Scenario, hang ...string) *e2eWorld {
	t.Helper()
	e2eSetup(t)
	w := &e2eWorld{tenant: halotest.NewTenant(sc), huntress: huntresstest.NewServer()}
	var halo http.Handler = w.tenant
	if len(hang) > 0 {
		halo = e2eHang(w.tenant, hang)
	}
	haloSrv := e2eServeTLS(t, halo, w.tenant.Close)
	huntressSrv := e2eServeTLS(t, w.huntress, w.huntress.Release)
	haloAddr, huntressAddr := haloSrv.Listener.Addr().String(), huntressSrv.Listener.Addr().String()
	w.proxy = e2eStartProxy(t, func(hostport string) (string, bool) {
		host, port, err := net.SplitHostPort(hostport)
		if err != nil || port != "443" {
			return "", false
		}
		switch host = strings.ToLower(host); {
		case host == "api.huntress.io":
			return huntressAddr, true
		case strings.HasSuffix(host, ".halopsa.com") || host == "support.acme-it.com":
			return haloAddr, true
		}
		return "", false
	})
	return w
}

// e2eHang wraps the tenant so that the routes listed lose their answers.
func e2eHang(tenant *halotest.Tenant, routes []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + strings.TrimRight(r.URL.Path, "/")
		if !slices.ContainsFunc(routes, func(h string) bool { return strings.EqualFold(h, route) }) {
			tenant.ServeHTTP(w, r)
			return
		}
		tenant.ServeHTTP(httptest.NewRecorder(), r)
		<-r.Context().Done() // the client gave up, or the server closed
		panic(http.ErrAbortHandler)
	})
}

// e2eServeTLS serves h on 127.0.0.1 with the shared leaf certificate;
// release frees the requests h holds, so that closing does not wait.
func e2eServeTLS(t *testing.T, h http.Handler, release func()) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{e2eShared.leaf}, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(func() {
		release()
		srv.Close()
	})
	return srv
}

// e2eProxy is an HTTP CONNECT proxy that splices bytes to the listener its
// route picks, and counts what it was asked.
type e2eProxy struct {
	ln    net.Listener
	route func(hostport string) (addr string, ok bool)
	wg    sync.WaitGroup

	mu       sync.Mutex
	closed   bool
	conns    map[net.Conn]bool
	connects map[string]int // CONNECT authority, as sent
	refused  []string       // requests it would not serve
}

func e2eStartProxy(t *testing.T, route func(string) (string, bool)) *e2eProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &e2eProxy{ln: ln, route: route, conns: map[net.Conn]bool{}, connects: map[string]int{}}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *e2eProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *e2eProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(c) {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.untrack(c)
			p.handle(c)
		}()
	}
}

func (p *e2eProxy) handle(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	_ = c.SetReadDeadline(time.Time{})
	addr, ok := "", false
	if req.Method == http.MethodConnect {
		addr, ok = p.route(req.Host)
	}
	p.mu.Lock()
	if ok {
		p.connects[req.Host]++
	} else {
		p.refused = append(p.refused, req.Method+" "+req.Host)
	}
	p.mu.Unlock()
	if !ok {
		_, _ = io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		return
	}
	up, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		_, _ = io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		return
	}
	if !p.track(up) {
		return
	}
	defer p.untrack(up)
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, br); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
	<-done // either side hung up: so does the other
	_ = c.Close()
	_ = up.Close()
	<-done
}

// track registers a connection so close can cut it; after close it closes
// the connection and reports false.
func (p *e2eProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		_ = c.Close()
		return false
	}
	p.conns[c] = true
	return true
}

func (p *e2eProxy) untrack(c net.Conn) {
	_ = c.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
}

func (p *e2eProxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// seen returns the CONNECT counts and the refused requests so far.
func (p *e2eProxy) seen() (map[string]int, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := make(map[string]int, len(p.connects))
	for k, v := range p.connects {
		m[k] = v
	}
	return m, slices.Clone(p.refused)
}

// e2eResult is one finished run of the binary.
type e2eResult struct {
	code           int
	stdout, stderr []byte
	elapsed        time.Duration
}

// e2eCommand prepares a run with a clean environment: only PATH, a fresh
// HOME and XDG_CONFIG_HOME, SSL_CERT_FILE, HTTPS_PROXY (when proxy is set)
// and env. A key mapped to "" is left out. No D-Bus session is passed on.
func e2eCommand(t *testing.T, ctx context.Context, proxy *e2eProxy, env map[string]string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	vars := map[string]string{
		"PATH":            os.Getenv("PATH"),
		"HOME":            t.TempDir(),
		"XDG_CONFIG_HOME": t.TempDir(),
		"SSL_CERT_FILE":   e2eShared.caFile,
	}
	if proxy != nil {
		vars["HTTPS_PROXY"] = proxy.URL()
	}
	for k, v := range env {
		vars[k] = v
	}
	cmd := exec.CommandContext(ctx, e2eShared.bin, args...)
	cmd.Env = []string{}
	for k, v := range vars {
		if v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	return cmd, &stdout, &stderr
}

// e2eRun runs the binary to the end, or fails the test when it outlives
// e2eRunLimit.
func e2eRun(t *testing.T, proxy *e2eProxy, env map[string]string, args ...string) e2eResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e2eRunLimit)
	defer cancel()
	cmd, stdout, stderr := e2eCommand(t, ctx, proxy, env, args...)
	start := time.Now()
	err := cmd.Run()
	r := e2eResult{code: cmd.ProcessState.ExitCode(), stdout: stdout.Bytes(), stderr: stderr.Bytes(), elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("halowiz %s did not finish within %s (killed)\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), e2eRunLimit, r.stdout, r.stderr)
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("halowiz %s: %v", strings.Join(args, " "), err)
	}
	e2eNoSecrets(t, "stdout", r.stdout)
	e2eNoSecrets(t, "stderr", r.stderr)
	return r
}

// e2eToken matches an access token as the simulated tenant issues them
// (crypto/rand.Text: 26 base32 characters).
var e2eToken = regexp.MustCompile(`\b[A-Z2-7]{26}\b`)

// e2eNoSecrets fails the test when text carries a secret the run was given,
// the Huntress Basic credentials or an access token.
func e2eNoSecrets(t *testing.T, where string, text []byte) {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte(huntresstest.DemoKey + ":" + huntresstest.DemoSecret))
	for name, secret := range map[string]string{
		"the Halo client secret":       halotest.ClientSecret,
		"the Huntress API secret":      huntresstest.DemoSecret,
		"the Huntress Basic header":    basic,
		"the secret given as a flag":   e2eFlagSecret,
		"the secret of the wrong pair": e2eWrongSecret,
	} {
		if bytes.Contains(text, []byte(secret)) {
			t.Errorf("%s contains %s", where, name)
		}
	}
	if m := e2eToken.Find(text); m != nil {
		t.Errorf("%s contains what looks like an access token (%d characters of base32)", where, len(m))
	}
}

const (
	e2eFlagSecret  = "flag-secret-9Qx7LmTz"
	e2eWrongSecret = "wrong-secret-Vb3Kq8Rw"
)

// The JSON document of `check --json`, version 1.
type e2eDoc struct {
	Version int       `json:"version"`
	Host    string    `json:"host"`
	OK      bool      `json:"ok"`
	Steps   []e2eStep `json:"steps"`
}

type e2eStep struct {
	ID         string       `json:"id"`
	Title      string       `json:"title"`
	Status     string       `json:"status"`
	DurationMS int64        `json:"duration_ms"`
	Findings   []e2eFinding `json:"findings"`
}

type e2eFinding struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity"`
	Message  string   `json:"message"`
	Fix      []string `json:"fix"`
	Evidence string   `json:"evidence"`
}

func (d e2eDoc) step(id string) e2eStep {
	for _, s := range d.Steps {
		if s.ID == id {
			return s
		}
	}
	return e2eStep{}
}

func (d e2eDoc) finding(id string) (e2eFinding, bool) {
	for _, s := range d.Steps {
		for _, f := range s.Findings {
			if f.ID == id {
				return f, true
			}
		}
	}
	return e2eFinding{}, false
}

func (d e2eDoc) ids() []string {
	var ids []string
	for _, s := range d.Steps {
		for _, f := range s.Findings {
			ids = append(ids, f.ID+"("+f.Severity+")")
		}
	}
	return ids
}

// e2eContractSeverity is the contract's table of stable finding ids.
var e2eContractSeverity = map[string]string{
	"hostname.cleaned": "info", "hostname.invalid": "fail", "hostname.custom-domain": "fail",
	"hostname.ip-allowlist": "info", "hostname.unreachable": "fail", "hostname.not-halo": "fail",
	"hostname.timeout":           "fail",
	"application.invalid-client": "fail", "application.scope-missing": "fail", "application.timeout": "fail",
	"agent.not-api-only": "warn", "agent.disabled": "fail", "agent.no-team": "fail",
	"agent.unassigned-hidden": "fail", "agent.others-hidden": "fail", "agent.cannot-read-customers": "fail",
	"agent.cannot-read-tickets": "fail", "agent.timeout": "fail",
	"mapping.ticket-type-unset": "warn", "mapping.ticket-type-missing": "fail", "mapping.mandatory-fields": "fail",
	"mapping.no-closed-status": "fail", "mapping.resolution-status-not-closed": "warn", "mapping.resolution-status-unset": "warn",
	"mapping.resolution-status-missing": "fail", "mapping.client-missing": "fail",
	"mapping.unmapped-orgs": "warn", "mapping.timeout": "fail",
	"ticket.not-sent": "info", "ticket.created": "pass", "ticket.mandatory-fields": "fail",
	"ticket.invalid-context": "fail", "ticket.not-visible": "fail", "ticket.cannot-close": "fail",
	"ticket.timeout": "fail",
}

var (
	e2eStepOrder  = []string{"agent", "hostname", "application", "mapping", "ticket"}
	e2eStatuses   = []string{"pass", "warn", "fail", "skipped"}
	e2eSeverities = []string{"info", "pass", "warn", "fail"}
	e2eFindingID  = regexp.MustCompile(`^([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)$`)
)

// e2eJSONKind names the JSON type of a raw value.
func e2eJSONKind(raw json.RawMessage) string {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 {
		return "missing"
	}
	switch b[0] {
	case '"':
		return "string"
	case '[':
		return "array"
	case '{':
		return "object"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// e2eFields checks that obj has each key with the JSON type given.
func e2eFields(t *testing.T, where string, raw json.RawMessage, want map[string]string) map[string]json.RawMessage {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Errorf("%s is not a JSON object: %v", where, err)
		return nil
	}
	for key, kind := range want {
		if got := e2eJSONKind(obj[key]); got != kind {
			t.Errorf("%s: %q is %s, want %s", where, key, got, kind)
		}
	}
	return obj
}

// e2eParse checks stdout against the contract's JSON shape and rules, and
// the exit status against ok.
func e2eParse(t *testing.T, r e2eResult, wantHost string) e2eDoc {
	t.Helper()
	top := e2eFields(t, "document", r.stdout, map[string]string{"version": "number", "host": "string", "ok": "bool", "steps": "array"})
	if top == nil {
		t.Fatalf("stdout is not the JSON document (exit %d)\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	var rawSteps []json.RawMessage
	_ = json.Unmarshal(top["steps"], &rawSteps)
	for i, rs := range rawSteps {
		where := fmt.Sprintf("steps[%d]", i)
		st := e2eFields(t, where, rs, map[string]string{"id": "string", "title": "string", "status": "string", "duration_ms": "number", "findings": "array"})
		var rawFindings []json.RawMessage
		_ = json.Unmarshal(st["findings"], &rawFindings)
		for j, rf := range rawFindings {
			e2eFields(t, fmt.Sprintf("%s.findings[%d]", where, j), rf, map[string]string{"id": "string", "severity": "string", "message": "string", "fix": "array", "evidence": "string"})
		}
	}
	var d e2eDoc
	dec := json.NewDecoder(bytes.NewReader(r.stdout))
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("decode the document: %v", err)
	}
	if dec.More() {
		t.Errorf("stdout holds more than the one JSON document")
	}
	if d.Version != 1 {
		t.Errorf("version %d, want 1", d.Version)
	}
	if d.Host != wantHost {
		t.Errorf("host %q, want %q", d.Host, wantHost)
	}
	var got []string
	failed := false
	for _, s := range d.Steps {
		got = append(got, s.ID)
		failed = failed || s.Status == "fail"
		e2eCheckStep(t, s)
	}
	if !slices.Equal(got, e2eStepOrder) {
		t.Errorf("steps %v, want exactly %v", got, e2eStepOrder)
	}
	if d.OK == failed {
		t.Errorf("ok is %v but a step failed: %v", d.OK, failed)
	}
	wantCode := 0
	if failed {
		wantCode = 1
	}
	if r.code != wantCode {
		t.Errorf("exit %d, but the document (ok %v) calls for %d", r.code, d.OK, wantCode)
	}
	return d
}

// e2eCheckStep checks one step's status and findings against the contract.
func e2eCheckStep(t *testing.T, s e2eStep) {
	t.Helper()
	if !slices.Contains(e2eStatuses, s.Status) {
		t.Errorf("step %s: status %q is not one of %v", s.ID, s.Status, e2eStatuses)
	}
	if s.Title == "" {
		t.Errorf("step %s has no title", s.ID)
	}
	if s.DurationMS < 0 {
		t.Errorf("step %s: duration_ms %d", s.ID, s.DurationMS)
	}
	worst := "pass"
	rank := map[string]int{"info": 0, "pass": 0, "warn": 1, "fail": 2}
	for _, f := range s.Findings {
		m := e2eFindingID.FindStringSubmatch(f.ID)
		if m == nil || m[1] != s.ID {
			t.Errorf("step %s: finding id %q is not %s.<name>", s.ID, f.ID, s.ID)
		}
		if !slices.Contains(e2eSeverities, f.Severity) {
			t.Errorf("finding %s: severity %q is not one of %v", f.ID, f.Severity, e2eSeverities)
		}
		if want, ok := e2eContractSeverity[f.ID]; ok && f.Severity != want {
			t.Errorf("finding %s: severity %q, the contract says %q", f.ID, f.Severity, want)
		}
		if f.Fix == nil {
			t.Errorf("finding %s: fix is null, want an array", f.ID)
		}
		if strings.TrimSpace(f.Message) == "" {
			t.Errorf("finding %s has no message", f.ID)
		}
		if strings.HasSuffix(f.ID, ".timeout") && !strings.Contains(f.Evidence, "/api/") && !strings.Contains(f.Evidence, "/auth/") {
			t.Errorf("finding %s: evidence %q does not show the request that got no answer (the contract: evidence is the request and the answer)", f.ID, f.Evidence)
		}
		if (f.Severity == "warn" || f.Severity == "fail") && len(f.Fix) == 0 {
			t.Errorf("finding %s (%s) says nothing to do: fix is empty", f.ID, f.Severity)
		}
		if rank[f.Severity] > rank[worst] {
			worst = f.Severity
		}
	}
	switch {
	case s.Status == "skipped":
		if len(s.Findings) == 0 {
			t.Errorf("step %s is skipped without a finding saying why", s.ID)
		}
		if worst != "pass" {
			t.Errorf("step %s is skipped but carries a %s finding", s.ID, worst)
		}
	case s.Status != worst:
		t.Errorf("step %s: status %q, but its worst finding is %q", s.ID, s.Status, worst)
	}
}

// e2eHas fails the test for every id missing from the document.
func e2eHas(t *testing.T, d e2eDoc, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if _, ok := d.finding(id); !ok {
			t.Errorf("no finding %s; the run reported %v", id, d.ids())
		}
	}
}

// e2eCreates counts the POST /api/Tickets that asked to create a ticket, as
// opposed to changing one.
func e2eCreates(t *testing.T, tenant *halotest.Tenant) int {
	t.Helper()
	n := 0
	for _, body := range tenant.Bodies("POST", "/api/Tickets") {
		if e2eIsCreate(body) {
			n++
		}
	}
	return n
}

// e2eIsCreate reports whether a POST /api/Tickets body creates a ticket: an
// element without an id (with one, it changes that ticket).
func e2eIsCreate(body []byte) bool {
	var elems []map[string]any
	if json.Unmarshal(body, &elems) != nil {
		return false
	}
	for _, e := range elems {
		if id, ok := e["id"].(float64); !ok || id == 0 {
			return true
		}
	}
	return false
}

// e2eCreateFaulted reports whether the first create of a ticket was
// answered by a fault (429 or a gateway error) rather than by Halo.
func e2eCreateFaulted(tenant *halotest.Tenant) bool {
	for _, req := range tenant.Requests() {
		if req.Method == http.MethodPost && strings.EqualFold(strings.TrimRight(req.Path, "/"), "/api/Tickets") && e2eIsCreate(req.Body) {
			return req.Status == http.StatusTooManyRequests || req.Status >= 500
		}
	}
	return false
}

// e2eThroughProxy checks that the run reached the host only through the
// proxy, and nothing it was not meant to.
func e2eThroughProxy(t *testing.T, w *e2eWorld, hostports ...string) {
	t.Helper()
	connects, refused := w.proxy.seen()
	for _, hp := range hostports {
		if connects[hp] == 0 {
			t.Errorf("the proxy saw no CONNECT %s (saw %v): HTTPS_PROXY was not used", hp, connects)
		}
	}
	if len(refused) > 0 {
		t.Errorf("the proxy was asked for what it does not serve: %v", refused)
	}
}

// e2eLogOnFailure shows what the run printed and what reached the tenant,
// once the test has failed.
func e2eLogOnFailure(t *testing.T, w *e2eWorld, r e2eResult) {
	if !t.Failed() {
		return
	}
	var log strings.Builder
	for _, req := range w.tenant.Requests() {
		fmt.Fprintf(&log, "  %s %s?%s -> %d\n", req.Method, req.Path, req.Query, req.Status)
	}
	t.Logf("exit %d after %s\nstdout:\n%s\nstderr:\n%s\ntenant log:\n%s", r.code, r.elapsed.Round(time.Millisecond), r.stdout, r.stderr, log.String())
}

func e2eScenario(t *testing.T, name string) halotest.Scenario {
	t.Helper()
	sc, ok := halotest.Lookup(name)
	if !ok {
		t.Fatalf("no halotest scenario %q", name)
	}
	return sc
}

// e2eEnv is the environment of a run against the tenant's own credentials.
func e2eEnv(host string) map[string]string {
	return map[string]string{
		"HALO_HOST":          host,
		"HALO_CLIENT_ID":     halotest.ClientID,
		"HALO_CLIENT_SECRET": halotest.ClientSecret,
	}
}

func TestE2EScenariosThroughProxy(t *testing.T) {
	cases := []struct {
		name     string
		scenario string
		ticket   bool          // --send-test-ticket
		huntress bool          // --huntress-key and HUNTRESS_API_SECRET
		unset    bool          // no --ticket-type, no --resolution-status
		timeout  string        // --timeout; default 5s
		caFile   string        // SSL_CERT_FILE; default the authority the servers use
		exit     int           // the exit status
		want     []string      // finding ids beyond the scenario's Provokes
		clean    bool          // no warn or fail anywhere
		within   time.Duration // the whole run's bound, when it matters
		// createFault: when the tenant's fault hit the create itself, the
		// ticket step must fail, only it, without a second create.
		createFault bool
		hang        string // a route whose answers are lost (see e2eStart)
		noContact   bool   // nothing may be sent to the host at all
	}{
		{name: "healthy", scenario: "healthy", exit: 0, want: []string{"hostname.ip-allowlist", "ticket.not-sent"}, clean: true},
		{name: "healthy/ticket", scenario: "healthy", ticket: true, exit: 0, want: []string{"ticket.created"}, clean: true},
		{name: "healthy/huntress", scenario: "healthy", huntress: true, exit: 0, want: []string{"mapping.unmapped-orgs"}},
		{name: "healthy/unset", scenario: "healthy", unset: true, exit: 0, want: []string{"mapping.ticket-type-unset", "mapping.resolution-status-unset"}},
		{name: "invalid-client", scenario: "invalid-client", exit: 1},
		{name: "scope-missing", scenario: "scope-missing", exit: 1},
		{name: "agent-not-api-only", scenario: "agent-not-api-only", exit: 0},
		{name: "agent-disabled", scenario: "agent-disabled", exit: 1},
		{name: "agent-no-team", scenario: "agent-no-team", exit: 1},
		{name: "team-visibility", scenario: "team-visibility", exit: 1},
		{name: "clients-refused", scenario: "clients-refused", exit: 1},
		{name: "tickets-refused", scenario: "tickets-refused", exit: 1},
		{name: "mandatory-fields", scenario: "mandatory-fields", exit: 1},
		{name: "mandatory-fields/ticket", scenario: "mandatory-fields", ticket: true, exit: 1},
		{name: "invalid-context/ticket", scenario: "invalid-context", ticket: true, exit: 1},
		{name: "not-visible/ticket", scenario: "not-visible", ticket: true, exit: 1},
		{name: "cannot-close/ticket", scenario: "cannot-close", ticket: true, exit: 1},
		{name: "status-not-closing/ticket", scenario: "status-not-closing", ticket: true, exit: 1},
		{name: "create-answer-lost/ticket", scenario: "create-answer-lost", ticket: true, exit: 1},
		{name: "no-closed-status", scenario: "no-closed-status", exit: 1},
		{name: "html-page", scenario: "html-page", exit: 1},
		{name: "custom-domain", scenario: "custom-domain", exit: 1, noContact: true},
		{name: "resolved-open/ticket", scenario: "resolved-open", ticket: true, exit: 0, want: []string{"ticket.created", "ticket.closed"}},
		{name: "closed-filter-ignored/ticket", scenario: "closed-filter-ignored", ticket: true, exit: 0, want: []string{"ticket.created", "ticket.closed"}},
		{name: "rate-limit-window/ticket", scenario: "rate-limit-window", ticket: true, exit: 0, want: []string{"ticket.created", "ticket.closed"}, within: 25 * time.Second},
		{name: "never-answers", scenario: "never-answers", timeout: "2s", exit: 1, within: 2*2*time.Second + time.Second},
		{name: "rate-limited", scenario: "rate-limited", exit: 0},
		{name: "rate-limited/ticket", scenario: "rate-limited", ticket: true, exit: 0, want: []string{"ticket.created"}},
		// Every fourth request answers 503 or 502. Reads are retried; the
		// create is not (Halo may have taken it), so the run passes unless
		// the create itself drew the fault: see createFault.
		{name: "server-errors/ticket", scenario: "server-errors", ticket: true, exit: 0, want: []string{"ticket.created"}, createFault: true},
		// Each step's own timeout id, with the answer of one request lost.
		{name: "token-lost", scenario: "healthy", hang: "POST /auth/token", timeout: "1s", exit: 1, want: []string{"application.timeout"}, within: 2*time.Second + time.Second},
		{name: "agent-lost", scenario: "healthy", hang: "GET /api/Agent/me", timeout: "1s", exit: 1, want: []string{"agent.timeout"}, within: 3*time.Second + time.Second},
		{name: "statuses-lost", scenario: "healthy", hang: "GET /api/Status", timeout: "1s", exit: 1, want: []string{"mapping.timeout"}, within: 3*time.Second + time.Second},
		{name: "create-lost/ticket", scenario: "healthy", hang: "POST /api/Tickets", timeout: "1s", ticket: true, exit: 1, want: []string{"ticket.timeout"}, within: 10 * time.Second},
		{name: "untrusted-ca", scenario: "healthy", caFile: "other", exit: 1, want: []string{"hostname.unreachable"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sc := e2eScenario(t, c.scenario)
			var hang []string
			if c.hang != "" {
				hang = append(hang, c.hang)
			}
			w := e2eStart(t, sc, hang...)
			host := sc.HostName()
			env := e2eEnv(host)
			args := []string{"check", "--json", "--timeout", "5s"}
			if c.timeout != "" {
				args[len(args)-1] = c.timeout
			}
			if !c.unset {
				args = append(args, "--ticket-type", "Incident", "--resolution-status", sc.Resolution())
			}
			if c.ticket {
				args = append(args, "--send-test-ticket")
			}
			if c.huntress {
				args = append(args, "--huntress-key", huntresstest.DemoKey)
				env["HUNTRESS_API_SECRET"] = huntresstest.DemoSecret
			}
			if c.caFile == "other" {
				env["SSL_CERT_FILE"] = e2eShared.otherCA
			}
			before := map[int]bool{}
			for _, tk := range w.tenant.Tickets() {
				before[tk.ID] = true
			}
			r := e2eRun(t, w.proxy, env, args...)
			defer e2eLogOnFailure(t, w, r)
			if c.createFault && e2eCreateFaulted(w.tenant) {
				d := e2eParse(t, r, host)
				for _, s := range d.Steps {
					if got, want := s.Status == "fail", s.ID == "ticket"; got != want {
						t.Errorf("the create drew a %s fault: step %s is %s: %v", c.scenario, s.ID, s.Status, d.ids())
					}
				}
				if n := e2eCreates(t, w.tenant); n != 1 {
					t.Errorf("%d ticket creations after a faulted create, want exactly 1 (never repeated)", n)
				}
				return
			}
			if r.code != c.exit {
				t.Errorf("exit %d, want %d\nstderr:\n%s", r.code, c.exit, r.stderr)
			}
			if c.within > 0 && r.elapsed > c.within {
				t.Errorf("the run took %s, want at most %s", r.elapsed.Round(time.Millisecond), c.within)
			}
			d := e2eParse(t, r, host)

			want := slices.Clone(c.want)
			for _, id := range sc.Provokes {
				if c.ticket || !strings.HasPrefix(id, "ticket.") {
					want = append(want, id)
				}
			}
			e2eHas(t, d, want...)
			if c.clean {
				for _, s := range d.Steps {
					if s.Status == "warn" || s.Status == "fail" {
						t.Errorf("step %s is %s on a healthy tenant: %v", s.ID, s.Status, d.ids())
					}
				}
			}

			if c.noContact {
				if n := w.tenant.Stats().Requests; n != 0 {
					t.Errorf("%d requests reached %s, want none", n, host)
				}
				return
			}
			// Through the proxy, trusting SSL_CERT_FILE.
			hostports := []string{host + ":443"}
			if c.huntress {
				hostports = append(hostports, "api.huntress.io:443")
				if n := w.huntress.Stats().Requests; n == 0 {
					t.Errorf("the Huntress API was never asked")
				}
			}
			e2eThroughProxy(t, w, hostports...)
			// A request reaches the tenant only after the TLS handshake.
			switch n := w.tenant.Stats().Requests; {
			case c.caFile == "" && n == 0:
				t.Errorf("no request reached the tenant: the authority in SSL_CERT_FILE was not trusted")
			case c.caFile != "" && n != 0:
				t.Errorf("%d requests reached the tenant over a certificate the run must not trust", n)
			}

			// The test ticket: never without --send-test-ticket, once with it.
			creates := e2eCreates(t, w.tenant)
			st := w.tenant.Stats()
			switch {
			case !c.ticket:
				if n := w.tenant.Count("POST", "/api/Tickets") + w.tenant.Count("POST", "/api/Actions"); n != 0 {
					t.Errorf("%d writes reached the tenant without --send-test-ticket", n)
				}
			case d.step("ticket").Status == "skipped":
				t.Errorf("--send-test-ticket was given but the ticket step was skipped: %v", d.ids())
			default:
				if creates != 1 {
					t.Errorf("%d ticket creations reached the tenant, want exactly 1", creates)
				}
				if st.TicketsCreated > 1 {
					t.Errorf("the tenant holds %d test tickets, want at most 1", st.TicketsCreated)
				}
			}
			// "... and is left closed", unless the run says it could not
			// close it (ticket.cannot-close tells the admin to do it) or
			// could not read it back to prove it its own (ticket.not-visible
			// says to close it by hand).
			_, cannotClose := d.finding("ticket.cannot-close")
			_, notVisible := d.finding("ticket.not-visible")
			saidOpen := cannotClose || notVisible
			for _, tk := range w.tenant.Tickets() {
				if !before[tk.ID] && !tk.Closed && !saidOpen {
					t.Errorf("test ticket %d was left open and the run did not report ticket.cannot-close", tk.ID)
				}
			}
		})
	}
}

// The secret's absence must end the run at once with exit 2, not wait on a
// keyring that has no D-Bus session to answer.
func TestE2EMissingSecretExits2WithoutHanging(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	env := e2eEnv(halotest.DefaultHost)
	env["HALO_CLIENT_SECRET"] = ""
	r := e2eRun(t, w.proxy, env, "check", "--json", "--timeout", "5s")
	if r.code != 2 {
		t.Errorf("exit %d, want 2\nstderr:\n%s", r.code, r.stderr)
	}
	if r.elapsed >= 10*time.Second {
		t.Errorf("took %s to give up, want < 10s", r.elapsed.Round(time.Millisecond))
	}
	if !bytes.Contains(r.stderr, []byte("HALO_CLIENT_SECRET")) {
		t.Errorf("stderr does not say where the secret goes:\n%s", r.stderr)
	}
	if n := w.tenant.Stats().Requests; n != 0 {
		t.Errorf("%d requests reached the tenant from a run that could not check", n)
	}
}

func TestE2ESecretFlagsAreRefused(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	for _, flagName := range []string{"--client-secret", "--huntress-secret"} {
		for _, form := range [][]string{{flagName, e2eFlagSecret}, {flagName + "=" + e2eFlagSecret}} {
			args := append([]string{"check", "--json", "--timeout", "5s"}, form...)
			r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), args...)
			if r.code != 2 {
				t.Errorf("%v: exit %d, want 2", form, r.code)
			}
		}
	}
	if n := w.tenant.Stats().Requests; n != 0 {
		t.Errorf("%d requests reached the tenant from runs with a bad flag", n)
	}
}

func TestE2EHostnameStepNeedsNoCredentials(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	env := map[string]string{"HALO_HOST": halotest.DefaultHost}
	r := e2eRun(t, w.proxy, env, "check", "--json", "--step", "hostname", "--timeout", "5s")
	if r.code != 0 {
		t.Errorf("exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	d := e2eParse(t, r, halotest.DefaultHost)
	if s := d.step("hostname").Status; s != "pass" {
		t.Errorf("hostname step %q, want pass: %v", s, d.ids())
	}
	for _, id := range e2eStepOrder {
		if s := d.step(id); id != "hostname" && s.Status != "skipped" {
			t.Errorf("step %s is %q, want skipped (not asked for)", id, s.Status)
		}
	}
	if n := w.tenant.Count("POST", "/auth/token"); n != 0 {
		t.Errorf("%d token requests from a hostname-only run", n)
	}
	e2eThroughProxy(t, w, halotest.DefaultHost+":443")
}

func TestE2EHostAsPastedIsCleaned(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	r := e2eRun(t, w.proxy, e2eEnv("https://ACME.halopsa.com/api/"), "check", "--json", "--timeout", "5s",
		"--ticket-type", "Incident", "--resolution-status", "Closed")
	if r.code != 0 {
		t.Errorf("exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	d := e2eParse(t, r, "acme.halopsa.com")
	if f, ok := d.finding("hostname.cleaned"); !ok {
		t.Errorf("no hostname.cleaned: %v", d.ids())
	} else if !strings.Contains(f.Evidence, "https://ACME.halopsa.com/api/") {
		t.Errorf("hostname.cleaned evidence %q does not show the input", f.Evidence)
	}
	e2eThroughProxy(t, w, "acme.halopsa.com:443")
}

func TestE2EHostFlagBeatsEnvironment(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	r := e2eRun(t, w.proxy, e2eEnv("wrong.halopsa.com"), "check", "--json", "--timeout", "5s",
		"--host", halotest.DefaultHost, "--ticket-type", "Incident", "--resolution-status", "Closed")
	if r.code != 0 {
		t.Errorf("exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	e2eParse(t, r, halotest.DefaultHost)
	if connects, _ := w.proxy.seen(); connects["wrong.halopsa.com:443"] != 0 {
		t.Errorf("the run went to HALO_HOST although --host was given: %v", connects)
	}
}

func TestE2EReportFileHasNoSecrets(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, e2eScenario(t, "mandatory-fields"))
	path := filepath.Join(t.TempDir(), "report.md")
	env := e2eEnv(halotest.DefaultHost)
	env["HUNTRESS_API_SECRET"] = huntresstest.DemoSecret
	// --debug traces every request to stderr: that must be redacted too.
	r := e2eRun(t, w.proxy, env, "check", "--timeout", "5s", "--debug", "--report", path, "--send-test-ticket",
		"--ticket-type", "Incident", "--resolution-status", "Closed", "--huntress-key", huntresstest.DemoKey)
	if r.code != 1 {
		t.Errorf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	if json.Valid(r.stdout) || len(bytes.TrimSpace(r.stdout)) == 0 {
		t.Errorf("without --json stdout should be the text report, got:\n%s", r.stdout)
	}
	md, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("--report wrote no file: %v", err)
	}
	e2eNoSecrets(t, "the report", md)
	if !bytes.HasPrefix(md, []byte("# ")) {
		t.Errorf("the report does not start with a Markdown heading:\n%.200s", md)
	}
	for _, want := range []string{halotest.DefaultHost, "mapping.mandatory-fields", "ticket.mandatory-fields"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("the report does not mention %s", want)
		}
	}
	e2eThroughProxy(t, w, halotest.DefaultHost+":443", "api.huntress.io:443")
}

func TestE2EWrongSecretIsNotEchoed(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	env := e2eEnv(halotest.DefaultHost)
	env["HALO_CLIENT_SECRET"] = e2eWrongSecret
	r := e2eRun(t, w.proxy, env, "check", "--json", "--debug", "--timeout", "5s")
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	d := e2eParse(t, r, halotest.DefaultHost)
	e2eHas(t, d, "application.invalid-client")
}

func TestE2EInterruptExits130(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, e2eScenario(t, "never-answers"))
	ctx, cancel := context.WithTimeout(context.Background(), e2eRunLimit)
	defer cancel()
	cmd, _, stderr := e2eCommand(t, ctx, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--json", "--timeout", "20s")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the binary is waiting for Halo's answer.
	for w.tenant.Stats().Requests == 0 {
		select {
		case <-ctx.Done():
			_ = cmd.Wait()
			t.Fatalf("no request reached the tenant in %s\nstderr:\n%s", e2eRunLimit, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("an interrupted run did not end within %s", e2eRunLimit)
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d after an interrupt, want 130\nstderr:\n%s", code, stderr)
	}
	if d := time.Since(sent); d > 3*time.Second {
		t.Errorf("took %s to stop after the interrupt", d.Round(time.Millisecond))
	}
}

func TestE2EVersion(t *testing.T) {
	t.Parallel()
	e2eSetup(t)
	re := regexp.MustCompile(`^halowiz \S+ \(commit \S+, go1\.[0-9]+`)
	for _, arg := range []string{"version", "--version"} {
		r := e2eRun(t, nil, nil, arg)
		if r.code != 0 {
			t.Errorf("%s: exit %d", arg, r.code)
		}
		if !re.Match(r.stdout) {
			t.Errorf("%s printed %q, want version, commit and Go version", arg, r.stdout)
		}
	}
}

// Exit status 2 means the checks could not run. A report file that cannot be
// written must therefore be found out before anything is sent to Halo, or
// the run must still print its results with the status they call for.
func TestE2EUnwritableReport(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	path := filepath.Join(t.TempDir(), "no-such-dir", "report.md")
	r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--json", "--timeout", "5s", "--send-test-ticket",
		"--ticket-type", "Incident", "--resolution-status", "Closed", "--report", path)
	if r.code == 2 {
		if n := w.tenant.Stats().Requests; n != 0 {
			t.Errorf("exit 2 (could not run the checks), yet %d requests reached the tenant and %d test ticket(s) were created; stdout has %d bytes",
				n, w.tenant.Stats().TicketsCreated, len(r.stdout))
		}
		return
	}
	e2eParse(t, r, halotest.DefaultHost)
}

// --step asks for one step; the steps it needs run, the others are skipped.
func TestE2EOneStep(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--json", "--timeout", "5s", "--step", "agent")
	if r.code != 0 {
		t.Errorf("exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	d := e2eParse(t, r, halotest.DefaultHost)
	if s := d.step("agent").Status; s != "pass" {
		t.Errorf("agent step %q, want pass: %v", s, d.ids())
	}
	for _, id := range []string{"mapping", "ticket"} {
		if s := d.step(id).Status; s != "skipped" {
			t.Errorf("step %s is %q, want skipped (not asked for)", id, s)
		}
	}
	if n := w.tenant.Count("GET", "/api/Status") + w.tenant.Count("GET", "/api/TicketType"); n != 0 {
		t.Errorf("the mapping step's requests reached the tenant (%d) although only agent was asked for", n)
	}
}

// A Huntress key without its secret, and no keyring: exit 2 at once.
func TestE2EMissingHuntressSecretExits2(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	r := e2eRun(t, w.proxy, e2eEnv(halotest.DefaultHost), "check", "--json", "--timeout", "5s", "--huntress-key", huntresstest.DemoKey)
	if r.code != 2 {
		t.Errorf("exit %d, want 2\nstderr:\n%s", r.code, r.stderr)
	}
	if r.elapsed >= 10*time.Second {
		t.Errorf("took %s to give up, want < 10s", r.elapsed.Round(time.Millisecond))
	}
	if n := w.tenant.Stats().Requests + w.huntress.Stats().Requests; n != 0 {
		t.Errorf("%d requests were made by a run that could not check", n)
	}
}
