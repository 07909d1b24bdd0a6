package ui

import (
	"fmt"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// What the wizard keeps of a walk it has not finished. A first run that
// fails or is cut short must not lose what the admin typed: every value but
// the secrets is saved as soon as it is entered (a page left, a check
// started, the wizard ended), marked as not yet accepted by any check, with
// the step the admin was on; the next run offers to take it up there.
// Secrets are kept only once a check accepted them, as always, and the
// wizard says so when it is not keeping one.

// keptValue is one value the wizard keeps, by its name in the CLI contract,
// and the page it is given (and checked) on.
type keptValue struct {
	name  string
	what  string // how the wizard names it in a sentence
	page  pageID
	given func(cfg steps.Config) bool
}

var keptValues = []keptValue{
	{"host", "the API hostname", pageHostname, func(c steps.Config) bool { return strings.TrimSpace(c.Host) != "" }},
	{"client-id", "the client ID", pageApplication, func(c steps.Config) bool { return c.ClientID != "" }},
	{"tenant", "the tenant", pageApplication, func(c steps.Config) bool { return c.Tenant != "" }},
	{"ticket-type", "the default ticket type", pageMapping, func(c steps.Config) bool { return c.TicketType != "" }},
	{"resolution-status", "the status after resolution", pageMapping, func(c steps.Config) bool { return c.ResolutionStatus != "" }},
	{"huntress-key", "the Huntress API key", pageMapping, func(c steps.Config) bool { return c.HuntressKey != "" }},
	{"mapping", "the organization pairings", pageMapping, func(c steps.Config) bool { return len(c.Mapping) > 0 }},
	{"test-client", "the client for the test ticket", pageTicket, func(c steps.Config) bool { return c.TestClient != "" }},
}

// describeValues names values by their contract names, for a sentence:
// "the API hostname and the client ID".
func describeValues(names []string) string {
	var said []string
	for _, v := range keptValues {
		for _, n := range names {
			if n == v.name {
				said = append(said, v.what)
			}
		}
	}
	return steps.JoinAnd(said)
}

// drafting reports whether the wizard keeps the walk as it goes: on a first
// run, or when the saved setup is itself an unfinished walk. Never over a
// finished setup, which check and watch run on: that is replaced only from
// the summary (this run's too, once it has saved one). Nor in the demo,
// whose settings go with its temporary folder.
func (w *wizard) drafting() bool {
	return w.deps.SaveSetup != nil && w.opts.Demo == nil && !w.files.settingsSaved &&
		(!w.opts.Saved || w.opts.Resume != nil)
}

// draft is the walk so far as a setup to keep: its values, those no check
// has accepted with the value as it now is, and the step the admin is on.
// ok is false when nothing has been typed yet.
func (w *wizard) draft() (SavedSetup, bool) {
	cfg := w.setup.kept()
	d := SavedSetup{Config: cfg, ResumeAt: rowOf(w.active).step}
	typed := false
	for _, v := range keptValues {
		if !v.given(cfg) {
			continue
		}
		typed = true
		if !w.accepted(v) {
			d.Unverified = append(d.Unverified, v.name)
		}
	}
	if d.ResumeAt == "" && len(d.Unverified) == 0 {
		d.ResumeAt = steps.Agent // on the welcome page: from the first step
	}
	return d, typed
}

// accepted reports whether a check accepted value v as it now is: its page
// was checked with these inputs and did not fail (the test ticket's client:
// the ticket went through).
func (w *wizard) accepted(v keptValue) bool {
	if v.page == pageTicket {
		r, ok := w.setup.result(steps.Ticket)
		return ok && r.Proven() && w.setup.cfg.TestClient != ""
	}
	return w.unchangedAndFine(v.page)
}

// saveDraft keeps the walk so far, in a command, when the wizard keeps
// drafts and something was typed.
func (w *wizard) saveDraft() tea.Cmd {
	if !w.drafting() || w.active == pageSummary {
		return nil
	}
	d, ok := w.draft()
	if !ok {
		return nil
	}
	write := w.keeper.prepare(w.deps.SaveSetup, d)
	return func() tea.Msg {
		if err := write(); err != nil {
			return draftFailedMsg{err: err}
		}
		return nil
	}
}

// draftFailedMsg says keeping the walk failed.
type draftFailedMsg struct{ err error }

func (w *wizard) onDraftFailed(msg draftFailedMsg) {
	if !w.files.draftWarned {
		w.files.draftWarned = true
		w.say("warn", "What you typed could not be kept for the next run: "+msg.err.Error())
	}
}

// keepOnExit keeps the walk as the wizard ends, whatever ended it, and says
// what was kept and what was not; "" when it keeps nothing. It runs after
// the program has let go of the terminal, so it may wait for the file.
func (w *wizard) keepOnExit() string {
	if !w.drafting() || w.active == pageSummary {
		return ""
	}
	d, ok := w.draft()
	if !ok {
		return ""
	}
	width := max(w.c.Width-1, 40)
	if err := w.keeper.prepare(w.deps.SaveSetup, d)(); err != nil {
		return wrap("What you typed could not be kept for the next run: "+err.Error(), width) + "\n"
	}
	lines := []string{fmt.Sprintf("Kept what you typed in %s (no secrets in it): run halowiz again to resume %s.", w.deps.SettingsPath, resumeWhere(&Resume{At: d.ResumeAt}))}
	if len(d.Unverified) > 0 {
		lines = append(lines, "Not checked yet: "+describeValues(d.Unverified)+".")
	}
	if line := w.secretsNotKept(); line != "" {
		lines = append(lines, line)
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(wrap(l, width) + "\n")
	}
	return b.String()
}

// secretsNotKept says which secrets given in this run are not being kept,
// and why; "" when none.
func (w *wizard) secretsNotKept() string {
	cfg := w.setup.runConfig()
	var not []string
	if cfg.ClientSecret != "" && w.setup.halo.status == secretNone {
		not = append(not, "the client secret")
	}
	if cfg.HuntressSecret != "" && w.setup.huntress.status == secretNone {
		not = append(not, "the Huntress API secret")
	}
	if len(not) == 0 {
		return ""
	}
	return "Not kept: " + steps.JoinAnd(not) + ". halowiz keeps a secret only once Halo (or Huntress) has accepted it; you will be asked for it again."
}

// setupKeeper hands the wizard's saves to Deps.SaveSetup one at a time and
// in the order they were made: a save prepared earlier never lands over one
// prepared later, whichever command runs first.
type setupKeeper struct {
	mu      sync.Mutex
	made    int // saves prepared
	written int // the newest save written
}

// prepare numbers a save of s now and returns what writes it.
func (k *setupKeeper) prepare(save func(SavedSetup) error, s SavedSetup) func() error {
	k.mu.Lock()
	k.made++
	n := k.made
	k.mu.Unlock()
	return func() error {
		k.mu.Lock()
		defer k.mu.Unlock()
		if n < k.written {
			return nil // a newer one is kept already
		}
		k.written = n
		return save(s)
	}
}
