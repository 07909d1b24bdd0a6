package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// agentChecklist is what to create in Halo, in Halo's own labels and in
// the order Halo's screens ask for it (Huntress's HaloPSA setup article).
var agentChecklist = []struct {
	where string
	items []string
}{
	{"In Halo, open Configuration > Teams & Agents > Agents > New.", []string{
		"Tick Is an API-only Agent (it takes no licence and cannot log in).",
		"Name it so you recognise it, for example Huntress API.",
	}},
	{"Departments & Teams: where it may see tickets.", []string{
		"Add it to the same (or a similar) team as your technicians, and to every team tickets are routed to.",
		"Set its Default Team to the team new tickets go to by default.",
		"If you use a department instead, set its Membership Level to View All.",
	}},
	{"Save, then edit the agent again and open its Permissions.", []string{
		"Tickets Access Level: Read and Modify.",
		"Customers Access Level: Read Only (some tenants call it Clients Access Level).",
		"Can add new Tickets: Yes.",
		"Can view Unassigned Tickets: Yes.",
		"Can view Tickets assigned to other Agents: Yes.",
	}},
	{"Save the agent.", nil},
}

func (m *Model) agentBody() (top, results string) {
	return agentText(m.c), m.stepResults(steps.Agent, nil)
}

// agentText is the checklist of what to create in Halo.
func agentText(c *Common) string {
	w := c.contentWidth()
	var b strings.Builder
	b.WriteString(para("Huntress logs in to Halo as an agent of its own. Create it first:", w))
	for i, group := range agentChecklist {
		b.WriteString(indentWrap(c.Styles.Bold.Render(string(rune('1'+i))+". "), group.where, w) + "\n")
		for _, item := range group.items {
			b.WriteString(indentWrap("   ☐ ", item, w) + "\n")
		}
	}
	b.WriteString("\n" + wrap("halowiz cannot see this agent before the API application exists: step 3 logs in as it, checks it, and brings you back here with what is wrong.", w) + "\n")
	return b.String()
}

func (m *Model) agentKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.c.Keys.Continue) {
		switch {
		case m.setup.failed(steps.Agent):
			return m.checkApplication(pageAgent)
		case m.pages[pageAgent].checked && !m.setup.failed(steps.Application):
			return m.goTo(pageMapping)
		}
		return m.next()
	}
	cmd, _ := m.commonStepKey(msg, func() tea.Cmd { return m.checkApplication(pageAgent) })
	return cmd
}

func (m *Model) agentHelp() []key.Binding {
	k := m.c.Keys
	enter := withHelp(k.Continue, "continue")
	if m.setup.failed(steps.Agent) {
		enter = withHelp(k.Continue, "check again")
	}
	return []key.Binding{enter, k.Back, k.Skip, k.Help, k.Quit}
}
