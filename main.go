// Command halowiz gets a HaloPSA tenant ready for the Huntress ticketing
// integration and checks every part of it live against the Halo API.
//
// This file only wires: it parses the command, builds the outside world the
// commands touch (terminal, environment, keyring, settings) and maps results
// to exit codes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"github.com/charmbracelet/x/term"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"

	"halowiz/keystore"
)

// Exit codes, from the CLI contract.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = ""
)

// app is the outside world a command touches, so that tests can swap it.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	keys           *keystore.Keyring // nil until first used: opening it may touch D-Bus
	settingsPath   func() (string, error)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, settingsPath: keystore.SettingsPath}
	// A Windows console prints colour escapes as text until it is told to
	// obey them; elsewhere this does nothing.
	restoreConsole, _ := termenv.EnableVirtualTerminalProcessing(termenv.NewOutput(os.Stdout))
	code := a.run(ctx, os.Args[1:])
	_ = restoreConsole()
	stop()
	os.Exit(code)
}

const usage = `halowiz gets a HaloPSA tenant ready for the Huntress ticketing integration.

Usage:
  halowiz [flags]                  the wizard (re-checks a saved setup first)
  halowiz check [flags]            the same checks, no questions asked
  halowiz demo [--scenario NAME]   the wizard against a simulated tenant
  halowiz demo --replay FILE       the wizard against a capture
  halowiz check --demo [--scenario NAME]
  halowiz watch [--once | --every DURATION] [flags]
                                   prove that Huntress's tickets keep flowing
  halowiz forget [--yes]           delete the saved setup and its secrets
  halowiz version (or --version)   version, commit, Go version

Run "halowiz <command> -h" for a command's flags.
`

func (a *app) run(ctx context.Context, args []string) int {
	cmd, rest := "", args
	if len(args) > 0 {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "version", "--version", "-version":
		fmt.Fprintln(a.stdout, versionString())
		return exitOK
	case "help", "-h", "--help", "-help":
		return a.runWizard(ctx, []string{"-h"}) // the commands, then the wizard's flags
	case "check":
		return a.runCheck(ctx, rest)
	case "demo":
		return a.runDemo(ctx, rest)
	case "watch":
		return a.runWatch(ctx, rest)
	case "forget":
		return a.runForget(rest)
	}
	if cmd != "" && cmd[0] != '-' {
		// Not repeated: a secret pasted in the wrong place must not echo.
		fmt.Fprintf(a.stderr, "halowiz: unknown command (%s); see halowiz -h\n", suggestCommand(cmd))
		return exitUsage
	}
	return a.runWizard(ctx, args)
}

func versionString() string {
	c := commit
	if c == "" {
		if info, ok := debug.ReadBuildInfo(); ok {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" {
					c = s.Value
				}
			}
		}
	}
	if c == "" {
		c = "unknown"
	}
	return fmt.Sprintf("halowiz %s (commit %s, %s)", version, c, runtime.Version())
}

// keyring opens the OS keyring on first use.
func (a *app) keyring() *keystore.Keyring {
	if a.keys == nil {
		a.keys = keystore.NewKeyring()
	}
	return a.keys
}

// loadSettings reads the saved setup; a missing file is not an error.
func (a *app) loadSettings() (keystore.Settings, bool, error) {
	path, err := a.settingsPath()
	if err != nil {
		return keystore.Settings{}, false, err
	}
	s, err := keystore.LoadSettings(path)
	if errors.Is(err, keystore.ErrNoSettings) {
		return keystore.Settings{}, false, nil
	}
	if err != nil {
		return keystore.Settings{}, false, err
	}
	return s, true, nil
}

// isTerminal reports whether w is a terminal.
func (a *app) isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// textWidth is the width to wrap text written to w: the terminal's width
// when w is one (80 if it cannot be read), else 0, no wrapping, so that a
// script reading a pipe gets one stable line per item.
func (a *app) textWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !a.isTerminal(w) {
		return 0
	}
	if width, _, err := term.GetSize(f.Fd()); err == nil && width > 0 {
		return width
	}
	return 80
}

// colorFor says whether output to w may use colour: only on a terminal, and
// never with NO_COLOR set.
func (a *app) colorFor(w io.Writer) bool {
	return a.isTerminal(w) && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb"
}
