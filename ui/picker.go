package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// pickItem is one choice in a picker.
type pickItem struct {
	label string
	note  string // after the label, e.g. "needs Category, Impact, Urgency"
	tone  string // how the note reads: a steps severity name, or "" for plain
	value string // what the wizard records: an id
	find  string // lower-case text the filter searches
}

// picker is a scrolling list to choose one item from, with an optional
// filter.
type picker struct {
	c      *Common
	items  []pickItem
	shown  []int // indexes of the items the filter lets through
	cursor int   // into shown
	offset int   // first shown row on screen
	height int
	filter filterField
}

func newPicker(c *Common, height int) *picker {
	return &picker{c: c, height: height, filter: newFilterField(c, "/", "type to filter")}
}

func (p *picker) setHeight(h int) { p.height = max(h, 1); p.scrollTo() }

// setItems replaces the items and puts the cursor on value, or on the
// first item when value is not among them: a list never starts where an
// earlier use of it left the cursor.
func (p *picker) setItems(items []pickItem, value string) {
	for i := range items {
		items[i].find = strings.ToLower(items[i].label + " " + items[i].note)
	}
	p.items = items
	p.applyFilter()
	if !p.choose(value) {
		p.cursor, p.offset = 0, 0
	}
}

// choose puts the cursor on the item whose value is v; false when there is
// none.
func (p *picker) choose(v string) bool {
	for i, idx := range p.shown {
		if p.items[idx].value == v {
			p.cursor = i
			p.scrollTo()
			return true
		}
	}
	return false
}

// selected is the item under the cursor.
func (p *picker) selected() (pickItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return pickItem{}, false
	}
	return p.items[p.shown[p.cursor]], true
}

func (p *picker) value() string {
	it, _ := p.selected()
	return it.value
}

func (p *picker) move(delta int) {
	if len(p.shown) == 0 {
		return
	}
	p.cursor = max(0, min(p.cursor+delta, len(p.shown)-1))
	p.scrollTo()
}

func (p *picker) scrollTo() {
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+p.height {
		p.offset = p.cursor - p.height + 1
	}
	p.offset = max(0, min(p.offset, max(len(p.shown)-p.height, 0)))
}

func (p *picker) applyFilter() {
	q := p.filter.query()
	keep := p.value()
	p.shown = p.shown[:0]
	for i, it := range p.items {
		if q == "" || strings.Contains(it.find, q) {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = 0
	if !p.choose(keep) {
		p.offset = 0
	}
}

// update moves the cursor or, while filtering, types into the filter.
func (p *picker) update(msg tea.Msg) tea.Cmd {
	k := p.c.Keys
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, k.PrevItem), !p.filter.active && key.Matches(km, k.Up):
			p.move(-1)
			return nil
		case key.Matches(km, k.NextItem), !p.filter.active && key.Matches(km, k.Down):
			p.move(+1)
			return nil
		case key.Matches(km, k.PageUp):
			p.move(-p.height)
			return nil
		case key.Matches(km, k.PageDown):
			p.move(p.height)
			return nil
		case !p.filter.active:
			return nil
		}
	}
	if !p.filter.active {
		return nil
	}
	cmd, changed := p.filter.update(msg)
	if changed {
		p.applyFilter()
	}
	return cmd
}

// cursorRow is the line of view the item under the cursor is on.
func (p *picker) cursorRow() int {
	row := p.cursor - p.offset
	if p.filter.active || p.filter.query() != "" {
		row++
	}
	return max(row, 0)
}

// view renders the visible rows, "›" before the one under the cursor.
func (p *picker) view(focused bool, width int) string {
	c := p.c
	var b strings.Builder
	if p.filter.active || p.filter.query() != "" {
		b.WriteString("  " + p.filter.input.View() + c.Styles.Subtle.Render(fmt.Sprintf("  %d of %d", len(p.shown), len(p.items))) + "\n")
	}
	if len(p.shown) == 0 {
		b.WriteString(c.Styles.Subtle.Render("  nothing matches") + "\n")
	}
	end := min(p.offset+p.height, len(p.shown))
	col := 0
	for i := p.offset; i < end; i++ {
		col = max(col, min(ansi.StringWidth(p.items[p.shown[i]].label), 32))
	}
	for i := p.offset; i < end; i++ {
		it := p.items[p.shown[i]]
		marker, label := "  ", pad(it.label, col)
		if i == p.cursor {
			marker = "• "
			if focused {
				marker, label = c.Styles.Cursor.Render("› "), c.Styles.Selected.Render(label)
			}
		}
		line := marker + label
		if it.note != "" {
			line += "  " + noteText(c, it)
		}
		b.WriteString(truncateLine(line, width) + "\n")
	}
	if more := len(p.shown) - end; more > 0 || p.offset > 0 {
		b.WriteString(c.Styles.Subtle.Render(fmt.Sprintf("  %d above, %d below", p.offset, max(more, 0))) + "\n")
	}
	return b.String()
}

func noteText(c *Common, it pickItem) string {
	if it.tone == "" {
		return c.Styles.Subtle.Render(it.note)
	}
	return c.Styles.mark(it.tone) + " " + c.Styles.tone(it.tone).Render(it.note)
}
