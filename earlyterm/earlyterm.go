// Package earlyterm keeps halowiz from asking the terminal anything before
// its first frame.
//
// Bubble Tea v1 asks the terminal for its background colour from a package
// init (tea_init.go: lipgloss.HasDarkBackground), before main runs, so that
// the answer is in before a Program owns the terminal. A terminal that never
// answers (a pty under script, some Windows and CI consoles) holds every
// halowiz command for termenv's 5 s timeout, and there is no option to turn
// it off. This package declares the background first, and lipgloss then
// has nothing to ask.
//
// It works by Go's order of package initialisation: once a package's
// imports are initialised it may run, and among those that may, the one
// whose import path sorts first runs first. This package imports lipgloss,
// as Bubble Tea does, and its path, earlyterm.invalid, sorts before
// github.com/charmbracelet/bubbletea: its init runs between lipgloss's and
// Bubble Tea's. That is also why it is a module of its own, beside halowiz
// (whose packages sort after github.com): keep the name sorting first. The
// path has a dot (under the reserved .invalid domain, so nothing is ever
// fetched for it) because go mod verify refuses a replaced module without
// one.
//
// Declaring rather than asking is safe because halowiz's styles use only
// the sixteen basic colours, which read on dark and light backgrounds
// alike; nothing it draws depends on the answer.
package earlyterm // import "earlyterm.invalid"

import "github.com/charmbracelet/lipgloss"

func init() { lipgloss.SetHasDarkBackground(true) }
