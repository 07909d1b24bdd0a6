package ui

import (
	"fmt"
	"slices"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// page is one screen of the wizard, a component in soft-serve's sense: the
// Model forwards to the active page the keys and messages it does not handle
// itself, draws the page inside its frame and shows the page's keys as help.
// What the pages share (the setup, the check in flight, the walk between
// pages) they reach through the wizard they were built with.
type page interface {
	help.KeyMap // ShortHelp is the footer; FullHelp adds to it in the help overlay

	// Update takes a key the Model did not use, or another message
	// (a cursor's blink, a field's update).
	Update(msg tea.Msg) tea.Cmd
	// View is the page: what stays on top, and the results of its check,
	// which the frame scrolls into view after a failure.
	View() (top, results string)
	SetSize(width, height int)

	// Step is the step the page sets up, from its row of the table.
	Step() (steps.ID, bool)
	// Typing reports whether a text field has the cursor: letters are
	// typed, not commands.
	Typing() bool
	// Enter is what the Enter key does here.
	Enter() tea.Cmd
	// Open prepares the page as the walk arrives at it.
	Open() tea.Cmd
	// Questions are what key b takes from the admin first, for the
	// accessible rendering to ask as prompts before it presses b; the
	// full-screen page shows them as its fields and lists. Nil when b asks
	// for nothing.
	Questions(b key.Binding) []question
	// AfterCheck says where the walk goes when a check this page asked for
	// has ended.
	AfterCheck(run *checkRun) tea.Cmd
}

// checkedInputs is a page whose inputs decide whether Enter checks them or
// moves on: it moves on when they are the ones last checked and that check
// did not fail.
type checkedInputs interface {
	// inputsKey is what the page's check depends on, as given now.
	inputsKey() string
	// checkedKey is inputsKey for the values run checked.
	checkedKey(run *checkRun) string
}

// learner is a page that shows what the checks learned about the tenant (the
// lists it offers to choose from): it takes in what a finished run learned.
type learner interface {
	learned(run *checkRun)
}

// pageID names a page.
type pageID int

const (
	pageWelcome pageID = iota
	pageRecheck
	pageAgent
	pageHostname
	pageApplication
	pageMapping
	pageTicket
	pageSummary
	pageCount
)

// pageRow describes one page: the step it sets up, if any, its title, and
// what skipping it leaves unproven. The walk goes through the rows in
// order; the step pages are numbered in that order.
type pageRow struct {
	id    pageID
	step  steps.ID // "" for a page that sets up no step; its title is its step's
	title string   // for a page without a step
	skip  string   // what skipping the step leaves unproven
	off   bool     // not on the walk: reached by a key, left with Esc
	build func(b base) page
}

// pageTable is every page, in walk order.
var pageTable = []pageRow{
	{id: pageWelcome, title: "Welcome", build: newWelcomePage},
	{id: pageAgent, step: steps.Agent, build: newAgentPage,
		skip: "Skipped the API-only agent checklist. The application step still checks the agent it logs in as, and brings you back here if it is wrong."},
	{id: pageHostname, step: steps.Hostname, build: newHostnamePage,
		skip: "Skipped the API hostname: it is unproven. The next check asks it again first, since everything else depends on it."},
	{id: pageApplication, step: steps.Application, build: newApplicationPage,
		skip: "Skipped the API application: the client ID and secret are unproven, so the agent, the mapping and the test ticket cannot be checked, and the secret is not saved."},
	{id: pageMapping, step: steps.Mapping, build: newMappingPage,
		skip: "Skipped ticket type, status and clients: unproven. Halo may refuse Huntress's tickets for mandatory fields, and resolved incidents may leave their tickets open."},
	{id: pageTicket, step: steps.Ticket, build: newTicketPage,
		skip: "Skipped the test ticket: the path from Huntress to a closed Halo ticket is unproven. " + steps.HuntressTestTicket},
	{id: pageSummary, title: "Summary: the values for Huntress", build: newSummaryPage},
	{id: pageRecheck, title: "Re-checking every step", off: true, build: newRecheckPage},
}

// rowOf is page id's row.
func rowOf(id pageID) *pageRow {
	for i := range pageTable {
		if pageTable[i].id == id {
			return &pageTable[i]
		}
	}
	panic(fmt.Sprintf("ui: page %d has no row in pageTable", id))
}

// pageOf is the page where step id's inputs are given and its results shown.
func pageOf(id steps.ID) pageID {
	for _, r := range pageTable {
		if r.step == id {
			return r.id
		}
	}
	return pageWelcome
}

// stepCount is how many steps the walk sets up.
func stepCount() int {
	n := 0
	for _, r := range pageTable {
		if r.step != "" {
			n++
		}
	}
	return n
}

// number is the row's place among the steps of the walk, from 1; 0 for a
// page that sets up no step.
func (r *pageRow) number() int {
	if r.step == "" {
		return 0
	}
	n := 0
	for _, o := range pageTable {
		if o.step != "" {
			n++
		}
		if o.id == r.id {
			break
		}
	}
	return n
}

// heading names the page in the header, and in the accessible mode's
// transcript.
func (r *pageRow) heading() string {
	if r.step == "" {
		return r.title
	}
	return fmt.Sprintf("Step %d of %d · %s", r.number(), stepCount(), r.step.Title())
}

// neighbour is the page before (-1) or after (+1) id on the walk.
func neighbour(id pageID, delta int) (pageID, bool) {
	var walk []pageID
	for _, r := range pageTable {
		if !r.off {
			walk = append(walk, r.id)
		}
	}
	for i, p := range walk {
		if p == id && i+delta >= 0 && i+delta < len(walk) {
			return walk[i+delta], true
		}
	}
	return 0, false
}

// base is what every page has: the wizard it is part of and its row of the
// table. Its methods are the defaults a page keeps unless it says otherwise.
type base struct {
	w   *wizard
	row *pageRow
}

func (b base) Step() (steps.ID, bool)           { return b.row.step, b.row.step != "" }
func (b base) SetSize(int, int)                 {}
func (b base) Typing() bool                     { return false }
func (b base) Open() tea.Cmd                    { return nil }
func (b base) Questions(key.Binding) []question { return nil }
func (b base) FullHelp() [][]key.Binding        { return nil }
func (b base) AfterCheck(*checkRun) tea.Cmd     { return b.w.advanceIfClean(b.row) }

// formPage is a page that asks for typed values (the hostname, the
// application): a base whose keys go to its form while a field has the
// cursor, and the line of the page that cursor is on.
type formPage struct {
	base
	form   *inputForm
	cursor int // the line of the page the cursor is on, -1 for none
}

func (p *formPage) SetSize(int, int) { p.form.setWidth() }
func (p *formPage) Typing() bool     { return p.form.active }
func (p *formPage) cursorLine() int  { return p.cursor }
func (p *formPage) refocus() tea.Cmd { return p.form.focus(p.form.focused()) }

// same reports whether a and b are bound to the same keys, whatever they
// are called on a screen.
func same(a, b key.Binding) bool { return slices.Equal(a.Keys(), b.Keys()) }
