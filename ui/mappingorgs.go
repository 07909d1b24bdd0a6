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

// orgsView is the organization table, with what the export wrote; in the
// accessible rendering a numbered list instead of the table.
func (p *mappingPage) orgsView() string {
	c := p.w.c
	var b strings.Builder
	b.WriteString(heading(c, "Huntress organizations and their Halo clients", ""))
	if c.Plain {
		b.WriteString(p.orgs.list())
	} else {
		b.WriteString(p.orgs.view(c))
	}
	return b.String()
}

func (p *mappingPage) orgsKey(msg tea.KeyMsg) tea.Cmd {
	k := p.w.c.Keys
	o := &p.orgs
	if o.filter.active {
		switch {
		case key.Matches(msg, k.FilterDone):
			o.filter.stop()
			return nil
		case key.Matches(msg, k.PrevItem, k.NextItem, k.PageUp, k.PageDown):
			o.tbl, _ = o.tbl.Update(msg)
			o.mark()
			return nil
		}
		return o.update(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		p.view = viewForm
	case key.Matches(msg, k.Filter):
		return o.filter.start()
	case key.Matches(msg, k.Clear):
		if i, ok := o.current(); ok {
			p.setMapping(o.rows[i].result.Org.ID, nil)
		}
	case key.Matches(msg, k.Export):
		return p.w.exportOrgs()
	default:
		return o.update(msg)
	}
	return nil
}

// orgQuestion asks which organization the next key acts on.
func (p *mappingPage) orgQuestion() question {
	o := &p.orgs
	return question{
		label: "Which organization?",
		choices: func() []pickItem {
			items := make([]pickItem, len(o.rows))
			for i, r := range o.rows {
				items[i] = pickItem{label: r.cells[1], note: r.summary(), value: strconv.Itoa(i)}
			}
			return items
		},
		get: func() string {
			i, _ := o.current()
			return strconv.Itoa(i)
		},
		set: func(v string) {
			i, _ := strconv.Atoi(v)
			o.filter.input.SetValue("")
			o.applyFilter()
			o.tbl.SetCursor(i)
			o.mark()
		},
	}
}

// openClientPick lists the active Halo clients for the organization under
// the cursor, its current client chosen.
func (p *mappingPage) openClientPick() tea.Cmd {
	i, ok := p.orgs.current()
	if !ok {
		return nil
	}
	p.pickFor = i
	// The list starts on the client the organization pairs with now, or
	// else on the best suggestion (a near miss), or else at the top: never
	// on the row the previous organization's pick left it.
	r := p.orgs.rows[i].result
	current := ""
	if len(r.Candidates) > 0 && r.Kind != orgmap.Inactive {
		current = strconv.Itoa(r.Candidates[0].ID)
	}
	for _, sm := range p.w.setup.cfg.Mapping {
		if sm.OrgID == r.Org.ID {
			current = strconv.Itoa(sm.ClientID)
		}
	}
	p.clients.filter.input.SetValue("")
	p.clients.setItems(clientItems(p.w.setup.facts.Customers, func(cu steps.Customer) string { return fmt.Sprintf("id %d", cu.ID) }), current)
	p.view = viewClientPick
	return p.clients.filter.start()
}

func (p *mappingPage) clientPickView() string {
	c := p.w.c
	org := p.orgs.rows[p.pickFor].cells[1]
	var b strings.Builder
	b.WriteString(heading(c, "Pair a Huntress organization with a Halo client", ""))
	b.WriteString(wrap(fmt.Sprintf("Huntress organization: %s. Type to filter the active Halo clients; the pairing is saved with your setup and checked when you press %s on the mapping page. ", org, c.Keys.Continue.Help().Key)+steps.PairInHuntress, c.contentWidth()) + "\n\n")
	if !c.Plain {
		b.WriteString(p.clients.view(true, c.contentWidth()))
	}
	return b.String()
}

func (p *mappingPage) clientPickKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, p.w.c.Keys.Cancel) {
		p.view = viewOrgs
		return nil
	}
	return p.clients.update(msg)
}

// pair pairs the organization being picked for with the client chosen.
func (p *mappingPage) pair() tea.Cmd {
	it, ok := p.clients.selected()
	if !ok {
		return nil
	}
	id, _ := strconv.Atoi(it.value)
	p.setMapping(p.orgs.rows[p.pickFor].result.Org.ID, &steps.SavedMapping{ClientID: id, ClientName: it.label})
	p.view = viewOrgs
	return nil
}

// setMapping pairs organization orgID with a client, or unpairs it (nil).
func (p *mappingPage) setMapping(orgID int64, to *steps.SavedMapping) {
	cfg := &p.w.setup.cfg
	var kept []steps.SavedMapping
	for _, sm := range cfg.Mapping {
		if sm.OrgID != orgID {
			kept = append(kept, sm)
		}
	}
	if to != nil {
		for _, r := range p.w.setup.facts.Orgs {
			if r.Org.ID == orgID {
				to.OrgID, to.OrgName = orgID, r.Org.Name
			}
		}
		kept = append(kept, *to)
	}
	cfg.Mapping = kept
	cursor := p.orgs.tbl.Cursor()
	f := p.w.setup.facts
	p.orgs.load(f.OrgsWith(kept), f.Orgs, kept)
	p.orgs.tbl.SetCursor(cursor)
	p.orgs.mark()
}
