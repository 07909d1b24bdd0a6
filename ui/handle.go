package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// handleKey routes a key: quitting first, then the help overlay, then a
// check in flight (which only Esc stops), then what every screen knows, and
// last the page. While a text field has the cursor, letters are typed.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case m.showHelp:
		m.showHelp = false
		return nil
	case m.run != nil:
		if key.Matches(msg, k.StopWait) {
			m.stopWaiting()
		}
		if key.Matches(msg, k.Help) {
			m.showHelp = true
		}
		return nil
	case msg.String() == "ctrl+r":
		return m.recheckAll()
	case m.typing():
		return m.pageKey(msg)
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.RecheckAll):
		return m.recheckAll()
	case key.Matches(msg, k.Evidence):
		m.evidence = !m.evidence
		return nil
	case key.Matches(msg, k.PageDown):
		m.vp.PageDown()
		return nil
	case key.Matches(msg, k.PageUp):
		m.vp.PageUp()
		return nil
	}
	return m.pageKey(msg)
}

// typing reports whether a text field has the cursor.
func (m *Model) typing() bool {
	switch m.page {
	case pageHostname:
		return m.hostname.form.active
	case pageApplication:
		return m.app.form.active
	case pageMapping:
		return m.mapping.typing(&m.orgs)
	case pageTicket:
		return m.ticket.client.filter.active
	}
	return false
}

// pageKey hands a key to the page.
func (m *Model) pageKey(msg tea.KeyMsg) tea.Cmd {
	switch m.page {
	case pageWelcome:
		return m.welcomeKey(msg)
	case pageAgent:
		return m.agentKey(msg)
	case pageHostname:
		return m.hostnameKey(msg)
	case pageApplication:
		return m.applicationKey(msg)
	case pageMapping:
		return m.mappingKey(msg)
	case pageTicket:
		return m.ticketKey(msg)
	case pageSummary:
		return m.summaryKey(msg)
	case pageRecheck:
		if key.Matches(msg, m.c.Keys.Back) {
			return m.back()
		}
	}
	return nil
}

// scroll moves the page up or down a line, for pages without lists.
func (m *Model) scroll(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, m.c.Keys.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, m.c.Keys.Down):
		m.vp.ScrollDown(1)
	default:
		return false
	}
	return true
}

// commonStepKey handles what every step page does alike: back, skip and
// retry. It reports whether it used the key.
func (m *Model) commonStepKey(msg tea.KeyMsg, retry func() tea.Cmd) (tea.Cmd, bool) {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		return m.back(), true
	case key.Matches(msg, k.Skip):
		return m.skip(), true
	case key.Matches(msg, k.Retry) && retry != nil && m.pages[m.page].checked:
		return retry(), true
	}
	return nil, m.scroll(msg)
}
