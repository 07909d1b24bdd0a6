package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"halowiz/steps"
)

// observed is the wizard as teatest runs it, telling the test after every
// message where it stands, so the test waits for states rather than for
// text in a stream of redraws.
type observed struct {
	*Model
	w *watch
}

// state is where the wizard stands.
type state struct {
	checks  int // checks finished
	page    pageID
	load    loadState
	busy    bool
	events  int // activities of the check in flight
	view    mappingView
	stage   ticketStage
	written bool // the summary's report and settings are written
}

// watch is the latest state, behind a lock.
type watch struct {
	mu sync.Mutex
	st state
}

func (o observed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := o.Model.Update(msg)
	w := o.Model.w
	st := state{page: w.active, load: w.state[w.active].load, busy: w.run != nil, checks: w.seq,
		view: w.pages[pageMapping].(*mappingPage).view, stage: w.pages[pageTicket].(*ticketPage).stage,
		written: w.files.reportPath != "" && (w.files.settingsSaved || w.files.settingsErr != nil)}
	if w.run != nil {
		st.checks--
		for _, sp := range w.run.progress.steps {
			st.events += len(sp.activities)
		}
	}
	o.w.mu.Lock()
	o.w.st = st
	o.w.mu.Unlock()
	return o, cmd
}

func (w *watch) get() state {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st
}

// act is one thing a golden test does: press keys, then wait until the
// wizard stands where until says.
type act struct {
	keys  []string
	until func(s state) bool
	what  string
	check bool // the keys start a check: wait for it to finish too
}

func press(keys ...string) act { return act{keys: keys} }

func on(p pageID) act {
	return act{until: func(s state) bool { return s.page == p && !s.busy }, what: "a finished page"}
}

// checked waits for the check the keys started to finish, on page p.
func checked(p pageID, keys ...string) act {
	return act{keys: keys, check: true, until: func(s state) bool { return s.page == p && !s.busy }, what: "a check on the page"}
}

func failedOn(p pageID) act {
	return act{until: func(s state) bool { return s.page == p && !s.busy && s.load == stateFailed }, what: "a failed page"}
}

// screen runs the wizard in teatest on tn at the size given, does acts, and
// returns the final screen.
func screen(t *testing.T, tn *tenant, w, h int, acts ...act) string {
	t.Helper()
	return screenStyled(t, tn, w, h, NewStyles(lipgloss.DefaultRenderer()), acts...)
}

// screenStyled is screen with the styles given: the pinned colourless ones
// for goldens, colour ones for the README's pictures.
func screenStyled(t *testing.T, tn *tenant, w, h int, styles *Styles, acts ...act) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := NewModel(ctx, tn.opts, tn.deps, styles)
	m.freeze()
	o := observed{Model: m, w: &watch{}}
	tm := teatest.NewTestModel(t, o, teatest.WithInitialTermSize(w, h))
	for _, a := range acts {
		before := o.w.get().checks
		for _, k := range a.keys {
			tm.Send(keyMsg(k))
		}
		if a.until != nil {
			waitFor(t, a.what, func() bool {
				s := o.w.get()
				return a.until(s) && (!a.check || s.checks > before)
			})
		}
	}
	if tn.gate != nil && tn.gate.match != nil {
		select {
		case <-tn.gate.reached:
		case <-time.After(20 * time.Second):
			t.Fatal("the check never reached the gate")
		}
		waitFor(t, "the gated event on screen", func() bool { return int64(o.w.get().events) >= tn.gate.expected.Load() })
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	return fm.(observed).Model.View()
}

// walk5 is the acts that bring a healthy demo to each page with Enter,
// waiting wherever a check runs.
var walk5 = map[pageID][]act{
	pageWelcome:     nil,
	pageAgent:       {press("enter"), on(pageAgent)},
	pageHostname:    {press("enter", "enter"), on(pageHostname)},
	pageApplication: {press("enter", "enter", "enter"), on(pageApplication)},
	pageMapping:     {press("enter", "enter", "enter"), on(pageApplication), press("enter"), on(pageMapping)},
	pageTicket:      {press("enter", "enter", "enter"), on(pageApplication), press("enter"), on(pageMapping), press("enter"), on(pageTicket)},
}

func plus(base []act, more ...act) []act { return append(append([]act(nil), base...), more...) }

func activityOf(id steps.ID, n int) func(steps.Event) bool {
	seen := 0
	var mu sync.Mutex
	return func(e steps.Event) bool {
		if e.Step != id || e.Kind != steps.Activity {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		seen++
		return seen == n
	}
}

// screenCase is one screen of the walk: the scenario, what brings the
// wizard there, and the terminal size.
type screenCase struct {
	name     string
	scenario string
	gate     func(steps.Event) bool
	w, h     int
	acts     []act
}

func (tc screenCase) size() (int, int) {
	if tc.w == 0 {
		return 80, 24
	}
	return tc.w, tc.h
}

// screenCases are the screens the goldens (and the README's pictures) show.
func screenCases() []screenCase {
	ticketSent := plus(walk5[pageTicket], press("enter", "y"), act{until: func(s state) bool { return s.stage == ticketSent && !s.busy }, what: "the ticket sent"})
	cases := []screenCase{
		{name: "welcome", scenario: "healthy", acts: walk5[pageWelcome]},
		{name: "agent", scenario: "healthy", acts: walk5[pageAgent]},
		{name: "hostname", scenario: "healthy", acts: walk5[pageHostname]},
		{name: "hostname-checking", scenario: "healthy", gate: activityOf(steps.Hostname, 1), acts: plus(walk5[pageHostname], press("enter"))},
		{name: "hostname-not-halo", scenario: "html-page", acts: plus(walk5[pageHostname], press("enter"), failedOn(pageHostname))},
		{name: "hostname-custom-domain", scenario: "custom-domain", acts: plus(walk5[pageHostname], checked(pageHostname, "enter"))},
		{name: "application", scenario: "healthy", acts: walk5[pageApplication]},
		{name: "application-invalid-client", scenario: "invalid-client", acts: plus(walk5[pageApplication], press("enter"), failedOn(pageApplication))},
		{name: "agent-no-team", scenario: "agent-no-team", acts: plus(walk5[pageApplication], press("enter"), failedOn(pageAgent))},
		{name: "mapping", scenario: "healthy", acts: walk5[pageMapping]},
		{name: "mapping-status-list", scenario: "healthy", acts: plus(walk5[pageMapping], press("tab"))},
		{name: "mapping-huntress", scenario: "healthy", acts: plus(walk5[pageMapping], press("tab", "tab"))},
		{name: "mapping-mandatory-fields", scenario: "mandatory-fields", acts: plus(walk5[pageApplication], press("enter"), failedOn(pageMapping))},
		{name: "mapping-large", scenario: "healthy", w: 120, h: 40, acts: walk5[pageMapping]},
		{name: "organizations", scenario: "organizations-unmatched", acts: plus(walk5[pageMapping], press("o"))},
		{name: "organizations-filtered", scenario: "organizations-unmatched", acts: plus(walk5[pageMapping], press("o", "/", "i", "n", "enter"))},
		{name: "organizations-pick-client", scenario: "organizations-unmatched", acts: plus(walk5[pageMapping], press("o", "down", "down", "enter", "f", "a", "b"))},
		{name: "organizations-picked", scenario: "organizations-unmatched", acts: plus(walk5[pageMapping], press("o", "down", "down", "enter", "f", "a", "b", "enter"))},
		{name: "ticket", scenario: "healthy", acts: walk5[pageTicket]},
		{name: "ticket-confirm", scenario: "healthy", acts: plus(walk5[pageTicket], press("enter"))},
		{name: "ticket-sending", scenario: "healthy", gate: activityOf(steps.Ticket, 3), acts: plus(walk5[pageTicket], press("enter", "y"))},
		{name: "ticket-sent", scenario: "healthy", acts: ticketSent},
		{name: "ticket-not-visible", scenario: "not-visible", acts: plus(walk5[pageTicket], press("enter", "y"), failedOn(pageTicket))},
		{name: "summary", scenario: "healthy", acts: plus(ticketSent, press("enter"), act{until: func(s state) bool { return s.page == pageSummary && s.written }, what: "the summary's files"})},
		{name: "summary-large", scenario: "healthy", w: 120, h: 40, acts: plus(ticketSent, press("enter"), act{until: func(s state) bool { return s.page == pageSummary && s.written }, what: "the summary's files"})},
		{name: "help", scenario: "healthy", acts: plus(walk5[pageAgent], press("?"))},
	}
	// The smallest terminal the wizard is made for and a large one: text
	// wraps at words and keeps its indent, the values for Huntress are
	// never cut, tables keep their header and use the width there is.
	for _, size := range []struct {
		name string
		w, h int
	}{{"60x20", 60, 20}, {"200x50", 200, 50}} {
		for _, tc := range []screenCase{
			{name: "welcome", scenario: "healthy", acts: walk5[pageWelcome]},
			{name: "agent", scenario: "healthy", acts: walk5[pageAgent]},
			{name: "hostname-custom-domain", scenario: "custom-domain", acts: plus(walk5[pageHostname], checked(pageHostname, "enter"))},
			{name: "application", scenario: "healthy", acts: walk5[pageApplication]},
			{name: "mapping-mandatory-fields", scenario: "mandatory-fields", acts: plus(walk5[pageApplication], press("enter"), failedOn(pageMapping))},
			{name: "organizations", scenario: "organizations-unmatched", acts: plus(walk5[pageMapping], press("o"))},
			{name: "ticket-confirm", scenario: "healthy", acts: plus(walk5[pageTicket], press("enter"))},
			{name: "summary", scenario: "healthy", acts: plus(ticketSent, press("enter"), act{until: func(s state) bool { return s.page == pageSummary && s.written }, what: "the summary's files"})},
		} {
			tc.name += "-" + size.name
			tc.w, tc.h = size.w, size.h
			cases = append(cases, tc)
		}
	}
	return cases
}

func TestScreens(t *testing.T) {
	for _, tc := range screenCases() {
		t.Run(tc.name, func(t *testing.T) {
			w, h := tc.size()
			goldenScreen(t, tc.scenario, tc.gate, w, h, nil, tc.acts...)
		})
	}
}

// goldenScreen compares the screen acts lead to on scenario with its golden
// file; adjust, when set, changes the wizard's options first.
func goldenScreen(t *testing.T, scenario string, match func(steps.Event) bool, w, h int, adjust func(*Options), acts ...act) {
	t.Helper()
	t.Parallel()
	var g *gate
	if match != nil {
		g = newGate(match)
	}
	tn := startTenant(t, scenario, g)
	if adjust != nil {
		adjust(&tn.opts)
	}
	golden.RequireEqual(t, []byte(screen(t, tn, w, h, acts...)))
}

// TestResumeScreens are the screens of a saved setup: the re-check in
// progress, and the wizard opened at the first failing step.
func TestResumeScreens(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		gate     func(steps.Event) bool
		acts     []act
	}{
		{name: "welcome-saved", scenario: "healthy"},
		{name: "rechecking", scenario: "healthy", gate: activityOf(steps.Application, 1), acts: []act{press("enter")}},
		{name: "resumed-at-agent", scenario: "team-visibility", acts: []act{press("enter"), failedOn(pageAgent)}},
		{name: "resumed-all-pass", scenario: "healthy", acts: []act{press("enter"), act{until: func(s state) bool { return s.page == pageSummary && s.written }, what: "the summary"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			goldenScreen(t, tc.scenario, tc.gate, 80, 24, func(o *Options) {
				o.Demo, o.Saved, o.SecretSource = nil, true, "keyring"
				if tc.name == "welcome-saved" {
					o.StartNote = "The keyring is locked: the client secret was not read. Unlock the login keyring, or supply HALO_CLIENT_SECRET in the environment for this run."
				}
			}, tc.acts...)
		})
	}
}

// screenshots are the screens pictured in the README, from the golden cases.
var screenshots = map[string]bool{
	"welcome": true, "mapping-mandatory-fields": true, "organizations": true, "summary-large": true,
}

// TestScreenshots writes the README's screens, in colour, as ANSI text to
// the directory HALOWIZ_SCREENSHOTS names; docs/screenshots.sh turns them
// into pictures. Without the variable it does nothing.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("HALOWIZ_SCREENSHOTS")
	if dir == "" {
		t.Skip("set HALOWIZ_SCREENSHOTS to a directory (docs/screenshots.sh does) to write the README's screens")
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	for _, tc := range screenCases() {
		if !screenshots[tc.name] {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			w, h := tc.size()
			var g *gate
			if tc.gate != nil {
				g = newGate(tc.gate)
			}
			frame := screenStyled(t, startTenant(t, tc.scenario, g), w, h, NewStyles(r), tc.acts...)
			if err := os.WriteFile(filepath.Join(dir, tc.name+".ansi"), []byte(frame), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
