package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/halo"
	"halowiz/steps"
)

type hostnamePage struct {
	form form
}

func newHostnamePage(c *Common, opts Options) hostnamePage {
	value := opts.Config.Host
	if opts.Demo != nil && value != "" {
		// Pasted the way it is copied from Halo, so the preview shows
		// what cleaning removes.
		value = "https://" + value + "/api/"
	}
	f := form{fields: []*field{newField(c, "Resource Server", value, "https://yourcompany.halopsa.com/api", false)}}
	f.setWidth(c)
	return hostnamePage{form: f}
}

func (m *Model) hostnameBody() (top, results string) {
	w := m.c.contentWidth()
	var b strings.Builder
	b.WriteString(para(hostnameIntro, w))
	b.WriteString(m.hostname.form.view(m.c))
	b.WriteString("\n" + hostPreview(m.c, m.hostname.form.fields[0].input.Value()))
	return b.String(), m.stepResults(steps.Hostname, nil)
}

const hostnameIntro = "Where Huntress reaches your Halo API. In Halo, open Configuration > Integrations > HaloPSA API and copy the Resource Server. Paste it as it is: halowiz keeps only the hostname, which is what Huntress's Server Host field wants."

// hostPreview shows, as the admin types, the hostname Huntress will get and
// what cleaning the input removed or noticed.
func hostPreview(c *Common, raw string) string {
	s := c.Styles
	w := c.contentWidth()
	lead := "  " + s.Label.Render(pad("Server Host", labelWidth))
	indent := "  " + pad("", labelWidth)
	if strings.TrimSpace(raw) == "" {
		return lead + s.Subtle.Render("paste the Resource Server above") + "\n"
	}
	host, notes, err := halo.NormalizeHost(raw)
	if err != nil {
		return lead + indentWrap("", err.Error(), w-labelWidth-2, s.Fail) + "\n"
	}
	var b strings.Builder
	b.WriteString(lead + s.Value.Render(host) + "\n")
	for _, n := range notes {
		if n.Changed() {
			b.WriteString(indentWrap(indent, n.Text, w) + "\n")
		} else {
			b.WriteString(indentWrap(indent+s.mark("warn")+" ", n.Text, w, s.Warn) + "\n")
		}
	}
	return b.String()
}

func (m *Model) hostnameKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	f := &m.hostname.form
	switch {
	case key.Matches(msg, k.Continue):
		return m.submitHostname()
	case f.active && key.Matches(msg, k.Back):
		return m.back()
	case f.active && msg.String() == "tab":
		f.blur()
		return nil
	case f.active:
		return f.update(msg)
	case key.Matches(msg, k.Edit):
		return f.focus(0)
	}
	cmd, _ := m.commonStepKey(msg, m.checkHostname)
	return cmd
}

// submitHostname moves on when what is typed was checked and did not fail,
// and checks it otherwise.
func (m *Model) submitHostname() tea.Cmd {
	if m.unchangedAndFine(pageHostname) {
		return m.next()
	}
	return m.checkHostname()
}

func (m *Model) checkHostname() tea.Cmd {
	m.hostname.form.blur()
	m.setup.cfg.Host = m.hostname.form.fields[0].input.Value()
	return m.startCheck(pageHostname, []steps.ID{steps.Hostname}, intentSubmit)
}

// unchangedAndFine reports whether page p's inputs are the ones last
// checked and that check did not fail.
func (m *Model) unchangedAndFine(p page) bool {
	st := m.pages[p]
	return st.checked && st.load != stateFailed && st.key == m.inputsKey(p)
}

func (m *Model) hostnameHelp() []key.Binding {
	k := m.c.Keys
	if m.hostname.form.active {
		return []key.Binding{withHelp(k.Continue, "check"), withHelp(key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "")), "done typing"), k.Back, k.Quit}
	}
	return []key.Binding{withHelp(k.Continue, m.enterWord(pageHostname)), k.Edit, k.Retry, k.Skip, k.Back, k.Help, k.Quit}
}

// enterWord says what Enter does on a page with inputs.
func (m *Model) enterWord(p page) string {
	if m.unchangedAndFine(p) {
		return "continue"
	}
	return "check"
}
