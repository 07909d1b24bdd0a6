package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/orgmap"
	"halowiz/steps"
)

// mappingZone is the part of the mapping page that has the focus.
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

type mappingPage struct {
	zone     mappingZone
	view     mappingView
	types    picker
	statuses picker
	form     form   // the Huntress API key and secret
	clients  picker // Halo clients, for one organization
	pickFor  int    // the row of orgs being paired
	loaded   bool   // the lists came from Halo
}

func newMappingPage(c *Common, cfg steps.Config) mappingPage {
	f := form{fields: []*field{
		newField(c, "Huntress API key", cfg.HuntressKey, "optional: to preview the organization mapping", false),
		newField(c, "Huntress API secret", cfg.HuntressSecret, "shown once by Huntress", true),
	}}
	f.setWidth(c)
	clients := newPicker(c, 10)
	clients.filter.active = true
	return mappingPage{types: newPicker(c, 6), statuses: newPicker(c, 6), form: f, clients: clients}
}

func (mp *mappingPage) setSize(c *Common) {
	mp.form.setWidth(c)
	h := max((c.Height-3)/4, 3)
	mp.types.setHeight(h)
	mp.statuses.setHeight(h)
	mp.clients.setHeight(max(c.Height-10, 3))
}

// typing reports whether keys go to a text field.
func (mp *mappingPage) typing(o *orgTable) bool {
	switch mp.view {
	case viewOrgs:
		return o.filter.active
	case viewClientPick:
		return true
	}
	return mp.form.active
}

func (mp *mappingPage) forward(msg tea.Msg, o *orgTable) tea.Cmd {
	switch mp.view {
	case viewOrgs:
		return o.update(msg)
	case viewClientPick:
		return mp.clients.update(msg)
	}
	return mp.form.update(msg)
}

// enterMapping reads the ticket types, statuses and clients from Halo (and
// the organizations from Huntress) unless they were read already.
func (m *Model) enterMapping() tea.Cmd {
	mp := &m.mapping
	mp.view = viewForm
	mp.zone = zoneTicketType
	mp.form.blur()
	if m.setup.facts.TicketTypes == nil {
		return m.startCheck(pageMapping, []steps.ID{steps.Mapping}, intentLoad)
	}
	return nil
}

// refreshLists fills the pickers and the table from what the last check
// learned, keeping the admin's choices.
func (m *Model) refreshLists() {
	f := m.setup.facts
	mp := &m.mapping
	if f.TicketTypes != nil {
		mp.loaded = true
		keep := mp.types.value()
		if keep == "" {
			keep = resolvedID(m.setup.cfg.TicketType, f.TicketType)
		}
		mp.types.setItems(ticketTypeItems(f.TicketTypes), keep)
		keep = mp.statuses.value()
		if keep == "" {
			keep = statusID(m.setup.cfg.ResolutionStatus, f)
		}
		mp.statuses.setItems(statusItems(f), keep)
	}
	m.orgs.load(f.Orgs, m.setup.cfg.Mapping)
	m.ticket.fill(m.setup)
}

func resolvedID(want string, chosen *steps.TicketTypeOption) string {
	if chosen != nil {
		return strconv.Itoa(chosen.ID)
	}
	return strings.TrimSpace(want)
}

func statusID(want string, f steps.Facts) string {
	if f.ResolutionStatus != nil {
		return strconv.Itoa(f.ResolutionStatus.ID)
	}
	return strings.TrimSpace(want)
}

// ticketTypeItems lists the ticket types as steps ranked them, safest first,
// each marked with what steps found.
func ticketTypeItems(types []steps.TicketTypeOption) []pickItem {
	items := make([]pickItem, 0, len(types))
	for _, t := range types {
		it := pickItem{label: t.Name, value: strconv.Itoa(t.ID)}
		switch {
		case len(t.Blocking) > 0:
			it.note, it.tone = "needs "+strings.Join(t.Blocking, ", ")+": Halo refuses it", "fail"
		case t.Unknown:
			it.note, it.tone = "fields unknown: the test ticket proves it", "warn"
		default:
			it.note, it.tone = "accepted as it is", "pass"
		}
		items = append(items, it)
	}
	return items
}

// statusItems lists the statuses, closed ones first as steps sorted them.
func statusItems(f steps.Facts) []pickItem {
	items := make([]pickItem, 0, len(f.Statuses))
	for _, s := range f.Statuses {
		it := pickItem{label: s.Name, value: strconv.Itoa(s.ID), note: "open: the ticket stays open until something closes it"}
		if s.Closed {
			it.note, it.tone = "closed", "pass"
		}
		items = append(items, it)
	}
	return items
}

func (m *Model) mappingBody() (top, results string) {
	switch m.mapping.view {
	case viewOrgs:
		return m.orgsBody(), ""
	case viewClientPick:
		return m.clientPickBody(), ""
	}
	w := m.c.contentWidth()
	mp := &m.mapping
	var b strings.Builder
	b.WriteString(para("Huntress files every ticket under a default ticket type and closes it with the status after resolution. halowiz lists what your Halo has and marks what Halo would refuse.", w))
	b.WriteString(m.choiceLine(zoneTicketType, "Default Ticket Type", &mp.types))
	b.WriteString(m.choiceLine(zoneStatus, "Status after resolution", &mp.statuses))
	b.WriteString(mp.form.view(m.c))
	b.WriteString("  " + m.c.Styles.Label.Render(pad("Organizations", labelWidth)) + m.orgsLine() + "\n\n")
	b.WriteString(m.zoneDetail(w))
	return b.String(), m.stepResults(steps.Mapping, []steps.ID{steps.Hostname, steps.Application})
}

// choiceLine is one picker's current choice, as a form row.
func (m *Model) choiceLine(z mappingZone, label string, p *picker) string {
	s := m.c.Styles
	marker := "  "
	if m.mapping.zone == z && !m.mapping.form.active {
		marker = s.Cursor.Render("› ")
	}
	value := s.Subtle.Render("read from Halo when this page opens")
	if it, ok := p.selected(); ok {
		value = s.Value.Render(it.label)
		if it.tone != "" && it.tone != "pass" {
			value += "  " + noteText(m.c, it)
		}
	} else if m.mapping.loaded {
		value = s.Subtle.Render("none in Halo")
	}
	return truncateLine(marker+s.Label.Render(pad(label, labelWidth))+value, m.c.contentWidth()) + "\n"
}

// orgsLine sums up the organization preview.
func (m *Model) orgsLine() string {
	s := m.c.Styles
	switch {
	case len(m.orgs.rows) > 0:
		sum := m.orgs.summary
		return fmt.Sprintf("%d from Huntress, %d need attention · o: review", sum.Total, sum.Unpaired())
	case m.setup.facts.HuntressChecked:
		return s.Subtle.Render("not previewed: see the check below")
	}
	return s.Subtle.Render("give a Huntress API key and secret to preview them")
}

// zoneDetail is the list or the explanation for the focused zone.
func (m *Model) zoneDetail(w int) string {
	mp := &m.mapping
	s := m.c.Styles
	switch mp.zone {
	case zoneTicketType:
		return s.Heading.Render("Default Ticket Type") + s.Subtle.Render("  ↑/↓ choose · tab: next") + "\n" + mp.types.view(m.c, true, w)
	case zoneStatus:
		return s.Heading.Render("Status after resolution") + s.Subtle.Render("  ↑/↓ choose · tab: next") + "\n" + mp.statuses.view(m.c, true, w)
	}
	return s.Heading.Render("Huntress API credentials (optional)") + "\n" +
		wrap("In Huntress, open your account's API Credentials page (<account>.huntress.io/account/api_credentials) and generate a key pair; the secret is shown once. halowiz only reads your organizations, to show how Huntress will pair them with Halo clients.", w) + "\n"
}

func (m *Model) mappingKey(msg tea.KeyMsg) tea.Cmd {
	switch m.mapping.view {
	case viewOrgs:
		return m.orgsKey(msg)
	case viewClientPick:
		return m.clientPickKey(msg)
	}
	k := m.c.Keys
	mp := &m.mapping
	switch {
	case key.Matches(msg, k.Continue):
		return m.submitMapping()
	case msg.String() == "tab" || (mp.form.active && key.Matches(msg, k.Down)):
		return m.moveZone(+1)
	case mp.form.active && key.Matches(msg, k.PrevField):
		return m.moveZone(-1)
	case mp.form.active && key.Matches(msg, k.Back):
		return m.back()
	case mp.form.active:
		return mp.form.update(msg)
	case key.Matches(msg, k.Orgs) && len(m.orgs.rows) > 0:
		mp.view = viewOrgs
		return nil
	case key.Matches(msg, k.Export) && len(m.setup.facts.Orgs) > 0:
		return m.exportOrgs()
	case mp.zone == zoneTicketType && (key.Matches(msg, k.Up) || key.Matches(msg, k.Down)):
		return mp.types.update(msg)
	case mp.zone == zoneStatus && (key.Matches(msg, k.Up) || key.Matches(msg, k.Down)):
		return mp.statuses.update(msg)
	}
	cmd, _ := m.commonStepKey(msg, m.checkMapping)
	return cmd
}

// moveZone gives the focus to the next (or previous) part of the form.
func (m *Model) moveZone(delta int) tea.Cmd {
	mp := &m.mapping
	mp.zone = (mp.zone + mappingZone(delta) + zoneCount) % zoneCount
	mp.form.blur()
	switch mp.zone {
	case zoneHuntressKey:
		return mp.form.focus(0)
	case zoneHuntressSecret:
		return mp.form.focus(1)
	}
	return nil
}

func (m *Model) submitMapping() tea.Cmd {
	if m.unchangedAndFine(pageMapping) {
		return m.next()
	}
	return m.checkMapping()
}

// checkMapping checks the chosen ticket type, status and mapping.
func (m *Model) checkMapping() tea.Cmd {
	mp := &m.mapping
	mp.form.blur()
	cfg := &m.setup.cfg
	if v := mp.types.value(); v != "" {
		cfg.TicketType = v
	}
	if v := mp.statuses.value(); v != "" {
		cfg.ResolutionStatus = v
	}
	cfg.HuntressKey, cfg.HuntressSecret = mp.form.value(0), mp.form.value(1)
	return m.startCheck(pageMapping, []steps.ID{steps.Mapping}, intentSubmit)
}

// mappingKeyOf is what the mapping check depends on, for telling whether
// it must run again.
func mappingKeyOf(typeID, statusID, huntressKey, huntressSecret string, mapping []steps.SavedMapping) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%x", typeID, statusID, huntressKey, huntressKeyHash(huntressKey, huntressSecret))
	for _, m := range mapping {
		fmt.Fprintf(&b, "\x00%d=%d", m.OrgID, m.ClientID)
	}
	return b.String()
}

func huntressKeyHash(k, s string) []byte { h := huntressKey(k, s); return h[:8] }

func (m *Model) mappingHelp() []key.Binding {
	k := m.c.Keys
	switch m.mapping.view {
	case viewOrgs:
		if m.orgs.filter.active {
			return []key.Binding{withHelp(key.NewBinding(key.WithKeys("enter")), "done filtering"), withHelp(key.NewBinding(key.WithKeys("esc")), "done filtering"), k.Quit}
		}
		return []key.Binding{k.Up, k.Down, k.Filter, k.Pick, k.Clear, k.Export, withHelp(k.Back, "back to the form"), k.Quit}
	case viewClientPick:
		return []key.Binding{withHelp(k.Continue, "pair"), withHelp(key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "")), "choose"), withHelp(key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "")), "cancel"), k.Quit}
	}
	if m.mapping.form.active {
		return []key.Binding{withHelp(k.Continue, "check"), withHelp(key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "")), "next"), k.Back, k.Quit}
	}
	bs := []key.Binding{withHelp(k.Continue, m.enterWord(pageMapping)), withHelp(key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "")), "next")}
	if len(m.orgs.rows) > 0 {
		bs = append(bs, k.Orgs, k.Export)
	}
	return append(bs, k.Retry, k.Skip, k.Back, k.Help, k.Quit)
}

// orgResult is the organization on row i of the table.
func (m *Model) orgResult(i int) orgmap.Result { return m.orgs.rows[i].result }
