package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"halowiz/keystore"
	"halowiz/safefile"
	"halowiz/steps"
	"halowiz/ui"
)

// wizardRun is how the wizard is started: against a real tenant, the demo
// or a replayed capture.
type wizardRun struct {
	demo       offlineTenant // nil: a real tenant
	values     valueFlags
	accessible bool
	debug      bool
	capture    captureFlags
	scenario   string // the demo's, recorded in a capture
}

// offlineTenant is a tenant the wizard runs against without the real
// keyring or settings: the simulated one, or a replayed capture.
type offlineTenant interface {
	Config() steps.Config
	Env() steps.Env
	Banner() (name, summary string)
}

// runWizard parses the wizard's flags and starts it against a real tenant.
func (a *app) runWizard(ctx context.Context, args []string) int {
	var w wizardRun
	fs := flag.NewFlagSet("halowiz", flag.ContinueOnError)
	w.values.register(fs)
	fs.BoolVar(&w.accessible, "accessible", false, "plain prompts and progress lines instead of a full-screen interface (also ACCESSIBLE=1)")
	fs.BoolVar(&w.debug, "debug", false, "trace every request to a file in the settings directory (secrets redacted)")
	w.capture.register(fs)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage, "\nWizard flags (halowiz [flags]):\n"); fs.PrintDefaults() }
	if code, done := a.parseFlags(fs, args); done {
		return code
	}
	w.values.noteSet(fs)
	if err := w.capture.validate(""); err != nil {
		fmt.Fprintf(a.stderr, "halowiz: %s; see halowiz -h\n", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	w.accessible = w.accessible || a.getenv("ACCESSIBLE") != ""
	return a.wizard(ctx, w)
}

// wizard builds the wizard's inputs and dependencies and runs it.
func (a *app) wizard(ctx context.Context, w wizardRun) int {
	// The accessible mode reads lines and writes lines: a screen reader's
	// or a script's pipe will do. The full-screen wizard needs a terminal.
	if !w.accessible && (!a.isTerminal(a.stdin) || !a.isTerminal(a.stdout)) {
		fmt.Fprintln(a.stderr, "halowiz: the wizard needs a terminal (stdin and stdout are not both one).\nUse `halowiz --accessible` to answer its questions line by line, `halowiz check` (see `halowiz check -h`) for scripts and CI, or `halowiz check --demo` to try it.")
		return exitUsage
	}
	opts := ui.Options{Accessible: w.accessible}
	deps := ui.Deps{Version: versionString(), Now: time.Now}
	var env steps.Env
	if w.demo != nil {
		opts.Config = w.demo.Config()
		name, summary := w.demo.Banner()
		opts.Demo = &ui.Demo{Scenario: name, Summary: summary}
		env = w.demo.Env()
		dir, err := os.MkdirTemp("", "halowiz-demo-")
		if err != nil {
			fmt.Fprintln(a.stderr, "halowiz:", err)
			return exitUsage
		}
		defer a.closeDemoFolder(dir)
		deps.Secrets = keystore.NewMemoryKeyring()
		deps.SettingsPath = filepath.Join(dir, "config.json")
		deps.ReportDir = dir
	} else {
		path, err := a.settingsPath()
		if err != nil {
			fmt.Fprintln(a.stderr, "halowiz: cannot find the settings directory:", err)
			return exitUsage
		}
		saved, hasSaved, err := a.loadSettings()
		if err != nil {
			fmt.Fprintf(a.stderr, "halowiz: not using the saved setup: %v\n", err)
		}
		if corrupt := (*keystore.CorruptError)(nil); errors.As(err, &corrupt) {
			opts.StartNote = "The saved setup cannot be understood, so the wizard starts without it: " + err.Error() +
				" When the wizard saves, it first sets the damaged file aside (as " + filepath.Base(path) + ".corrupt-<time>), so nothing is lost."
		}
		cfg := resolveValues(w.values, a.getenv, saved)
		if hasSaved && saved.Unfinished() {
			opts.Resume = resumeOf(saved)
		}
		if cfg.Timeout <= 0 {
			fmt.Fprintln(a.stderr, "halowiz: --timeout must be a positive duration such as 15s")
			return exitUsage
		}
		// A secret the wizard cannot find is asked for on the application
		// step; only a saved setup makes its absence worth a word up front.
		// Without a host and client ID (a first run) the keyring is not
		// asked for one: the wizard asks it instead whether it can keep a
		// secret at all, and says so at once when it cannot.
		deps.KeyringProbe = a.keyringProbe
		if cfg.Host != "" && cfg.ClientID != "" {
			deps.KeyringProbe = nil
			src, _, err := resolveSecrets(&cfg, a.getenv, a.keyring())
			opts.SecretSource = string(src)
			opts.SecretSaved = src == keystore.FromKeyring
			// An unfinished walk never had its secret kept: the welcome
			// page says so in its own words.
			if err != nil && hasSaved && !(opts.Resume != nil && errors.Is(err, keystore.ErrNotFound)) {
				opts.StartNote = err.Error() + " The wizard asks for what is missing."
			}
		}
		opts.Config, opts.Saved = cfg, hasSaved
		deps.Secrets = a.keyring()
		deps.SettingsPath = path
		deps.ReportDir = filepath.Dir(path)
		if w.debug {
			// The trace goes to a temporary file beside debug.log and
			// replaces it when the wizard ends.
			log, err := openDebugLog(filepath.Join(filepath.Dir(path), "debug.log"))
			if err != nil {
				fmt.Fprintln(a.stderr, "halowiz: --debug:", err)
				return exitUsage
			}
			defer log.close(a.stderr)
			env.Debug = log
		}
	}
	capt, err := startCapture(w.capture, &env, w.scenario)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	defer capt.save(a.stderr, nil)
	deps.SaveSetup = saveSetup(deps.SettingsPath)
	deps.Check = func(ctx context.Context, cfg steps.Config, progress func(steps.Event)) steps.Report {
		e := env
		e.Progress = progress
		e.Front = steps.FrontWizard
		capt.run(cfg, e)
		return steps.Run(ctx, cfg, e)
	}
	err = ui.Run(ctx, opts, deps, a.stdin, a.stdout)
	switch {
	case errors.Is(err, ui.ErrInterrupted) || ctx.Err() != nil:
		return exitInterrupted
	case err != nil:
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return exitFailed
	}
	return exitOK
}

// keyringProbe asks the keyring for a secret it never holds: "not found"
// is an answer, so the keyring can keep secrets; anything else is why it
// cannot, as the kind of failure alone (the entry asked for is no one's).
func (a *app) keyringProbe() error {
	_, err := a.keyring().HaloSecret("probe.halowiz.invalid", "probe")
	if err == nil || errors.Is(err, keystore.ErrNotFound) {
		return nil
	}
	for _, kind := range []error{keystore.ErrUnavailable, keystore.ErrLocked, keystore.ErrTimeout} {
		if errors.Is(err, kind) {
			return kind
		}
	}
	return keystore.ErrFailed
}

// debugLog is the wizard's --debug trace, written through safefile. The
// checks' goroutines write to it concurrently.
type debugLog struct {
	mu sync.Mutex
	f  *safefile.File
}

func openDebugLog(path string) (*debugLog, error) {
	if err := safefile.EnsureDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := safefile.Create(path)
	if err != nil {
		return nil, err
	}
	return &debugLog{f: f}, nil
}

func (l *debugLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Write(p)
}

// close puts the log in place, and says where it is.
func (l *debugLog) close(stderr io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.f.Commit(); err != nil {
		fmt.Fprintln(stderr, "halowiz: the debug log was not saved:", err)
		return
	}
	fmt.Fprintln(stderr, "The debug log is in", l.f.Name())
}

// saveSetup saves what the wizard set up at path. A damaged file there,
// which SaveSettings refuses to replace, is set aside first: the wizard
// said so when it started without it.
func saveSetup(path string) func(ui.SavedSetup) error {
	return func(kept ui.SavedSetup) error {
		s := keptSettings(kept)
		err := keystore.SaveSettings(path, s)
		if corrupt := (*keystore.CorruptError)(nil); !errors.As(err, &corrupt) {
			return err
		}
		if _, err := keystore.SetAsideSettings(path); err != nil {
			return err
		}
		return keystore.SaveSettings(path, s)
	}
}
