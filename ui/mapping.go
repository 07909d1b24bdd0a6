package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// mappingZone is the part of the mapping form that has the focus.
type mappingZone int

const (
	zoneTicketType mappingZone = iota
	zoneStatus
	zoneHuntressKey
	zoneHuntressSecret
	zoneCount
)

// mappingView is what the mapping page shows: its form, the organization
// table, or the list of Halo clients to pair an organization with.
type mappingView int

const (
	viewForm mappingView = iota
	viewOrgs
	viewClientPick
)

// mappingPage chooses the default ticket type and the status after
// resolution from what Halo has, and previews with a Huntress key pair how
// Huntress will pair its organizations with Halo clients.
type mappingPage struct {
	base
	zone     mappingZone
	view     mappingView
	types    *picker
	statuses *picker
	form     *inputForm // the Huntress API key and secret
	orgs     orgTable
	clients  *picker // Halo clients, for one organization
	pickFor  int     // the row of orgs being paired
	loaded   bool    // the lists came from Halo
	cursor   int     // the line of the page the cursor is on, -1 for none
}

func newMappingPage(b base) page {
	c := b.w.c
	cfg := &b.w.setup.cfg
	p := &mappingPage{base: b, types: newPicker(c, 6), statuses: newPicker(c, 6), orgs: newOrgTable(c), clients: newPicker(c, 10)}
	p.form = newInputForm(c,
		question{label: "Huntress API key", hint: "optional: to preview the organization mapping", value: &cfg.HuntressKey},
		question{label: "Huntress API secret", hint: "shown once by Huntress", value: &cfg.HuntressSecret, secret: true},
	)
	p.clients.filter.active = true
	return p
}

func (p *mappingPage) SetSize(_, height int) {
	c := p.w.c
	p.form.setWidth()
	h := max((c.Height-3)/4, 3)
	p.types.setHeight(h)
	p.statuses.setHeight(h)
	p.clients.setHeight(max(c.Height-10, 3))
	p.orgs.setSize(c, height)
}

// Typing reports whether keys go to a text field.
func (p *mappingPage) Typing() bool {
	switch p.view {
	case viewOrgs:
		return p.orgs.filter.active
	case viewClientPick:
		return true
	}
	return p.form.active
}

// Open reads the ticket types, statuses and clients from Halo (and the
// organizations from Huntress) unless they were read already.
func (p *mappingPage) Open() tea.Cmd {
	p.view, p.zone = viewForm, zoneTicketType
	p.form.blur()
	if p.w.setup.facts.TicketTypes == nil {
		return p.w.startCheck(pageMapping, []steps.ID{steps.Mapping}, intentLoad)
	}
	return nil
}

// learned fills the lists and the table from what the last check learned,
// keeping the admin's choices.
func (p *mappingPage) learned(*checkRun) {
	f := p.w.setup.facts
	cfg := p.w.setup.cfg
	if f.TicketTypes != nil {
		p.loaded = true
		keep := p.types.value()
		if keep == "" {
			keep = typeID(cfg.TicketType, f.TicketType)
		}
		p.types.setItems(ticketTypeItems(f.TicketTypes), keep)
		keep = p.statuses.value()
		if keep == "" {
			keep = statusID(cfg.ResolutionStatus, f.ResolutionStatus)
		}
		p.statuses.setItems(statusItems(f), keep)
	}
	p.orgs.load(f.OrgsWith(cfg.Mapping), f.Orgs, cfg.Mapping)
}

func (p *mappingPage) View() (string, string) {
	switch p.view {
	case viewOrgs:
		return p.orgsView(), ""
	case viewClientPick:
		return p.clientPickView(), ""
	}
	c := p.w.c
	w := c.contentWidth()
	var b strings.Builder
	b.WriteString(para("Huntress files every ticket under a default ticket type and closes it with the status after resolution. halowiz lists what your Halo has and marks what Halo would refuse.", w))
	p.cursor = -1
	if !c.Plain {
		b.WriteString(p.choiceLine(zoneTicketType, "Default Ticket Type", p.types))
		b.WriteString(p.choiceLine(zoneStatus, "Status after resolution", p.statuses))
		at := lineCount(&b)
		b.WriteString(p.form.view())
		p.cursor = p.form.rowAt(at)
	}
	b.WriteString("  " + c.Styles.Label.Render(pad("Organizations", labelWidth)) + p.orgsLine() + "\n\n")
	if list := p.zoneList(); list != nil && !c.Plain {
		p.cursor = lineCount(&b) + 1 + list.cursorRow() // under the list's heading
	}
	b.WriteString(p.zoneDetail(w))
	return b.String(), p.w.stepResults(pageMapping, steps.Mapping, []steps.ID{steps.Hostname, steps.Application}, "")
}

// choiceLine is one list's current choice, as a form row.
func (p *mappingPage) choiceLine(z mappingZone, label string, list *picker) string {
	c := p.w.c
	s := c.Styles
	marker := "  "
	if p.zone == z && !p.form.active {
		marker = s.Cursor.Render("› ")
	}
	value := s.Subtle.Render("read from Halo when this page opens")
	if it, ok := list.selected(); ok {
		value = s.Value.Render(it.label)
		if it.tone != "" && it.tone != "pass" {
			value += "  " + noteText(c, it)
		}
	} else if p.loaded {
		value = s.Subtle.Render("none in Halo")
	}
	return truncateLine(marker+s.Label.Render(pad(label, labelWidth))+value, c.contentWidth()) + "\n"
}

// orgsLine sums up the organization preview.
func (p *mappingPage) orgsLine() string {
	s := p.w.c.Styles
	switch {
	case len(p.orgs.rows) > 0:
		sum := p.orgs.summary
		state := "all paired"
		if n := sum.Unpaired(); n > 0 {
			state = steps.Plural(n, "needs", "need") + " attention"
		}
		return fmt.Sprintf("%d from Huntress, %s · %s: review", sum.Total, state, p.w.c.Keys.Orgs.Help().Key)
	case p.w.setup.facts.HuntressChecked:
		return s.Subtle.Render("not previewed: see the check below")
	}
	return s.Subtle.Render("give a Huntress API key and secret to preview them")
}

func (p *mappingPage) cursorLine() int { return p.cursor }

// zoneList is the list the focused zone chooses from, if it is one.
func (p *mappingPage) zoneList() *picker {
	switch p.zone {
	case zoneTicketType:
		return p.types
	case zoneStatus:
		return p.statuses
	}
	return nil
}

// zoneDetail is the list or the explanation for the focused zone.
func (p *mappingPage) zoneDetail(w int) string {
	c := p.w.c
	k := c.Keys
	keys := k.Choose.Help().Key + " " + k.Choose.Help().Desc + " · " + k.NextZone.Help().Key + ": " + k.NextZone.Help().Desc
	switch {
	case c.Plain:
	case p.zone == zoneTicketType:
		return heading(c, "Default Ticket Type", keys) + p.types.view(true, w)
	case p.zone == zoneStatus:
		return heading(c, "Status after resolution", keys) + p.statuses.view(true, w)
	}
	return heading(c, "Huntress API credentials (optional)", "") +
		wrap(steps.HuntressCredentials+" halowiz only reads your organizations, to show how Huntress will pair them with Halo clients.", w) + "\n"
}

// Enter checks the form, picks a client for the organization under the
// cursor, or pairs it with the client chosen, by what the page shows.
func (p *mappingPage) Enter() tea.Cmd {
	switch p.view {
	case viewOrgs:
		if p.orgs.filter.active {
			p.orgs.filter.stop()
			return nil
		}
		return p.openClientPick()
	case viewClientPick:
		return p.pair()
	}
	if p.w.unchangedAndFine(pageMapping) {
		return p.w.next()
	}
	return p.check()
}

func (p *mappingPage) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		switch p.view {
		case viewOrgs:
			return p.orgs.update(msg)
		case viewClientPick:
			return p.clients.update(msg)
		}
		return p.form.update(msg)
	}
	switch p.view {
	case viewOrgs:
		return p.orgsKey(km)
	case viewClientPick:
		return p.clientPickKey(km)
	}
	k := p.w.c.Keys
	switch {
	case key.Matches(km, k.NextZone) || (p.form.active && key.Matches(km, k.NextField)):
		return p.moveZone(+1)
	case p.form.active && key.Matches(km, k.PrevField), key.Matches(km, k.PrevZone) && p.zone > 0:
		return p.moveZone(-1) // shift+tab leaves the page only from its first part
	case p.form.active && key.Matches(km, k.Back):
		return p.w.back()
	case p.form.active:
		return p.form.update(km)
	case key.Matches(km, k.Orgs) && len(p.orgs.rows) > 0:
		p.view = viewOrgs
		return nil
	case key.Matches(km, k.Export) && len(p.w.setup.facts.Orgs) > 0:
		return p.w.exportOrgs()
	case p.zone == zoneTicketType && key.Matches(km, k.Choose):
		return p.types.update(km)
	case p.zone == zoneStatus && key.Matches(km, k.Choose):
		return p.statuses.update(km)
	}
	return p.w.stepKey(km, p.check)
}

// moveZone gives the focus to the next (or previous) part of the form.
func (p *mappingPage) moveZone(delta int) tea.Cmd {
	p.zone = (p.zone + mappingZone(delta) + zoneCount) % zoneCount
	p.form.blur()
	switch p.zone {
	case zoneHuntressKey:
		return p.form.focus(0)
	case zoneHuntressSecret:
		return p.form.focus(1)
	}
	return nil
}

// check checks the chosen ticket type, status and mapping.
func (p *mappingPage) check() tea.Cmd {
	p.form.blur()
	cfg := &p.w.setup.cfg
	if v := p.types.value(); v != "" {
		cfg.TicketType = v
	}
	if v := p.statuses.value(); v != "" {
		cfg.ResolutionStatus = v
	}
	return p.w.startCheck(pageMapping, []steps.ID{steps.Mapping}, intentSubmit)
}

func (p *mappingPage) Questions(b key.Binding) []question {
	k := p.w.c.Keys
	switch {
	case p.view == viewOrgs && (same(b, k.Pick) || same(b, k.Clear)):
		return []question{p.orgQuestion()}
	case p.view == viewClientPick && same(b, k.Continue):
		return []question{choiceOf("Halo client for "+p.orgs.rows[p.pickFor].cells[1], p.clients)}
	case p.view != viewForm || !same(b, k.Continue):
		return nil
	}
	return append([]question{choiceOf("Default Ticket Type", p.types), choiceOf("Status after resolution", p.statuses)}, p.form.qs...)
}

// inputsKey is what the mapping check depends on.
func (p *mappingPage) inputsKey() string {
	cfg := p.w.setup.runConfig()
	return mappingKeyOf(p.types.value(), p.statuses.value(), cfg.HuntressKey, cfg.HuntressSecret, cfg.Mapping)
}

// checkedKey counts the ticket type and status as the ones Halo resolved,
// so that a name and its id are the same choice.
func (p *mappingPage) checkedKey(run *checkRun) string {
	f := p.w.setup.facts
	return mappingKeyOf(typeID("", f.TicketType), statusID("", f.ResolutionStatus), run.cfg.HuntressKey, run.cfg.HuntressSecret, run.cfg.Mapping)
}

// mappingKeyOf is what the mapping check depends on, for telling whether
// it must run again.
func mappingKeyOf(ticketType, status, apiKey, apiSecret string, mapping []steps.SavedMapping) string {
	var b strings.Builder
	fp := huntressKey(apiKey, apiSecret)
	fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%x", ticketType, status, apiKey, fp[:8])
	for _, m := range mapping {
		fmt.Fprintf(&b, "\x00%d=%d", m.OrgID, m.ClientID)
	}
	return b.String()
}

func (p *mappingPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	switch p.view {
	case viewOrgs:
		if p.orgs.filter.active {
			return []key.Binding{k.FilterDone, k.Quit}
		}
		return []key.Binding{k.Up, k.Down, k.Filter, k.Pick, k.Clear, k.Export, withHelp(k.Back, "back to the form"), k.Quit}
	case viewClientPick:
		return []key.Binding{withHelp(k.Continue, "pair"), k.Choose, k.Cancel, k.Quit}
	}
	if p.form.active {
		bs := []key.Binding{withHelp(k.Continue, "check"), k.NextZone}
		if p.form.onSecret() {
			bs = append(bs, k.Reveal)
		}
		return append(bs, k.Back, k.Quit)
	}
	bs := []key.Binding{withHelp(k.Continue, p.w.enterWord(pageMapping)), k.NextZone}
	if len(p.orgs.rows) > 0 {
		bs = append(bs, k.Orgs, k.Export)
	}
	return append(bs, k.Retry, k.Skip, k.Back, k.Help, k.Quit)
}

func (p *mappingPage) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.w.c.Keys.Choose}}
}
