package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
)

// A capture of a real run (through HTTPS_PROXY, trusting SSL_CERT_FILE, as
// on an MSP's machine) replays with nothing else: no proxy, no credentials,
// no network. The replay reports what the run did and sends nothing, and
// the capture holds no secret.
func TestE2ECaptureOfARealRunReplaysOffline(t *testing.T) {
	t.Parallel()
	w := e2eStart(t, halotest.Healthy())
	path := filepath.Join(t.TempDir(), "capture.json")
	env := e2eEnv(halotest.DefaultHost)
	env["HUNTRESS_API_SECRET"] = huntresstest.DemoSecret
	r := e2eRun(t, w.proxy, env, "check", "--json", "--timeout", "5s", "--send-test-ticket",
		"--ticket-type", "Incident", "--resolution-status", "Closed", "--huntress-key", huntresstest.DemoKey,
		"--capture", path)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	e2eThroughProxy(t, w, halotest.DefaultHost+":443", "api.huntress.io:443")
	captured, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e2eNoSecrets(t, "the capture", captured)
	if strings.Contains(strings.ToLower(string(captured)), "authorization") {
		t.Error("the capture holds an Authorization header")
	}
	before := w.tenant.Stats().Requests + w.huntress.Stats().Requests

	replayed := e2eRun(t, nil, nil, "check", "--json", "--send-test-ticket", "--replay", path)
	if replayed.code != r.code {
		t.Errorf("replay exit %d, run exit %d\nstderr:\n%s", replayed.code, r.code, replayed.stderr)
	}
	if want, got := outlineOf(t, r.stdout), outlineOf(t, replayed.stdout); want != got {
		t.Errorf("the replay differs from the run\nrun:\n%sreplay:\n%s", want, got)
	}
	if after := w.tenant.Stats().Requests + w.huntress.Stats().Requests; after != before {
		t.Errorf("the replay sent %d requests to the tenant or Huntress", after-before)
	}
}
