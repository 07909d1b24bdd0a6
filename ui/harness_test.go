package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"halowiz/steps"
)

// fixedNow is the clock of every test: elapsed times and file names must
// not change between runs.
var fixedNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// fakeCheck answers Deps.Check with canned reports and records what it was
// asked. answer builds the report for a config; block, when set, holds the
// check until its context ends.
type fakeCheck struct {
	mu        sync.Mutex
	calls     []steps.Config
	answer    func(cfg steps.Config) steps.Report
	events    func(cfg steps.Config) []steps.Event
	block     bool
	cancelled chan struct{}
	once      sync.Once
}

func (f *fakeCheck) check(ctx context.Context, cfg steps.Config, progress func(steps.Event)) steps.Report {
	f.mu.Lock()
	f.calls = append(f.calls, cfg)
	block := f.block
	f.mu.Unlock()
	if f.events != nil {
		for _, e := range f.events(cfg) {
			progress(e)
		}
	}
	if block {
		<-ctx.Done()
		if f.cancelled != nil {
			f.once.Do(func() { close(f.cancelled) })
		}
	}
	if f.answer == nil {
		return steps.Report{}
	}
	return f.answer(cfg)
}

// unblock lets the checks from now on answer at once.
func (f *fakeCheck) unblock() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.block = false
}

func (f *fakeCheck) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeCheck) last() steps.Config {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[len(f.calls)-1]
}

// fakeSecrets records what was handed to the keyring.
type fakeSecrets struct {
	mu       sync.Mutex
	halo     [][3]string
	huntress [][2]string
	err      error
}

func (s *fakeSecrets) SetHaloSecret(host, clientID, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.halo = append(s.halo, [3]string{host, clientID, secret})
	return s.err
}

func (s *fakeSecrets) SetHuntressSecret(key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.huntress = append(s.huntress, [2]string{key, secret})
	return s.err
}

// setups records what Deps.SaveSetup was given.
type setups struct {
	mu    sync.Mutex
	saved []SavedSetup
}

func (s *setups) save(set SavedSetup) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved = append(s.saved, set)
	return nil
}

// all is the values of every save, in order.
func (s *setups) all() []steps.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cfgs []steps.Config
	for _, set := range s.saved {
		cfgs = append(cfgs, set.Config)
	}
	return cfgs
}

// last is the latest save; ok is false when there was none.
func (s *setups) last() (SavedSetup, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.saved) == 0 {
		return SavedSetup{}, false
	}
	return s.saved[len(s.saved)-1], true
}

// harness drives a Model the way Bubble Tea does, but in the test's own
// goroutine: it runs the commands Update returns, concurrently, and feeds
// their messages back until nothing is left.
type harness struct {
	t       testing.TB
	m       *Model
	check   *fakeCheck
	secrets *fakeSecrets
	setups  *setups
	quit    bool
	cancel  context.CancelFunc
}

func newHarness(t testing.TB, opts Options, check *fakeCheck) *harness {
	t.Helper()
	h := &harness{t: t, check: check, secrets: &fakeSecrets{}, setups: &setups{}}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h.cancel = cancel
	dir := t.TempDir()
	deps := Deps{
		Check:        check.check,
		Secrets:      h.secrets,
		SaveSetup:    h.setups.save,
		SettingsPath: dir + "/config.json",
		ReportDir:    dir,
		Version:      "halowiz test",
		Now:          clock,
	}
	h.m = NewModel(ctx, opts, deps, NewStyles(lipgloss.DefaultRenderer()))
	h.m.freeze()
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return h
}

// send delivers messages one by one, each with everything it starts run
// to the end, as the accessible mode runs the wizard.
func (h *harness) send(msgs ...tea.Msg) {
	h.t.Helper()
	for _, msg := range msgs {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		quit, err := settle(ctx, h.m, msg, nil)
		cancel()
		h.quit = h.quit || quit
		if err != nil {
			h.t.Fatalf("commands did not settle within 10s on page %d", h.page())
		}
	}
}

// keys sends key presses by name: "enter", "esc", "ctrl+c", or runes.
func (h *harness) keys(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keyPress(n))
	}
}

// keyMsg is a key press by name.
func keyMsg(n string) tea.KeyMsg { return keyPress(n) }

// page is the page the wizard shows.
func (h *harness) page() pageID { return h.m.w.active }

// load is where page p's check stands.
func (h *harness) load(p pageID) loadState { return h.m.w.state[p].load }

func (h *harness) hostname() *hostnamePage { return h.m.w.pages[pageHostname].(*hostnamePage) }
func (h *harness) application() *applicationPage {
	return h.m.w.pages[pageApplication].(*applicationPage)
}
func (h *harness) mapping() *mappingPage { return h.m.w.pages[pageMapping].(*mappingPage) }
func (h *harness) ticket() *ticketPage   { return h.m.w.pages[pageTicket].(*ticketPage) }

// background runs cmd (a check that blocks) and what it batches, away from
// the model: its messages are dropped.
func background(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		if b, ok := cmd().(tea.BatchMsg); ok {
			for _, c := range b {
				background(c)
			}
		}
	}()
}

// flat is a view with every run of spaces and line breaks made one space,
// so that text is found however it wrapped.
func flat(view string) string { return strings.Join(strings.Fields(view), " ") }

var errKeyring = errors.New("cannot save the Halo client secret for acme.halopsa.com (client ID demo): the keyring is locked. Unlock the login keyring, or supply HALO_CLIENT_SECRET in the environment for this run")

// text is everything the current page says, scrolled into view or not,
// flattened.
func (h *harness) text() string {
	top, results := h.m.w.page().View()
	return flat(h.m.notesView() + top + results)
}
