package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// pageFor is the page where a step's inputs are given and its results shown.
func pageFor(id steps.ID) page {
	switch id {
	case steps.Hostname:
		return pageHostname
	case steps.Application:
		return pageApplication
	case steps.Agent:
		return pageAgent
	case steps.Mapping:
		return pageMapping
	case steps.Ticket:
		return pageTicket
	}
	return pageWelcome
}

// stepOf is the step a page sets up, if it sets one up.
func (p page) stepOf() (steps.ID, bool) {
	switch p {
	case pageAgent:
		return steps.Agent, true
	case pageHostname:
		return steps.Hostname, true
	case pageApplication:
		return steps.Application, true
	case pageMapping:
		return steps.Mapping, true
	case pageTicket:
		return steps.Ticket, true
	}
	return "", false
}

// number is the page's place among the five steps of the walk.
func (p page) number() int {
	switch p {
	case pageAgent:
		return 1
	case pageHostname:
		return 2
	case pageApplication:
		return 3
	case pageMapping:
		return 4
	case pageTicket:
		return 5
	}
	return 0
}

// goTo opens page p.
func (m *Model) goTo(p page) tea.Cmd {
	m.page = p
	m.notes = nil
	m.evidence = false
	m.vp.GotoTop()
	return m.enter(p)
}

// enter prepares a page as it opens.
func (m *Model) enter(p page) tea.Cmd {
	switch p {
	case pageHostname:
		return m.hostname.form.focus(0)
	case pageApplication:
		return m.enterApplication()
	case pageMapping:
		return m.enterMapping()
	case pageTicket:
		return m.enterTicket()
	case pageSummary:
		return m.enterSummary()
	}
	return nil
}

// next and back move along the walk.
func (m *Model) next() tea.Cmd {
	for i, p := range walk {
		if p == m.page && i+1 < len(walk) {
			return m.goTo(walk[i+1])
		}
	}
	return nil
}

func (m *Model) back() tea.Cmd {
	if m.page == pageRecheck {
		return m.goTo(pageWelcome)
	}
	for i, p := range walk {
		if p == m.page && i > 0 {
			return m.goTo(walk[i-1])
		}
	}
	return nil
}

// skipWarnings say what skipping a step leaves unproven.
var skipWarnings = map[steps.ID]string{
	steps.Agent:       "Skipped the API-only agent checklist. The application step still checks the agent it logs in as, and brings you back here if it is wrong.",
	steps.Hostname:    "Skipped the API hostname: it is unproven. The next check asks it again first, since everything else depends on it.",
	steps.Application: "Skipped the API application: the client ID and secret are unproven, so the agent, the mapping and the test ticket cannot be checked, and the secret is not saved.",
	steps.Mapping:     "Skipped ticket type, status and clients: unproven. Halo may refuse Huntress's tickets for mandatory fields, and resolved incidents may leave their tickets open.",
	steps.Ticket:      "Skipped the test ticket: the path from Huntress to a closed Halo ticket is unproven. In Huntress, use Integrations > HaloPSA > Send Test Ticket and confirm the ticket appears in Halo.",
}

// skip moves on from a step without a passing check, with a warning.
func (m *Model) skip() tea.Cmd {
	id, ok := m.page.stepOf()
	if !ok {
		return nil
	}
	m.setup.skipped[id] = true
	cmd := m.next()
	m.say("warn", skipWarnings[id])
	return cmd
}

// startCheck runs the checks only asks for (nil: all) with the values given
// so far, on behalf of page p.
func (m *Model) startCheck(p page, only []steps.ID, in intent) tea.Cmd {
	if m.run != nil {
		return nil
	}
	cfg := m.setup.cfg
	cfg.Only = only
	cfg.SendTestTicket = p == pageTicket && in == intentSubmit
	m.seq++
	m.run = newCheckRun(m.c.Ctx, m.seq, p, in, cfg, m.c.Now())
	m.pages[p].load = stateLoading
	m.jump = true
	cmds := []tea.Cmd{m.run.start(m.deps.Check), m.run.listen()}
	if !m.c.Static {
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// stopWaiting cancels the check in flight; the checks then report what was
// left unfinished as interrupted.
func (m *Model) stopWaiting() {
	if m.run != nil {
		m.run.cancel()
	}
}

func (m *Model) onProgress(msg progressMsg) tea.Cmd {
	if m.run == nil || msg.id != m.run.id {
		return nil
	}
	m.run.progress.add(msg.event)
	return m.run.listen()
}

// onCheckDone takes a check's report in, saves what it verified and moves
// on the way the page's intent says.
func (m *Model) onCheckDone(msg checkDoneMsg) tea.Cmd {
	run := m.run
	if run == nil || msg.id != run.id {
		return nil
	}
	m.run = nil
	run.cancel()
	for _, e := range msg.report.Steps {
		r := e
		run.progress.add(steps.Event{Step: r.Step, Kind: steps.StepFinished, Result: &r})
	}
	m.recent = run.progress
	if run.cfg.SendTestTicket {
		m.ticket.sent = run.progress.steps[steps.Ticket].activities
	}
	m.setup.absorb(run.cfg, msg.report)
	m.refreshLists()
	m.markChecked(run)
	cmds := []tea.Cmd{m.saveSecrets(run.cfg)}
	m.jump = !msg.report.OK()
	switch run.intent {
	case intentRecheck:
		cmds = append(cmds, m.afterRecheck(msg.report))
	case intentSubmit:
		cmds = append(cmds, m.afterSubmit(run))
	}
	return tea.Batch(cmds...)
}

// markChecked records, for every page whose step the run checked, that its
// current inputs were checked and whether that failed.
func (m *Model) markChecked(run *checkRun) {
	for _, id := range steps.Order {
		if !run.cfg.Runs(id) {
			continue
		}
		p := pageFor(id)
		st := &m.pages[p]
		st.checked, st.key, st.load = true, m.checkedKey(p, run), stateReady
		if m.setup.failed(id) {
			st.load = stateFailed
		}
	}
	if m.setup.failed(steps.Hostname) || m.setup.failed(steps.Application) {
		m.pages[run.page].load = stateFailed
	}
}

// afterSubmit moves on from a page whose check the admin asked for: to the
// next page when it passed cleanly, nowhere when it warned (the admin reads
// the warnings and presses Enter), and, when the application works but its
// agent does not, back to the agent page.
func (m *Model) afterSubmit(run *checkRun) tea.Cmd {
	switch run.page {
	case pageHostname:
		return m.advanceIfClean(pageApplication, steps.Hostname)
	case pageApplication, pageAgent:
		switch {
		case m.setup.failed(steps.Hostname) || m.setup.failed(steps.Application):
			if m.page != pageApplication {
				cmd := m.goTo(pageApplication)
				m.pages[pageApplication].load = stateFailed
				return cmd
			}
		case m.setup.failed(steps.Agent):
			cmd := m.goTo(pageAgent)
			m.say("fail", "The application works, but the agent it logs in as is not set up the way Huntress needs. Fix what is listed below in Halo, then press enter to check again.")
			return cmd
		case m.cleanPass(steps.Application) && m.cleanPass(steps.Agent):
			cmd := m.goTo(pageMapping)
			m.say("pass", "The API application and the API-only agent passed.")
			return cmd
		case m.page == pageApplication && m.cleanPass(steps.Application):
			cmd := m.goTo(pageAgent)
			m.say("warn", "The application works; the agent it logs in as has warnings, below. Read them, then press enter to go on.")
			return cmd
		}
	case pageMapping:
		return m.advanceIfClean(pageTicket, steps.Mapping)
	}
	return nil
}

// advanceIfClean opens page p when step id passed without warnings.
func (m *Model) advanceIfClean(p page, id steps.ID) tea.Cmd {
	if !m.cleanPass(id) {
		return nil
	}
	cmd := m.goTo(p)
	m.say("pass", id.Title()+" passed.")
	return cmd
}

func (m *Model) cleanPass(id steps.ID) bool {
	r, ok := m.setup.result(id)
	return ok && r.Status == steps.StatusPass
}

// recheckAll re-checks every step with the values given so far.
func (m *Model) recheckAll() tea.Cmd {
	m.goTo(pageRecheck)
	return m.startCheck(pageRecheck, nil, intentRecheck)
}

// afterRecheck opens the first step that fails, or the summary.
func (m *Model) afterRecheck(rep steps.Report) tea.Cmd {
	id, failing := rep.FirstFailing()
	if !failing {
		cmd := m.goTo(pageSummary)
		m.say("pass", "Re-checked every step: none fails.")
		return cmd
	}
	p := pageFor(id)
	cmd := m.goTo(p)
	m.pages[p].load = stateFailed
	m.say("fail", "Re-checked every step: "+id.Title()+" fails first. What is wrong and how to fix it is below; press enter to check again once it is fixed.")
	return cmd
}

// quit ends the wizard and every request in flight.
func (m *Model) quit() tea.Cmd {
	m.stopWaiting()
	m.interrupted = true
	return tea.Quit
}
