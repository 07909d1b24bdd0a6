package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// ErrInterrupted is what Run returns when the admin quit (Ctrl+C) or the
// program was told to stop; main exits 130 on it.
var ErrInterrupted = errors.New("the wizard was interrupted")

// Options are what the wizard starts from.
type Options struct {
	// Config holds the values known before the wizard starts (flags,
	// environment, the saved setup, the keyring); they fill the inputs.
	Config steps.Config
	// Saved is set when a saved setup exists: the wizard offers to re-check
	// it and open at the first step that fails.
	Saved bool
	// Resume is set when the saved setup is a walk the wizard kept before
	// it was finished (a first run that failed or was cut short): the
	// wizard offers to take it up where the admin left off.
	Resume *Resume
	// SecretSource says, in a word shown beside the field, where
	// Config.ClientSecret came from ("keyring", "environment"); empty when
	// none was found.
	SecretSource string
	// SecretSaved is set when Config.ClientSecret is the one the keyring
	// holds for its host and client ID: verifying it saves nothing.
	SecretSaved bool
	// Demo is set when the wizard runs against the simulated tenant.
	Demo *Demo
	// Accessible asks for plain prompts and progress lines instead of the
	// full-screen interface.
	Accessible bool
	// StartNote is a problem met while resolving the saved setup (no secret
	// in the keyring, say), shown on the welcome screen.
	StartNote string
}

// Resume is an unfinished walk: the step the admin was on and the values
// no check has accepted yet, by their names in the CLI contract ("host",
// "client-id", ...).
type Resume struct {
	At         steps.ID
	Unverified []string
}

// SavedSetup is what the wizard keeps for a later run: the values, the
// hostname cleaned, never a secret. A walk not finished also says which of
// them no check has accepted yet (by their contract names) and the step the
// admin was on; a finished one leaves both empty.
type SavedSetup struct {
	Config     steps.Config
	Unverified []string
	ResumeAt   steps.ID
}

// Demo names the simulated tenant's scenario.
type Demo struct {
	Scenario string
	Summary  string
}

// SecretStore is the part of the keyring the wizard writes to, once a
// secret has been verified.
type SecretStore interface {
	SetHaloSecret(host, clientID, secret string) error
	SetHuntressSecret(apiKey, secret string) error
}

// CheckFunc runs the checks of cfg and reports progress while it works. It
// must return once ctx is cancelled.
type CheckFunc func(ctx context.Context, cfg steps.Config, progress func(steps.Event)) steps.Report

// Deps is everything the wizard reaches outside itself.
type Deps struct {
	Check   CheckFunc
	Secrets SecretStore
	// SaveSetup keeps what a later run starts from. It must keep no
	// secret (the setup carries none). The wizard calls it one call at a
	// time.
	SaveSetup func(s SavedSetup) error
	// KeyringProbe, when set, asks the keyring whether it can keep a
	// secret at all, before any is verified, so that a first run says at
	// once when it cannot and what that means. nil when it can; otherwise
	// what is wrong, in a few words ("no keyring service is available").
	// It may take the keyring's own time to answer: it runs in a command.
	KeyringProbe func() error
	SettingsPath string // shown where the settings went
	ReportDir    string // where the Markdown report and CSV exports go
	Version      string
	Now          func() time.Time
}

// Run runs the wizard on in and out until the admin finishes or quits. It
// returns ErrInterrupted when they quit.
func Run(ctx context.Context, opts Options, deps Deps, in io.Reader, out io.Writer) error {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Check == nil {
		return errors.New("ui: no Check function")
	}
	if opts.Accessible {
		return runAccessible(ctx, opts, deps, in, out)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := NewModel(ctx, opts, deps, NewStyles(TerminalRenderer(out)))
	w := lockOutput(out)
	m.w.clipboard = w
	// 120 frames a second, Bubble Tea's most: a key press shows within
	// about 8 ms instead of 16.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(w), tea.WithAltScreen(), tea.WithFPS(120))
	final, err := p.Run()
	cancel() // whatever is still in flight
	fm, _ := final.(*Model)
	if fm != nil {
		// The terminal is the shell's again: what was kept is said there.
		_, _ = io.WriteString(out, fm.w.keepOnExit())
	}
	if fm != nil && fm.w.interrupted {
		return ErrInterrupted
	}
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
			return ErrInterrupted
		}
		return fmt.Errorf("run the wizard: %w", err)
	}
	if fm != nil && fm.w.active == pageSummary {
		_, err := io.WriteString(out, fm.w.pages[pageSummary].(*summaryPage).farewell())
		return err
	}
	return nil
}

// lockOutput serialises writes to out, so that copying to the clipboard
// (an escape sequence written from a command) never lands inside a frame
// the renderer is writing. A terminal stays recognisable as one.
func lockOutput(out io.Writer) io.Writer {
	if f, ok := out.(*os.File); ok {
		return &lockedFile{File: f}
	}
	return &lockedWriter{w: out}
}

type lockedFile struct {
	*os.File
	mu sync.Mutex
}

func (l *lockedFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.File.Write(p)
}

type lockedWriter struct {
	w  io.Writer
	mu sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
