package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// The application page's fields.
const (
	fieldClientID = iota
	fieldSecret
	fieldTenant
)

type applicationPage struct {
	form form
}

func newApplicationPage(c *Common, cfg steps.Config) applicationPage {
	f := form{fields: []*field{
		newField(c, "Client ID", cfg.ClientID, "from the application's Details tab", false),
		newField(c, "Client Secret", cfg.ClientSecret, "shown once, when the application is created", true),
		newField(c, "Tenant", cfg.Tenant, "filled in from Halo; only hosted tenants have one", false),
	}}
	f.setWidth(c)
	return applicationPage{form: f}
}

// applicationSteps are what Halo's application screen needs, in its labels.
var applicationSteps = []string{
	"In Halo, open Configuration > Integrations > HaloPSA API > View Applications > New.",
	"Authentication Method: Client ID and Secret (Services). Login Type: Agent. Agent to log in as: the API-only agent from step 1.",
	"Permissions: read:tickets, edit:tickets and read:customers (or all).",
	"Copy the Client ID and the Client Secret (Halo shows the secret only once), then save the application before you use them.",
}

func (m *Model) enterApplication() tea.Cmd {
	f := &m.app.form
	if f.value(fieldTenant) == "" && m.setup.facts.Tenant != "" {
		f.set(fieldTenant, m.setup.facts.Tenant)
	}
	for i := range f.fields {
		if f.value(i) == "" && i != fieldTenant {
			return f.focus(i)
		}
	}
	return f.focus(fieldClientID)
}

func (m *Model) applicationBody() (top, results string) {
	w := m.c.contentWidth()
	var b strings.Builder
	b.WriteString(applicationText(m.c) + "\n" + m.app.form.view(m.c))
	if src := m.opts.SecretSource; src != "" && m.app.form.fields[fieldSecret].input.Value() == m.opts.Config.ClientSecret {
		b.WriteString("  " + pad("", labelWidth) + m.c.Styles.Subtle.Render("the secret came from the "+src) + "\n")
	}
	b.WriteString("\n" + wrap("Checking gets an access token the way Huntress does, then checks the agent it acts as.", w) + "\n")
	return b.String(), m.stepResults(steps.Application, []steps.ID{steps.Hostname})
}

// applicationText is how to create the application in Halo.
func applicationText(c *Common) string {
	w := c.contentWidth()
	var b strings.Builder
	b.WriteString(wrap("Huntress logs in with an API application that acts as the agent from step 1.", w) + "\n")
	for i, l := range applicationSteps {
		b.WriteString(indentWrap(c.Styles.Bold.Render(string(rune('1'+i))+". "), l, w) + "\n")
	}
	return b.String()
}

func (m *Model) applicationKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	f := &m.app.form
	switch {
	case key.Matches(msg, k.Continue):
		if f.active {
			for _, i := range []int{fieldClientID, fieldSecret} {
				if f.value(i) == "" && f.focused != i {
					return f.focus(i)
				}
			}
		}
		return m.submitApplication()
	case f.active && key.Matches(msg, k.Back):
		return m.back()
	case f.active && key.Matches(msg, k.NextField):
		if cmd, ok := f.move(+1); ok {
			return cmd
		}
		f.blur()
		return nil
	case f.active && key.Matches(msg, k.PrevField):
		cmd, _ := f.move(-1)
		return cmd
	case f.active:
		return f.update(msg)
	case key.Matches(msg, k.Edit):
		return f.focus(f.focused)
	}
	cmd, _ := m.commonStepKey(msg, func() tea.Cmd { return m.checkApplication(pageApplication) })
	return cmd
}

func (m *Model) submitApplication() tea.Cmd {
	if m.unchangedAndFine(pageApplication) && !m.setup.failed(steps.Agent) {
		return m.next()
	}
	return m.checkApplication(pageApplication)
}

// checkApplication checks the application and the agent it logs in as
// (the runner adds the hostname they need), on behalf of page p.
func (m *Model) checkApplication(p page) tea.Cmd {
	f := &m.app.form
	f.blur()
	m.setup.cfg.ClientID = f.value(fieldClientID)
	m.setup.cfg.ClientSecret = f.value(fieldSecret)
	m.setup.cfg.Tenant = f.value(fieldTenant)
	return m.startCheck(p, []steps.ID{steps.Application, steps.Agent}, intentSubmit)
}

func (m *Model) applicationHelp() []key.Binding {
	k := m.c.Keys
	if m.app.form.active {
		return []key.Binding{withHelp(k.Continue, "check"), k.NextField, k.PrevField, k.Back, k.Quit}
	}
	return []key.Binding{withHelp(k.Continue, m.enterWord(pageApplication)), k.Edit, k.Retry, k.Skip, k.Back, k.Help, k.Quit}
}
