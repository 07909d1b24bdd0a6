package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The wizard end to end, in a real terminal: tmux runs `halowiz demo` in a
// pane, the test types into it with send-keys and reads the screen back with
// capture-pane. It skips when tmux is missing, except in CI (CI=true), where
// .ci/run installs tmux and a skip would hide a broken wizard.

// tmuxWait bounds every wait for the screen: a check against the simulated
// tenant takes milliseconds, so this only has to absorb a slow machine.
const tmuxWait = 30 * time.Second

// tmuxPane is one wizard running in its own tmux server.
type tmuxPane struct {
	t      *testing.T
	socket string
	keys   []keyPress
}

// keyPress is one key sent and how long the screen took to show it.
type keyPress struct {
	key, shows string
	took       time.Duration
}

func TestWizardEndToEndInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true requires this test to run: .ci/run installs tmux")
		}
		t.Skip("tmux is not installed: install it to run the wizard end to end (with CI=true this test fails instead)")
	}
	bin := filepath.Join(t.TempDir(), "halowiz")
	start := time.Now()
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built halowiz in %s", time.Since(start).Round(time.Millisecond))

	t.Run("healthy tenant, enter through to the summary", func(t *testing.T) {
		p := startPane(t, bin, "demo")
		p.press("Enter", "Step 1 of 5 · API-only agent", "Tick Is an API-only Agent")
		p.press("Enter", "Step 2 of 5 · API hostname", `Removed "https://"`)
		p.press("Enter", "Step 3 of 5 · API application", "✓ API hostname passed.")
		p.press("Enter", "Step 4 of 5 · Ticket type, status and clients", "6 from Huntress, all paired")
		p.press("Enter", "Step 5 of 5 · Test ticket", "Acme IT Services")
		p.press("Enter", "Send it now?", `for "Acme IT Services"`)
		p.press("y", "✓ Test ticket passed", "Reading ticket 1004 back to see whether it is closed")
		p.press("Enter", "Summary: the values for Huntress", "Server Host acme.halopsa.com", "Status after Huntress Resolution Closed")
		p.press("NPage", "halowiz-report-")
		p.press("Enter", "EXIT=0", "Default Ticket Type Incident")
		p.logLatency()
	})

	t.Run("accessible: the same steps in the same words, a line at a time", func(t *testing.T) {
		p := startPane(t, bin, "demo", "--accessible")
		p.press("Enter", "== Step 1 of 5 · API-only agent ==", "Tick Is an API-only Agent", "What now?")
		p.press("Enter", "== Step 2 of 5 · API hostname ==", `Removed "https://"`, "Resource Server")
		p.press("Enter", "API hostname passed", "== Step 3 of 5 · API application ==", "Client ID")
		p.press("Enter", "Client Secret")
		p.press("Enter", "Tenant")
		p.press("Enter", "review organizations", "show/hide evidence")
		p.press("Enter", "Default Ticket Type")
		p.press("Enter", "Status after resolution")
		p.press("Enter", "Huntress API key")
		p.press("Enter", "Huntress API secret")
		p.press("Enter", "== Step 5 of 5 · Test ticket ==", "choose this client")
		p.press("Enter", "Client for the test ticket", "Acme IT Services")
		p.press("Enter", "Send it now?", "yes, send it")
		p.press("1", "between 1 and 2: 1")
		p.press("Enter", "Test ticket passed")
		p.press("Enter", "Where each step stands", "Test ticket passed", "What now? (enter: finish)")
		p.press("Enter", "EXIT=0")
		p.logLatency()
	})

	t.Run("slow tenant: esc stops the check at once and the page is editable again", func(t *testing.T) {
		p := startPane(t, bin, "demo", "--scenario", "slow")
		p.press("Enter", "Step 1 of 5 · API-only agent")
		p.press("Enter", "Step 2 of 5 · API hostname")
		p.press("Enter", "Checking", "esc: stop waiting")
		time.Sleep(time.Second)
		p.within(time.Second, "Escape", "Stopped the check of the API hostname", "Press enter to check again")
		// The field has the cursor back: what is typed goes into it.
		p.within(time.Second, "C-u", "paste the Resource Server above")
		p.within(time.Second, "beta.halopsa.com", "Server Host beta.halopsa.com")
		p.press("C-c", "EXIT=130")
		p.logLatency()
	})

	t.Run("a resumed first run: what was typed is kept, the secret is asked again", func(t *testing.T) {
		home := t.TempDir()
		p := startPaneIn(t, home, nil, bin)
		p.press("Enter", "Step 1 of 5 · API-only agent")
		p.press("Enter", "Step 2 of 5 · API hostname", "paste the Resource Server above")
		p.press("https://acme.halopsa.com/api", "Server Host acme.halopsa.com")
		p.press("Tab", "e/tab edit")
		p.press("s", "Step 3 of 5 · API application", "Skipped the API hostname")
		p.press("first-run-client", "first-run-client")
		p.press("Tab", "empty")
		p.press("not-a-real-secret", "17 characters · not kept") // until Halo accepts it, or at all without a keyring
		p.press("C-c", "EXIT=130", "Kept what you typed in", "resume at step 3, API application",
			"Not checked yet: the API hostname and the client ID.", "Not kept: the client secret.")

		again := startPaneIn(t, home, nil, bin)
		again.waitFor("Resume at step 3, API application", "Not checked yet: the API hostname and the client ID.",
			"The client secret was not kept", "for acme.halopsa.com")
		again.press("Enter", "Step 3 of 5 · API application", "first-run-client", "empty")
		again.press("C-c", "EXIT=130")
	})

	t.Run("colour: drawn in a 256-colour terminal, none with NO_COLOR", func(t *testing.T) {
		// The step's name in the header is cyan (SGR 36) wherever colour
		// is drawn at all.
		if screen := startPane(t, bin, "demo").escapes(); !strings.Contains(screen, "\x1b[36mWelcome") {
			t.Errorf("TERM=xterm-256color: the header is not drawn in colour; the screen, escapes quoted:\n%q", screen)
		}
		if screen := startPaneIn(t, t.TempDir(), []string{"NO_COLOR=1"}, bin, "demo").escapes(); strings.Contains(screen, "\x1b[") {
			t.Errorf("NO_COLOR=1: the screen still carries escape sequences:\n%q", screen)
		}
	})

	t.Run("a pty that answers no terminal queries: the first frame at once", func(t *testing.T) {
		took := firstFrameUnanswered(t, bin, "demo")
		t.Logf("first frame %s after starting halowiz under script, whose pty answers nothing", took.Round(time.Millisecond))
		// The bound is loose for a busy machine; the failure it guards
		// against is termenv's 5 s wait for an answer.
		if took > time.Second {
			t.Errorf("the first frame took %s: something asked the terminal and waited for an answer", took)
		}
	})

	t.Run("mandatory fields: the step names Category, Impact and Urgency and the fix", func(t *testing.T) {
		p := startPane(t, bin, "demo", "--scenario", "mandatory-fields")
		p.press("Enter", "Step 1 of 5 · API-only agent")
		p.press("Enter", "Step 2 of 5 · API hostname")
		p.press("Enter", "Step 3 of 5 · API application")
		p.press("Enter", "Step 4 of 5 · Ticket type, status and clients",
			"✗ Ticket type, status and clients failed",
			`Ticket type "Incident" requires Category, Impact, Urgency with no default.`,
			"either make it not mandatory or give it a default value")
		p.press("C-c", "EXIT=130")
		p.logLatency()
	})
}

// startPane runs halowiz with args in a 100x30 tmux pane, with a home and a
// config directory of its own, and waits for the first frame.
func startPane(t *testing.T, bin string, args ...string) *tmuxPane {
	t.Helper()
	return startPaneIn(t, t.TempDir(), nil, bin, args...)
}

// startPaneIn is startPane with home as the home directory (a later run
// finds what an earlier one saved there) and env added to the environment.
func startPaneIn(t *testing.T, home string, env []string, bin string, args ...string) *tmuxPane {
	t.Helper()
	p := &tmuxPane{t: t, socket: fmt.Sprintf("halowiz-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", p.socket, "kill-server").Run() })
	// The shell keeps the pane open after halowiz exits, to read its exit
	// code. The pane is an admin's terminal, not a CI job: CI is unset, as
	// termenv (rightly) draws no colour where it is set.
	script := fmt.Sprintf("env -u CI HOME=%q XDG_CONFIG_HOME=%q TERM=xterm-256color %s %q %s; echo EXIT=$?; sleep 60",
		home, filepath.Join(home, ".config"), strings.Join(env, " "), bin, strings.Join(args, " "))
	start := time.Now()
	cmd := exec.Command("tmux", "-L", p.socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "-s", "wizard", script)
	cmd.Env = append(os.Environ(), "HOME="+home)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	p.waitFor("halowiz", "Welcome")
	t.Logf("first frame %s after starting the pane (tmux, process start, simulated services, first render)", time.Since(start).Round(time.Millisecond))
	return p
}

// escapes is the screen as it is drawn, colours and all.
func (p *tmuxPane) escapes() string {
	p.t.Helper()
	out, err := exec.Command("tmux", "-L", p.socket, "capture-pane", "-e", "-p", "-t", "wizard").Output()
	if err != nil {
		p.t.Fatalf("tmux capture-pane -e: %v", err)
	}
	return string(out)
}

// press sends one key and waits until the screen shows every text in want.
func (p *tmuxPane) press(key string, want ...string) {
	p.t.Helper()
	start := time.Now()
	if out, err := exec.Command("tmux", "-L", p.socket, "send-keys", "-t", "wizard", key).CombinedOutput(); err != nil {
		p.t.Fatalf("tmux send-keys %s: %v\n%s", key, err, out)
	}
	p.waitFor(want...)
	p.keys = append(p.keys, keyPress{key: key, shows: want[0], took: time.Since(start)})
}

// within is press, failing unless the screen shows want within limit.
func (p *tmuxPane) within(limit time.Duration, key string, want ...string) {
	p.t.Helper()
	p.press(key, want...)
	if took := p.keys[len(p.keys)-1].took; took > limit {
		p.t.Errorf("%s took %s to show %q, want at most %s", key, took.Round(time.Millisecond), want[0], limit)
	}
}

// waitFor polls the pane until it shows every text in want. Text is
// compared with runs of spaces and line breaks made one space, so that it
// is found however the wizard wrapped it.
func (p *tmuxPane) waitFor(want ...string) {
	p.t.Helper()
	deadline := time.Now().Add(tmuxWait)
	var screen string
	for time.Now().Before(deadline) {
		out, err := exec.Command("tmux", "-L", p.socket, "capture-pane", "-p", "-t", "wizard").Output()
		if err != nil {
			p.t.Fatalf("tmux capture-pane: %v", err)
		}
		screen = string(out)
		flat := strings.Join(strings.Fields(screen), " ")
		if !slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) }) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	p.t.Fatalf("the screen did not show %q within %s; it shows:\n%s", want, tmuxWait, screen)
}

// logLatency reports how long key presses took to show, as seen from
// outside: send-keys, the wizard's update and render, and capture-pane
// polling. Presses that start a check include the check. The cost of one
// send-keys and one capture-pane, measured on the idle screen, is reported
// beside it: that much of each figure is tmux, not the wizard.
func (p *tmuxPane) logLatency() {
	if len(p.keys) == 0 {
		return
	}
	const rounds = 20
	start := time.Now()
	for range rounds {
		_ = exec.Command("tmux", "-L", p.socket, "send-keys", "-t", "wizard", "").Run()
		_ = exec.Command("tmux", "-L", p.socket, "capture-pane", "-p", "-t", "wizard").Run()
	}
	p.t.Logf("tmux overhead: %s per send-keys and capture-pane", (time.Since(start) / rounds).Round(100*time.Microsecond))
	for _, k := range p.keys {
		p.t.Logf("key press to screen: %-5s → %-48s %s", k.key, k.shows, k.took.Round(100*time.Microsecond))
	}
}

// firstFrameUnanswered runs halowiz under script(1), whose pty passes
// halowiz's output on and answers no query (no background colour, no cursor
// position), and returns how long the first frame took to arrive.
func firstFrameUnanswered(t *testing.T, bin string, args ...string) time.Duration {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("script (util-linux) is not installed, and CI=true requires this test to run")
		}
		t.Skip("script (util-linux) is not installed")
	}
	home := t.TempDir()
	command := fmt.Sprintf("stty cols 100 rows 30; exec env HOME=%q XDG_CONFIG_HOME=%q TERM=xterm-256color %q %s",
		home, filepath.Join(home, ".config"), bin, strings.Join(args, " "))
	cmd := exec.Command("script", "-q", "-f", "-c", command, "/dev/null")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = stdin.Write([]byte{3}) // Ctrl+C
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			// script, which this test started; its pty closes, and the
			// hang-up ends halowiz.
			_ = cmd.Process.Kill()
			<-done
		}
	})
	seen := make(chan time.Duration, 1)
	go func() {
		var screen []byte
		buf := make([]byte, 4096)
		for {
			n, err := stdout.Read(buf)
			screen = append(screen, buf[:n]...)
			if strings.Contains(string(screen), "Welcome") {
				seen <- time.Since(start)
				_, _ = io.Copy(io.Discard, stdout)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case took := <-seen:
		return took
	case <-time.After(tmuxWait):
		t.Fatalf("no first frame within %s under script", tmuxWait)
	}
	return 0
}
