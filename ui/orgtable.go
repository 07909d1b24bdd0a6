package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/orgmap"
	"halowiz/scrub"
	"halowiz/steps"
)

// orgRow is one Huntress organization as the table shows it.
type orgRow struct {
	result orgmap.Result
	cells  table.Row // marker, organization, match kind, Halo client, reason
	find   string    // lower-case text the filter searches
}

// orgTable lists Huntress's organizations and the Halo clients they pair
// with, filterable, for the admin to review and correct.
type orgTable struct {
	tbl     table.Model
	filter  filterField
	rows    []orgRow
	shown   []int
	marked  int // the row carrying the "›" marker, -1 for none
	width   int
	height  int
	summary orgmap.Summary
	enter   string // the key that checks the mapping page, for the rows' reasons
}

func newOrgTable(c *Common) orgTable {
	t := table.New(table.WithFocused(true))
	t.SetStyles(table.Styles{Header: c.Styles.Table.Header, Cell: c.Styles.Table.Cell, Selected: c.Styles.Table.Selected})
	k := c.Keys
	none := key.NewBinding()
	t.KeyMap = table.KeyMap{LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: none, HalfPageDown: none, GotoTop: none, GotoBottom: none}
	o := orgTable{tbl: t, filter: newFilterField(c, "Filter: ", "press "+k.Filter.Help().Key+" to filter"), marked: -1, enter: k.Continue.Help().Key}
	o.setSize(c, 21)
	return o
}

// setSize fits the table to the terminal's whole width (a table reads
// better wide, unlike prose) and the body's height.
func (o *orgTable) setSize(c *Common, bodyHeight int) {
	width := max(c.Width-2, 30)
	if o.width == width && o.height == bodyHeight {
		return
	}
	o.width, o.height = width, bodyHeight
	avail := o.width - 2*5 // each column has a cell padding of one on each side
	kind, marker := 10, 1
	org := (avail - kind - marker) * 36 / 100
	client := (avail - kind - marker) * 30 / 100
	reason := max(avail-kind-marker-org-client, 8)
	o.tbl.SetColumns([]table.Column{
		{Title: "", Width: marker},
		{Title: "Huntress organization", Width: org},
		{Title: "Match kind", Width: kind},
		{Title: "Halo client", Width: client},
		{Title: "Reason", Width: reason},
	})
	o.tbl.SetWidth(o.width)
	o.fitHeight()
}

// fitHeight gives the table the lines its rows need, within the body's
// height less the lines around it, so that what follows it stays close.
func (o *orgTable) fitHeight() {
	o.tbl.SetHeight(max(min(o.height-7, len(o.shown)+1), 4))
}

// load fills the table with the organizations as they pair now (results:
// the last check's matching redone with the admin's pairings), each marked
// when the admin picked or cleared its client since that check (checked),
// so that the counts and the rows follow a pairing at once.
func (o *orgTable) load(results, checked []orgmap.Result, mapping []steps.SavedMapping) {
	byOrg := make(map[int64]steps.SavedMapping, len(mapping))
	for _, m := range mapping {
		byOrg[m.OrgID] = m
	}
	before := make(map[int64]orgmap.Result, len(checked))
	for _, r := range checked {
		before[r.Org.ID] = r
	}
	o.summary = orgmap.Summarize(results)
	o.rows = make([]orgRow, len(results))
	for i, r := range results {
		kind, client, reason := rowText(r, before[r.Org.ID], byOrg, o.enter)
		cells := table.Row{" ", scrub.Line(r.Org.Name), kind, scrub.Line(client), scrub.Line(reason)}
		o.rows[i] = orgRow{result: r, cells: cells, find: strings.ToLower(strings.Join(cells[1:], "\x00"))}
	}
	o.marked = -1
	o.applyFilter()
}

// savedClient is the client a result says the organization was mapped to
// by hand, or 0.
func savedClient(r orgmap.Result) int {
	if (r.Kind == orgmap.Saved || r.Kind == orgmap.SavedMissing) && len(r.Candidates) == 1 {
		return r.Candidates[0].ID
	}
	return 0
}

// rowText says how an organization stands now (r), and whether the admin
// picked or cleared its client since the check (checked) saw it; enter is
// the key that checks the mapping page.
func rowText(r, checked orgmap.Result, mapped map[int64]steps.SavedMapping, enter string) (kind, client, reason string) {
	unchecked := "; checked when you press " + enter + " on the mapping page"
	m, has := mapped[r.Org.ID]
	switch was := savedClient(checked); {
	case has && m.ClientID != was:
		return "picked", m.ClientName, "picked here" + unchecked
	case !has && was != 0:
		_, client, reason = rowText(r, orgmap.Result{}, mapped, enter)
		return "cleared", client, "pairing cleared here, so " + reason + unchecked
	}
	names := make([]string, len(r.Candidates))
	for i, c := range r.Candidates {
		names[i] = c.Name
		if c.Name == "" {
			names[i] = fmt.Sprintf("client %d", c.ID)
		}
	}
	return r.Kind.String(), strings.Join(names, " / "), r.Reason
}

// applyFilter shows the rows whose text contains the filter.
func (o *orgTable) applyFilter() {
	q := o.filter.query()
	o.shown = o.shown[:0]
	rows := make([]table.Row, 0, len(o.rows))
	for i := range o.rows {
		if q == "" || strings.Contains(o.rows[i].find, q) {
			o.shown = append(o.shown, i)
			rows = append(rows, o.rows[i].cells)
		}
	}
	o.tbl.SetRows(rows)
	o.fitHeight()
	if o.tbl.Cursor() < 0 && len(rows) > 0 {
		o.tbl.SetCursor(0)
	}
	o.mark()
}

// mark moves the "›" marker to the row under the cursor, so the cursor
// shows even without colour.
func (o *orgTable) mark() {
	if o.marked >= 0 && o.marked < len(o.rows) {
		o.rows[o.marked].cells[0] = " "
	}
	o.marked = -1
	if i, ok := o.current(); ok {
		o.rows[i].cells[0] = "›"
		o.marked = i
	}
	o.tbl.UpdateViewport()
}

// current is the index (into rows) of the organization under the cursor.
func (o *orgTable) current() (int, bool) {
	c := o.tbl.Cursor()
	if c < 0 || c >= len(o.shown) {
		return 0, false
	}
	return o.shown[c], true
}

// update moves through the table or, while filtering, types the filter.
func (o *orgTable) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if o.filter.active {
		cmd, changed := o.filter.update(msg)
		if changed {
			o.applyFilter()
		}
		return cmd
	}
	o.tbl, cmd = o.tbl.Update(msg)
	o.mark()
	return cmd
}

// view renders the filter, the table and how many rows show.
func (o *orgTable) view(c *Common) string {
	var b strings.Builder
	b.WriteString(wrap(summaryLine(o.summary), o.width) + "\n")
	b.WriteString(truncateLine(o.filter.input.View()+c.Styles.Subtle.Render(fmt.Sprintf("   showing %d of %d", len(o.shown), len(o.rows))), o.width) + "\n")
	b.WriteString(o.tbl.View() + "\n")
	if i, ok := o.current(); ok {
		r := o.rows[i].cells
		line := r[1] + " → " + orDash(r[3]) + " · " + r[2]
		if r[4] != "" {
			line += ": " + r[4]
		}
		b.WriteString(indentWrap("  ", line, o.width, c.Styles.Subtle) + "\n")
	}
	return b.String()
}

// summary is the row after the organization's name: how it is matched,
// with which client, and why.
func (r orgRow) summary() string {
	return r.cells[2] + " — " + orDash(r.cells[3]) + " — " + r.cells[4]
}

// listed caps how many organizations the accessible list reads out; the
// CSV export has them all.
const listed = 100

// list is the organizations as numbered lines, for the accessible
// rendering.
func (o *orgTable) list() string {
	var b strings.Builder
	b.WriteString(summaryLine(o.summary) + "\n")
	for i, r := range o.rows[:min(len(o.rows), listed)] {
		fmt.Fprintf(&b, "%d. %s — %s\n", i+1, r.cells[1], r.summary())
	}
	if len(o.rows) > listed {
		fmt.Fprintf(&b, "and %d more: the CSV export lists them all.\n", len(o.rows)-listed)
	}
	return b.String()
}

// summaryLine counts the organizations of each kind there are.
func summaryLine(s orgmap.Summary) string {
	parts := []string{steps.Plural(s.Total, "organization", "organizations")}
	for _, k := range []struct {
		n    int
		what string
	}{
		{s.Exact, "exact"}, {s.Saved, "saved"}, {s.NearMiss, "near miss"}, {s.Ambiguous, "ambiguous"},
		{s.Inactive, "inactive client"}, {s.SavedMissing, "saved client gone"}, {s.None, "no client"},
	} {
		if k.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k.n, k.what))
		}
	}
	return strings.Join(parts, " · ")
}
