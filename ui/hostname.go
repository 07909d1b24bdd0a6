package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/scrub"
	"halowiz/steps"
)

// hostnamePage takes the Resource Server as pasted and shows, as it is
// typed, the hostname Huntress will get.
type hostnamePage struct {
	formPage
}

func newHostnamePage(b base) page {
	return &hostnamePage{formPage{base: b, form: newInputForm(b.w.c,
		question{label: "Resource Server", hint: "https://yourcompany.halopsa.com/api", value: &b.w.setup.cfg.Host, required: "everything else is checked through it"},
	)}}
}

func (p *hostnamePage) Open() tea.Cmd { return p.form.focus(0) }

func (p *hostnamePage) View() (string, string) {
	c := p.w.c
	var b strings.Builder
	b.WriteString(para(steps.HostnameInstructions, c.contentWidth()))
	p.cursor = -1
	if !c.Plain {
		at := lineCount(&b)
		b.WriteString(p.form.view() + "\n")
		p.cursor = p.form.rowAt(at)
	}
	b.WriteString(hostPreview(c, p.w.setup.cfg.Host))
	return b.String(), p.w.stepResults(pageHostname, steps.Hostname, nil, "")
}

// hostPreview is the Resource Server's live description: the hostname
// Huntress will get and what cleaning the input removed or noticed, as the
// hostname step will clean it.
func hostPreview(c *Common, raw string) string {
	s := c.Styles
	w := c.contentWidth()
	lead := "  " + s.Label.Render(pad("Server Host", labelWidth))
	indent := "  " + pad("", labelWidth)
	if strings.TrimSpace(raw) == "" {
		return lead + s.Subtle.Render("paste the Resource Server above") + "\n"
	}
	pv := steps.PreviewHost(raw)
	if pv.Err != nil {
		return indentWrap(lead, scrub.Line(pv.Err.Error()), w, s.Fail) + "\n"
	}
	var b strings.Builder
	b.WriteString(lead + s.Value.Render(pv.Host) + "\n")
	for _, n := range pv.Notes {
		if n.Changed {
			b.WriteString(indentWrap(indent, scrub.Line(n.Text), w) + "\n")
		} else {
			b.WriteString(indentWrap(indent+s.mark("fail")+" ", scrub.Line(n.Text), w, s.Fail) + "\n")
		}
	}
	return b.String()
}

// Enter moves on when what is typed was checked and did not fail, and
// checks it otherwise.
func (p *hostnamePage) Enter() tea.Cmd {
	if p.w.unchangedAndFine(pageHostname) {
		return p.w.next()
	}
	return p.check()
}

func (p *hostnamePage) check() tea.Cmd {
	p.form.blur()
	return p.w.startCheck(pageHostname, []steps.ID{steps.Hostname}, intentSubmit)
}

func (p *hostnamePage) Update(msg tea.Msg) tea.Cmd { return p.w.formPageKey(p.form, msg, p.check) }

func (p *hostnamePage) Questions(b key.Binding) []question {
	if !same(b, p.w.c.Keys.Continue) || (!p.form.active && p.w.unchangedAndFine(pageHostname)) {
		return nil
	}
	return p.form.qs
}

func (p *hostnamePage) inputsKey() string           { return p.w.setup.cfg.Host }
func (p *hostnamePage) checkedKey(*checkRun) string { return p.inputsKey() }

func (p *hostnamePage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	if p.form.active {
		return []key.Binding{withHelp(k.Continue, "check"), k.DoneTyping, k.Back, k.Quit}
	}
	return []key.Binding{withHelp(k.Continue, p.w.enterWord(pageHostname)), k.Edit, k.Retry, k.Skip, k.Back, k.Help, k.Quit}
}
