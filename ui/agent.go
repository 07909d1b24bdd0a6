package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"halowiz/steps"
)

// agentPage is the checklist of the API-only agent to create in Halo, and
// what the login check found wrong with the agent. The admin ticks the
// lines they have done; the lines a check proved or found missing are
// marked so.
type agentPage struct {
	base
	cursor int             // the checklist line under the cursor
	ticked map[string]bool // the lines the admin ticked
	at     int             // the line of the page the cursor is on, as of the last View
}

func newAgentPage(b base) page { return &agentPage{base: b, ticked: map[string]bool{}} }

func (p *agentPage) View() (string, string) {
	return p.checklist(), p.w.stepResults(pageAgent, steps.Agent, nil, "")
}

func (p *agentPage) cursorLine() int { return p.at }

// lines is every line of the checklist, in order.
func (p *agentPage) lines() []string {
	var all []string
	for _, group := range steps.AgentChecklist() {
		all = append(all, group.Set...)
	}
	return all
}

// checklist is what to create in Halo, as steps writes it, each line
// marked: proved by a check, found missing by one, ticked by the admin, or
// still to do.
func (p *agentPage) checklist() string {
	c := p.w.c
	s := c.Styles
	w := c.contentWidth()
	findings := p.findings()
	var b strings.Builder
	b.WriteString(para(steps.AgentIntro, w))
	n := 0
	p.at = -1
	proofs := false
	for i, group := range steps.AgentChecklist() {
		b.WriteString(indentWrap(s.Bold.Render(numbered(i)), group.Where, w) + "\n")
		for _, item := range group.Set {
			marker := "   "
			if n == p.cursor && !c.Plain {
				marker = " " + s.Cursor.Render("›") + " "
				p.at = lineCount(&b)
			}
			box, style := p.box(item, findings)
			proofs = proofs || box != p.unticked() && box != p.tickedBox()
			b.WriteString(indentWrap(marker+box+" ", item, w, style) + "\n")
			n++
		}
	}
	b.WriteString("\n")
	if !c.Plain {
		legend := c.Keys.Tick.Help().Key + " ticks what you have done"
		if proofs {
			legend += " · " + s.mark("pass") + " a check proved it · " + s.mark("fail") + " a check found it missing"
		}
		b.WriteString(s.Subtle.Render(legend) + "\n\n")
	}
	b.WriteString(wrap(steps.AgentAfter, w) + "\n")
	return b.String()
}

// findings are what the latest checks of the agent and of the test ticket
// found, for the checklist's marks.
func (p *agentPage) findings() []steps.Finding {
	var all []steps.Finding
	for _, id := range []steps.ID{steps.Agent, steps.Ticket} {
		if r, ok := p.w.setup.result(id); ok {
			all = append(all, r.Findings...)
		}
	}
	return all
}

// box is a line's mark and the style of its text.
func (p *agentPage) box(item string, findings []steps.Finding) (string, lipgloss.Style) {
	s := p.w.c.Styles
	switch steps.AgentChecklistProof(item, findings) {
	case steps.Shown:
		return s.mark("pass"), s.Plain
	case steps.Contradicted:
		return s.mark("fail"), s.Fail
	}
	if p.ticked[item] {
		return p.tickedBox(), s.Plain
	}
	return p.unticked(), s.Plain
}

// tickedBox and unticked are the boxes of the admin's own ticks: plain
// brackets for a screen reader, which reads ballot boxes out by name.
func (p *agentPage) tickedBox() string {
	if p.w.c.Plain {
		return "[x]"
	}
	return "☑"
}

func (p *agentPage) unticked() string {
	if p.w.c.Plain {
		return "[ ]"
	}
	return "☐"
}

// Enter checks the login again when the agent failed, goes past the
// application once it was checked with this agent, and moves on otherwise.
func (p *agentPage) Enter() tea.Cmd {
	w := p.w
	switch {
	case w.setup.failed(steps.Agent):
		return w.checkLogin(pageAgent)
	case w.state[pageAgent].checked && !w.setup.failed(steps.Application):
		return w.goTo(pageMapping)
	}
	return w.next()
}

func (p *agentPage) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := p.w.c.Keys
	switch {
	case key.Matches(km, k.Up):
		p.cursor = max(p.cursor-1, 0)
		return nil
	case key.Matches(km, k.Down):
		p.cursor = min(p.cursor+1, len(p.lines())-1)
		return nil
	case key.Matches(km, k.Tick):
		line := p.lines()[p.cursor]
		p.ticked[line] = !p.ticked[line]
		return nil
	}
	return p.w.stepKey(km, func() tea.Cmd { return p.w.checkLogin(pageAgent) })
}

func (p *agentPage) AfterCheck(*checkRun) tea.Cmd { return p.w.afterLogin() }

func (p *agentPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	enter := withHelp(k.Continue, "continue")
	if p.w.setup.failed(steps.Agent) {
		enter = withHelp(k.Continue, "check again")
	}
	return []key.Binding{enter, k.Tick, k.Choose, k.Back, k.Skip, k.Help, k.Quit}
}
