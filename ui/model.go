package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// Model is the full-screen wizard: a frame (the header, the notes, the
// active page in a scrolling viewport and the keys that work there) around
// the wizard's pages. It handles the keys every screen knows and forwards
// everything else to the active page.
type Model struct {
	w        *wizard
	help     help.Model
	showHelp bool
	pageAt   int // where the page was scrolled to when the help opened
	scrollTo int // scroll here once the content is set; -1 for nowhere
	cursorAt int // the line of the viewport the page's cursor was on, -1 for none
}

// NewModel builds the wizard. ctx ends every check when cancelled.
func NewModel(ctx context.Context, opts Options, deps Deps, styles *Styles) *Model {
	return newModel(&Common{Ctx: ctx, Width: 80, Height: 24, Styles: styles, Keys: DefaultKeyMap(), Now: deps.Now}, opts, deps)
}

func newModel(c *Common, opts Options, deps Deps) *Model {
	m := &Model{w: newWizard(opts, deps, c), help: help.New(), scrollTo: -1, cursorAt: -1}
	m.help.Styles.ShortKey = c.Styles.Key
	m.help.Styles.FullKey = c.Styles.Key
	m.help.Styles.ShortDesc = c.Styles.Help
	m.help.Styles.FullDesc = c.Styles.Help
	// Every style of the help is the wizard's: bubbles' own defaults are
	// adaptive colours, which would ask the terminal for its background.
	m.help.Styles.ShortSeparator = c.Styles.Help
	m.help.Styles.FullSeparator = c.Styles.Help
	m.help.Styles.Ellipsis = c.Styles.Help
	m.refresh()
	return m
}

// freeze stops everything that moves on its own, for golden tests.
func (m *Model) freeze() { m.w.c.Static = true }

// Init asks the keyring, in the background, whether it can keep secrets;
// the first screen is drawn without waiting for it.
func (m *Model) Init() tea.Cmd { return m.w.probeKeyring() }

// Update handles one message. It never blocks: I/O is returned as commands.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	w := m.w
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case progressMsg:
		cmd = w.onProgress(msg)
	case checkDoneMsg:
		cmd = w.onCheckDone(msg)
	case spinner.TickMsg:
		if w.run != nil && !w.c.Static {
			w.spin, cmd = w.spin.Update(msg)
		}
	case secretSavedMsg:
		w.onSecretSaved(msg)
	case fileMsg:
		w.onFile(msg)
	case draftFailedMsg:
		w.onDraftFailed(msg)
	case keyringMsg:
		w.onKeyring(msg)
	default:
		cmd = w.page().Update(msg)
	}
	m.refresh()
	return m, cmd
}

// handleKey routes a key: quitting first, then the help overlay, then a
// check in flight (which only Esc stops), then Enter, which every page
// answers its own way, then, unless a text field has the cursor, what every
// screen knows, and last the page.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	w, k := m.w, m.w.c.Keys
	p := w.page()
	switch {
	case key.Matches(msg, k.Quit):
		return w.quit()
	case m.showHelp:
		m.helpKey(msg)
		return nil
	case w.run != nil:
		if key.Matches(msg, k.StopWait) {
			return w.stopCheck()
		}
		if key.Matches(msg, k.Help) {
			m.openHelp()
		}
		return nil
	case key.Matches(msg, k.RecheckAllTyping):
		return w.recheckAll()
	case key.Matches(msg, k.Continue):
		return p.Enter()
	case p.Typing():
		return p.Update(msg)
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.RecheckAll):
		return w.recheckAll()
	case key.Matches(msg, k.Retry) && w.stoppedHere() && w.stopped.intent != intentSubmit:
		return w.again()
	case key.Matches(msg, k.Evidence):
		w.evidence = !w.evidence
		return nil
	case key.Matches(msg, k.PageDown):
		w.vp.PageDown()
		return nil
	case key.Matches(msg, k.PageUp):
		w.vp.PageUp()
		return nil
	}
	return p.Update(msg)
}

// openHelp shows the key help over the page, from its top; closing it
// brings the page back where it was.
func (m *Model) openHelp() {
	m.showHelp, m.pageAt, m.scrollTo = true, m.w.vp.YOffset, 0
}

// helpKey is a key while the help shows: its scrolling keys scroll it, as
// its footer says; any other key closes it.
func (m *Model) helpKey(msg tea.KeyMsg) {
	k, vp := m.w.c.Keys, &m.w.vp
	switch {
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	default:
		m.showHelp, m.scrollTo = false, m.pageAt
	}
}

func (m *Model) setSize(width, height int) {
	w := m.w
	w.c.Width, w.c.Height = width, height
	w.vp.Width, w.vp.Height = width, max(height-3, 3)
	m.help.Width = width
	for _, p := range w.pages {
		p.SetSize(width, w.vp.Height)
	}
}

// View draws the screen: a header, the page in a scrolling viewport and the
// keys that work here.
func (m *Model) View() string {
	if m.w.interrupted {
		return ""
	}
	return m.header() + "\n" + m.notesView() + m.w.vp.View() + "\n" + m.footer()
}

// refresh renders the page into the viewport. Update calls it after every
// message, so View only assembles. What the page's step last did (the
// check in flight, or its result) comes first, above the page's own
// content, so that it is in sight without scrolling; when a check starts or
// ends, the page shows from its top.
func (m *Model) refresh() {
	w := m.w
	var top, results string
	if m.showHelp {
		top = m.helpView()
	} else {
		top, results = w.page().View()
	}
	w.vp.Height = max(w.c.Height-3-strings.Count(m.notesView(), "\n"), 3)
	w.page().SetSize(w.c.Width, w.vp.Height)
	w.vp.SetContent(w.c.Styles.App.Render(results + top))
	// A wider or taller terminal may leave less to scroll: keep no blank
	// lines under the page's end while its top is out of sight.
	w.vp.SetYOffset(w.vp.YOffset)
	if m.scrollTo >= 0 {
		w.vp.SetYOffset(m.scrollTo)
		m.scrollTo = -1
	}
	jumped := w.jump
	if w.jump {
		w.jump = false
		w.vp.GotoTop()
	}
	m.followCursor(strings.Count(results, "\n"), jumped && results != "")
}

// followCursor keeps the page's cursor in sight when the admin moved it, or
// while a field has it (scrolling keys then belong to the field), unless
// the page has just been brought to its top to show a check's results.
// below is how many lines come before the page's own content.
func (m *Model) followCursor(below int, jumped bool) {
	w := m.w
	line := -1
	if cl, ok := w.page().(cursorLiner); ok && !m.showHelp {
		if l := cl.cursorLine(); l >= 0 {
			line = below + l
		}
	}
	moved := line != m.cursorAt && m.cursorAt >= 0
	m.cursorAt = line
	if jumped || line < 0 || (!moved && !w.page().Typing()) {
		return
	}
	switch {
	case line < w.vp.YOffset:
		w.vp.SetYOffset(line)
	case line+1 >= w.vp.YOffset+w.vp.Height:
		w.vp.SetYOffset(line + 2 - w.vp.Height) // the line under it too: a secret's length, an error
	}
}

// notesView is the lines that say what just happened, between the header
// and the page, where they stay while the page scrolls.
func (m *Model) notesView() string {
	if m.showHelp {
		return ""
	}
	return notesText(m.w.c, m.w.notes)
}

// notesText is the notes, a line each, followed by a blank line.
func notesText(c *Common, notes []note) string {
	if len(notes) == 0 {
		return ""
	}
	var b strings.Builder
	for _, n := range notes {
		prefix := " " + c.Styles.mark(n.tone) + " "
		if c.Styles.Words && n.tone == "info" {
			prefix = "" // "Note: Reminder: …" says nothing more
		}
		b.WriteString(indentWrap(prefix, n.text, c.contentWidth(), c.Styles.tone(n.tone)) + "\n")
	}
	return b.String() + "\n"
}
