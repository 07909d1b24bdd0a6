package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/steps"
)

// orgsBody is the organization table, with what the export wrote.
func (m *Model) orgsBody() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Heading.Render("Huntress organizations and their Halo clients") + "\n")
	b.WriteString(m.orgs.view(m.c))
	b.WriteString(m.files.csvLine(s))
	return b.String()
}

func (m *Model) orgsKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	o := &m.orgs
	if o.filter.active {
		switch msg.String() {
		case "enter", "esc":
			o.filter.stop()
			return nil
		case "up", "down", "pgup", "pgdown":
			o.tbl, _ = o.tbl.Update(msg)
			o.mark()
			return nil
		}
		return o.update(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		m.mapping.view = viewForm
	case key.Matches(msg, k.Filter):
		return o.filter.start()
	case key.Matches(msg, k.Pick):
		return m.openClientPick()
	case key.Matches(msg, k.Clear):
		if i, ok := o.current(); ok {
			m.setMapping(m.orgResult(i).Org.ID, nil)
		}
	case key.Matches(msg, k.Export):
		return m.exportOrgs()
	default:
		return o.update(msg)
	}
	return nil
}

// openClientPick lists the active Halo clients for the organization under
// the cursor, its current client chosen.
func (m *Model) openClientPick() tea.Cmd {
	i, ok := m.orgs.current()
	if !ok {
		return nil
	}
	mp := &m.mapping
	mp.pickFor = i
	var items []pickItem
	for _, cu := range m.setup.facts.Customers {
		if cu.Active() {
			items = append(items, pickItem{label: cu.Name, value: strconv.Itoa(cu.ID), note: fmt.Sprintf("id %d", cu.ID)})
		}
	}
	current := ""
	if r := m.orgResult(i); len(r.Candidates) == 1 {
		current = strconv.Itoa(r.Candidates[0].ID)
	}
	for _, sm := range m.setup.cfg.Mapping {
		if sm.OrgID == m.orgResult(i).Org.ID {
			current = strconv.Itoa(sm.ClientID)
		}
	}
	mp.clients.filter.input.SetValue("")
	mp.clients.setItems(items, current)
	mp.view = viewClientPick
	return mp.clients.filter.start()
}

func (m *Model) clientPickBody() string {
	s := m.c.Styles
	mp := &m.mapping
	org := m.orgResult(mp.pickFor).Org
	var b strings.Builder
	b.WriteString(s.Heading.Render("Pair a Huntress organization with a Halo client") + "\n")
	b.WriteString(wrap(fmt.Sprintf("Huntress organization: %s. Type to filter the active Halo clients; the pairing is saved with your setup and checked when you press enter on the mapping page. Set the same pairing on Huntress's HaloPSA mapping screen (Integrations > HaloPSA).", org.Name), m.c.contentWidth()) + "\n\n")
	b.WriteString(mp.clients.view(m.c, true, m.c.contentWidth()))
	return b.String()
}

func (m *Model) clientPickKey(msg tea.KeyMsg) tea.Cmd {
	mp := &m.mapping
	switch msg.String() {
	case "esc":
		mp.view = viewOrgs
		return nil
	case "enter":
		it, ok := mp.clients.selected()
		if !ok {
			return nil
		}
		id, _ := strconv.Atoi(it.value)
		m.setMapping(m.orgResult(mp.pickFor).Org.ID, &steps.SavedMapping{ClientID: id, ClientName: it.label})
		mp.view = viewOrgs
		return nil
	}
	return mp.clients.update(msg)
}

// setMapping pairs organization orgID with a client, or unpairs it (nil).
func (m *Model) setMapping(orgID int64, to *steps.SavedMapping) {
	var kept []steps.SavedMapping
	for _, sm := range m.setup.cfg.Mapping {
		if sm.OrgID != orgID {
			kept = append(kept, sm)
		}
	}
	if to != nil {
		for _, r := range m.setup.facts.Orgs {
			if r.Org.ID == orgID {
				to.OrgID, to.OrgName = orgID, r.Org.Name
			}
		}
		kept = append(kept, *to)
	}
	m.setup.cfg.Mapping = kept
	cursor := m.orgs.tbl.Cursor()
	m.orgs.load(m.setup.facts.Orgs, kept)
	m.orgs.tbl.SetCursor(cursor)
	m.orgs.mark()
}
