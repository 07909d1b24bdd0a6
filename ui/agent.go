package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// agentPage is the checklist of the API-only agent to create in Halo, and
// what the login check found wrong with the agent.
type agentPage struct{ base }

func newAgentPage(b base) page { return &agentPage{b} }

func (p *agentPage) View() (string, string) {
	return agentText(p.w.c), p.w.stepResults(pageAgent, steps.Agent, nil, "")
}

// agentText is the checklist of what to create in Halo, as steps writes it.
func agentText(c *Common) string {
	w := c.contentWidth()
	var b strings.Builder
	b.WriteString(para(steps.AgentIntro, w))
	for i, group := range steps.AgentChecklist() {
		b.WriteString(indentWrap(c.Styles.Bold.Render(numbered(i)), group.Where, w) + "\n")
		for _, item := range group.Set {
			b.WriteString(indentWrap("   ☐ ", item, w) + "\n")
		}
	}
	b.WriteString("\n" + wrap(steps.AgentAfter, w) + "\n")
	return b.String()
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
	if km, ok := msg.(tea.KeyMsg); ok {
		return p.w.stepKey(km, func() tea.Cmd { return p.w.checkLogin(pageAgent) })
	}
	return nil
}

func (p *agentPage) AfterCheck(*checkRun) tea.Cmd { return p.w.afterLogin() }

func (p *agentPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	enter := withHelp(k.Continue, "continue")
	if p.w.setup.failed(steps.Agent) {
		enter = withHelp(k.Continue, "check again")
	}
	return []key.Binding{enter, k.Back, k.Skip, k.Help, k.Quit}
}
