package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/scrub"
	"halowiz/steps"
)

// The application page's fields.
const (
	fieldClientID = iota
	fieldSecret
)

// applicationPage is how to create the API application in Halo, and its
// client ID, secret and tenant.
type applicationPage struct {
	formPage
}

func newApplicationPage(b base) page {
	cfg := &b.w.setup.cfg
	return &applicationPage{formPage{base: b, form: newInputForm(b.w.c,
		question{label: "Client ID", hint: "from the application's Details tab", value: &cfg.ClientID, required: "Huntress logs in with it"},
		question{label: "Client Secret", hint: "shown once, when the application is created", value: &cfg.ClientSecret, secret: true, required: "Huntress logs in with it",
			about: func() string { return secretAbout(b.w) }},
		question{label: "Tenant", hint: "filled in from Halo; only hosted tenants have one", value: &cfg.Tenant},
	)}}
}

// Open fills in the tenant Halo named and gives the cursor to the first
// value still missing.
func (p *applicationPage) Open() tea.Cmd {
	cfg := &p.w.setup.cfg
	if strings.TrimSpace(cfg.Tenant) == "" && p.w.setup.facts.Tenant != "" {
		cfg.Tenant = scrub.Line(p.w.setup.facts.Tenant)
		p.form.reload()
	}
	for _, i := range []int{fieldClientID, fieldSecret} {
		if strings.TrimSpace(*p.form.qs[i].value) == "" {
			return p.form.focus(i)
		}
	}
	return p.form.focus(fieldClientID)
}

func (p *applicationPage) View() (string, string) {
	w := p.w
	c := w.c
	var b strings.Builder
	b.WriteString(applicationText(c, w.setup.tenantHost()) + "\n")
	p.cursor = -1
	if !c.Plain {
		at := lineCount(&b)
		b.WriteString(p.form.view())
		p.cursor = p.form.rowAt(at)
	}

	b.WriteString("\n" + wrap("Checking gets an access token the way Huntress does, then checks the agent it acts as.", c.contentWidth()) + "\n")
	return b.String(), w.stepResults(pageApplication, steps.Application, []steps.ID{steps.Hostname}, "")
}

// secretAbout says where the client secret came from and whether halowiz
// keeps it: only once Halo has accepted it, and the wizard says so while it
// does not.
func secretAbout(w *wizard) string {
	cfg := w.setup.cfg
	if strings.TrimSpace(cfg.ClientSecret) == "" {
		return ""
	}
	var parts []string
	if src := w.opts.SecretSource; src != "" && cfg.ClientSecret == w.opts.Config.ClientSecret {
		parts = append(parts, "from the "+src)
	}
	where := "the keyring"
	if w.opts.Demo != nil {
		where = "the demo's keyring"
	}
	switch st := w.setup.halo; {
	case w.setup.noKeyring != nil && st.status != secretInKeyring:
		parts = append(parts, "not kept: no keyring here, so give it as "+haloSecretEnv+" each run")
	case st.status == secretNone:
		parts = append(parts, "not kept until Halo accepts it")
	case st.status == secretSaving:
		parts = append(parts, "being saved to "+where)
	case st.status == secretSaved:
		parts = append(parts, "saved in "+where)
	case st.status == secretFailed:
		parts = append(parts, "not saved: "+st.err.Error())
	}
	return strings.Join(parts, " · ")
}

// applicationText is how to create the application in Halo, as steps
// writes it, with the address of a page it names on the tenant's proven
// host.
func applicationText(c *Common, host string) string {
	w := c.contentWidth()
	var b strings.Builder
	b.WriteString(wrap(steps.ApplicationIntro, w) + "\n")
	for i, l := range steps.ApplicationInstructions() {
		b.WriteString(indentWrap(c.Styles.Bold.Render(numbered(i)), l, w) + "\n")
		if url := steps.HaloPageURL(host, l); url != "" {
			b.WriteString(indentWrap("   ", "in your tenant: "+scrub.Line(url), w, c.Styles.Subtle) + "\n")
		}
	}
	return b.String()
}

// numbered is the label of item i of a numbered list.
func numbered(i int) string { return string(rune('1'+i)) + ". " }

// Enter checks the application unless what is typed was checked already
// and passed; a required value left empty gets the cursor first.
func (p *applicationPage) Enter() tea.Cmd {
	if p.form.active {
		if ok, cmd := p.form.validate(); !ok {
			return cmd
		}
	}
	if p.checkedAndFine() {
		return p.w.next()
	}
	return p.w.checkLogin(pageApplication)
}

// checkedAndFine reports whether the page is unchanged and fine and the
// agent the application logs in as did not fail either: Enter then moves on.
func (p *applicationPage) checkedAndFine() bool {
	return p.w.unchangedAndFine(pageApplication) && !p.w.setup.failed(steps.Agent)
}

func (p *applicationPage) Update(msg tea.Msg) tea.Cmd {
	return p.w.formPageKey(p.form, msg, func() tea.Cmd { return p.w.checkLogin(pageApplication) })
}

func (p *applicationPage) Questions(b key.Binding) []question {
	if !same(b, p.w.c.Keys.Continue) || (!p.form.active && p.checkedAndFine()) {
		return nil
	}
	return p.form.qs
}

func (p *applicationPage) inputsKey() string           { return p.form.key() }
func (p *applicationPage) checkedKey(*checkRun) string { return p.form.key() }

func (p *applicationPage) AfterCheck(*checkRun) tea.Cmd { return p.w.afterLogin() }

func (p *applicationPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	if p.form.active {
		bs := []key.Binding{withHelp(k.Continue, "check")}
		if p.form.onSecret() {
			bs = append(bs, k.Reveal)
		}
		return append(bs, k.NextField, k.PrevField, k.Back, k.Quit)
	}
	return []key.Binding{withHelp(k.Continue, p.w.enterWord(pageApplication)), k.Edit, k.Retry, k.Skip, k.Back, k.Help, k.Quit}
}

// checkLogin checks the application and the agent it logs in as (the
// runner adds the hostname they need), on behalf of page p: the
// application page or the agent page.
func (w *wizard) checkLogin(p pageID) tea.Cmd {
	w.pages[pageApplication].(*applicationPage).form.blur()
	return w.startCheck(p, []steps.ID{steps.Application, steps.Agent}, intentSubmit)
}

// afterLogin moves on from a login check the admin asked for: to the
// mapping when the application and its agent passed cleanly, back to the
// application when it failed, to the agent page when the application works
// but its agent does not (or has warnings to read).
func (w *wizard) afterLogin() tea.Cmd {
	switch {
	case w.setup.failed(steps.Hostname) || w.setup.failed(steps.Application):
		if w.active != pageApplication {
			cmd := w.goTo(pageApplication)
			w.state[pageApplication].load = stateFailed
			return cmd
		}
	case w.setup.failed(steps.Agent):
		cmd := w.goTo(pageAgent)
		w.say("fail", "The application works, but the agent it logs in as is not set up the way Huntress needs. Fix what is listed below in Halo, then press "+w.c.Keys.Continue.Help().Key+" to check again.")
		return cmd
	case w.cleanPass(steps.Application) && w.cleanPass(steps.Agent):
		cmd := w.goTo(pageMapping)
		w.sayPassed("The API application and the API-only agent passed.")
		w.remind(steps.Hostname, steps.Application, steps.Agent)
		return cmd
	case w.active == pageApplication && w.cleanPass(steps.Application):
		cmd := w.goTo(pageAgent)
		w.say("warn", "The application works; the agent it logs in as has warnings, below. Read them, then press "+w.c.Keys.Continue.Help().Key+" to go on.")
		return cmd
	}
	return nil
}
