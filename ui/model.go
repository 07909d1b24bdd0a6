package ui

import (
	"context"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// page is the screen the wizard shows.
type page int

const (
	pageWelcome page = iota
	pageRecheck
	pageAgent
	pageHostname
	pageApplication
	pageMapping
	pageTicket
	pageSummary
	pageCount
)

// walk is the order Enter moves through and Esc moves back along.
var walk = []page{pageWelcome, pageAgent, pageHostname, pageApplication, pageMapping, pageTicket, pageSummary}

// loadState is where a page's check stands.
type loadState int

const (
	stateReady   loadState = iota // nothing running; results, if any, did not fail
	stateLoading                  // a check is in flight
	stateFailed                   // the last check of this page failed
)

// pageState is what the wizard remembers about a page between visits.
type pageState struct {
	load    loadState
	checked bool   // a check ran with the inputs of key
	key     string // the page's inputs when it was last checked
}

// note is a line shown at the top of a page: what just happened.
type note struct {
	tone string // a steps severity name
	text string
}

// Model is the full-screen wizard.
type Model struct {
	c     *Common
	opts  Options
	deps  Deps
	setup *setup

	page   page
	pages  [pageCount]pageState
	run    *checkRun
	seq    int
	recent *progress // the last finished check, for the re-check lines

	spin     spinner.Model
	vp       viewport.Model
	help     help.Model
	showHelp bool
	evidence bool
	notes    []note
	jump     bool // scroll to the results at the next refresh
	resultAt int  // the line the results start on

	interrupted bool
	clipboard   io.Writer
	files       fileState

	welcome  welcomePage
	hostname hostnamePage
	app      applicationPage
	mapping  mappingPage
	orgs     orgTable
	ticket   ticketPage
}

// NewModel builds the wizard. ctx ends every check when cancelled.
func NewModel(ctx context.Context, opts Options, deps Deps, styles *Styles) *Model {
	c := &Common{Ctx: ctx, Width: 80, Height: 24, Styles: styles, Keys: DefaultKeyMap(), Now: deps.Now}
	m := &Model{c: c, opts: opts, deps: deps, setup: newSetup(opts)}
	m.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(styles.Info))
	m.vp = viewport.New(80, 21)
	m.help = help.New()
	m.help.Styles.ShortKey = styles.Key
	m.help.Styles.FullKey = styles.Key
	m.help.Styles.ShortDesc = styles.Help
	m.help.Styles.FullDesc = styles.Help
	m.hostname = newHostnamePage(c, opts)
	m.app = newApplicationPage(c, opts.Config)
	m.mapping = newMappingPage(c, opts.Config)
	m.orgs = newOrgTable(c)
	m.ticket = newTicketPage(c)
	m.refresh()
	return m
}

// freeze stops everything that moves on its own, for golden tests.
func (m *Model) freeze() {
	m.c.Static = true
	m.hostname.form.freeze()
	m.app.form.freeze()
	m.mapping.form.freeze()
	m.mapping.clients.freeze()
	m.orgs.freeze()
	m.ticket.client.freeze()
}

// Init starts nothing: the first screen waits for the admin.
func (m *Model) Init() tea.Cmd { return nil }

// Update handles one message. It never blocks: I/O is returned as commands.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case progressMsg:
		cmd = m.onProgress(msg)
	case checkDoneMsg:
		cmd = m.onCheckDone(msg)
	case spinner.TickMsg:
		if m.run != nil && !m.c.Static {
			m.spin, cmd = m.spin.Update(msg)
		}
	case secretSavedMsg:
		m.onSecretSaved(msg)
	case fileMsg:
		m.onFile(msg)
	default:
		cmd = m.forward(msg)
	}
	m.refresh()
	return m, cmd
}

// forward hands other messages (the cursor's blink) to the focused input.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	switch m.page {
	case pageHostname:
		return m.hostname.form.update(msg)
	case pageApplication:
		return m.app.form.update(msg)
	case pageMapping:
		return m.mapping.forward(msg, &m.orgs)
	case pageTicket:
		return m.ticket.client.update(msg)
	}
	return nil
}

func (m *Model) setSize(w, h int) {
	m.c.Width, m.c.Height = w, h
	m.vp.Width, m.vp.Height = w, max(h-3, 3)
	m.help.Width = w
	m.hostname.form.setWidth(m.c)
	m.app.form.setWidth(m.c)
	m.mapping.setSize(m.c)
	m.orgs.setSize(m.c, m.vp.Height)
	m.ticket.client.setHeight(max(m.vp.Height-12, 3))
}

// View draws the screen: a header, the page in a scrolling viewport and the
// keys that work here.
func (m *Model) View() string {
	if m.interrupted {
		return ""
	}
	return m.header() + "\n" + m.notesView() + m.vp.View() + "\n" + m.footer()
}

// refresh renders the page into the viewport. Update calls it after every
// message, so View only assembles.
func (m *Model) refresh() {
	var top, results string
	if m.showHelp {
		top = m.helpView()
	} else {
		top, results = m.body()
	}
	m.vp.Height = max(m.c.Height-3-strings.Count(m.notesView(), "\n"), 3)
	m.orgs.setSize(m.c, m.vp.Height)
	m.resultAt = strings.Count(top, "\n")
	m.vp.SetContent(m.c.Styles.App.Render(top + results))
	if m.jump {
		// Bring the results into view when they do not fit below the
		// page's top: after a failure the fix matters most.
		m.jump = false
		if m.resultAt+strings.Count(results, "\n") > m.vp.YOffset+m.vp.Height {
			m.vp.SetYOffset(max(m.resultAt, 0))
		}
	}
}

// notesView is the lines that say what just happened, between the header
// and the page, where they stay while the page scrolls.
func (m *Model) notesView() string {
	if len(m.notes) == 0 || m.showHelp {
		return ""
	}
	var b strings.Builder
	for _, n := range m.notes {
		b.WriteString(indentWrap(" "+m.c.Styles.mark(n.tone)+" ", n.text, m.c.contentWidth(), m.c.Styles.tone(n.tone)) + "\n")
	}
	return b.String() + "\n"
}

// say adds a note to the page.
func (m *Model) say(tone, text string) { m.notes = append(m.notes, note{tone: tone, text: text}) }

// body is the page's text: what stays on top, and the results of its check.
func (m *Model) body() (top, results string) {
	switch m.page {
	case pageWelcome:
		return m.welcomeBody(), ""
	case pageRecheck:
		return m.recheckBody(), ""
	case pageAgent:
		return m.agentBody()
	case pageHostname:
		return m.hostnameBody()
	case pageApplication:
		return m.applicationBody()
	case pageMapping:
		return m.mappingBody()
	case pageTicket:
		return m.ticketBody()
	case pageSummary:
		return m.summaryBody(), ""
	}
	return "", ""
}
