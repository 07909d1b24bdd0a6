package ui

import (
	"bytes"
	"encoding/base64"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"halowiz/steps"
)

// onOrgs brings a healthy wizard to the organization table.
func onOrgs(t *testing.T) *harness {
	t.Helper()
	h := walkTo(t, pageMapping, healthy())
	h.keys("o")
	if h.mapping().view != viewOrgs {
		t.Fatalf("o did not open the organization table:\n%s", h.m.View())
	}
	return h
}

func TestOrgTableFiltersAsYouType(t *testing.T) {
	h := onOrgs(t)
	h.keys("/", "w", "a", "y")
	if len(h.mapping().orgs.shown) != 1 || h.mapping().orgs.rows[h.mapping().orgs.shown[0]].result.Org.Name != "Wayne Enterprises" {
		t.Errorf("filtering for \"way\" shows %d rows", len(h.mapping().orgs.shown))
	}
	if !strings.Contains(h.m.View(), "showing 1 of 3") {
		t.Errorf("the count is not shown:\n%s", h.m.View())
	}
	h.keys("backspace", "backspace", "backspace", "enter")
	if len(h.mapping().orgs.shown) != 3 || h.mapping().orgs.filter.active {
		t.Errorf("after clearing the filter: %d rows, filtering %v", len(h.mapping().orgs.shown), h.mapping().orgs.filter.active)
	}
}

func TestPickingAClientBecomesASavedMappingAndClearingRemovesIt(t *testing.T) {
	h := onOrgs(t)
	h.keys("down", "down", "enter") // Wayne Enterprises
	if h.mapping().view != viewClientPick {
		t.Fatalf("enter did not open the client list:\n%s", h.m.View())
	}
	h.keys("n", "o", "r", "t", "h", "enter")
	want := []steps.SavedMapping{{OrgID: 103, OrgName: "Wayne Enterprises", ClientID: 3, ClientName: "Northwind Traders"}}
	if !slices.Equal(h.m.w.setup.cfg.Mapping, want) {
		t.Fatalf("mapping after the pick: %+v, want %+v", h.m.w.setup.cfg.Mapping, want)
	}
	if !strings.Contains(h.text(), "Wayne Enterprises → Northwind Traders · picked") {
		t.Errorf("the table does not show the pick:\n%s", h.m.View())
	}
	h.keys("esc", "enter")
	if got := h.check.last().Mapping; !slices.Equal(got, want) {
		t.Errorf("enter on the mapping page checked mapping %+v, want %+v", got, want)
	}
	if h.page() != pageTicket {
		t.Fatalf("a clean mapping check opened page %d, want the ticket page", h.page())
	}
	h.keys("esc", "o", "down", "down", "x")
	if len(h.m.w.setup.cfg.Mapping) != 0 || !strings.Contains(h.text(), "cleared") {
		t.Errorf("x left the mapping %+v:\n%s", h.m.w.setup.cfg.Mapping, h.m.View())
	}
}

func TestOrganizationsExportToCSV(t *testing.T) {
	h := onOrgs(t)
	h.keys("w")
	if h.m.w.files.csvErr != nil || h.m.w.files.csvPath == "" {
		t.Fatalf("export: %q, %v", h.m.w.files.csvPath, h.m.w.files.csvErr)
	}
	data, err := os.ReadFile(h.m.w.files.csvPath)
	if err != nil || !strings.HasPrefix(string(data), "huntress_org_id,huntress_org_name,kind") || !strings.Contains(string(data), "Wayne Enterprises") {
		t.Errorf("the CSV (%v):\n%s", err, data)
	}
	// Said where the admin is looking: on top of the table, not under it.
	if n := h.lineOf("Exported 3 organizations to"); n < 0 || n > 3 || !strings.Contains(strings.ReplaceAll(flat(h.m.notesView()), " ", ""), h.m.w.files.csvPath) {
		t.Errorf("the export and its file are not answered on top of the screen (line %d):\n%s", n, h.m.View())
	}
	h.keys("w")
	if n := strings.Count(h.m.notesView(), "Exported"); n != 1 {
		t.Errorf("a second export left %d lines about exports, want the latest alone", n)
	}
}

func TestMappingChoicesAreCheckedAndMarkedAsStepsJudgedThem(t *testing.T) {
	h := walkTo(t, pageMapping, healthy())
	for _, want := range []string{"Change Request ✗ needs Category, Impact, Urgency: Halo refuses it", "Problem ! fields unknown"} {
		if !strings.Contains(h.text(), want) {
			t.Errorf("the ticket types do not show %q:\n%s", want, h.m.View())
		}
	}
	h.keys("tab")
	for _, want := range []string{"Closed ✓ closed", "New open: the ticket stays open"} {
		if !strings.Contains(h.text(), want) {
			t.Errorf("the statuses do not show %q:\n%s", want, h.m.View())
		}
	}
	h.keys("tab", "tab", "tab") // round to the ticket types again
	h.keys("down", "down", "enter")
	if got := h.check.last(); got.TicketType != "2" || !slices.Equal(got.Only, []steps.ID{steps.Mapping}) {
		t.Errorf("choosing Change Request checked %q (%v), want id 2 and only the mapping", got.TicketType, got.Only)
	}
}

func TestCopySendsOSC52AndSaysSo(t *testing.T) {
	h := walkTo(t, pageSummary, healthy())
	var clip bytes.Buffer
	h.m.w.clipboard = &clip
	h.keys("c")
	// What Huntress's fields take, one a line, in its order; nothing for
	// the secret, not even a placeholder.
	values := "acme.halopsa.com\nhalowiz-demo\nIncident\nClosed\n"
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(values))
	if !strings.Contains(clip.String(), want) {
		t.Errorf("clipboard got %q, want the OSC 52 sequence of %q", clip.String(), values)
	}
	if n := h.lineOf("Sent 4 values to the clipboard"); n < 0 || n > 3 {
		t.Errorf("the copy is not answered on top of the screen (line %d):\n%s", n, h.m.View())
	}
	if strings.Contains(clip.String(), "s3cret") {
		t.Error("the secret went to the clipboard")
	}
}

func TestFarewellLeavesTheValuesInTheTerminal(t *testing.T) {
	h := walkTo(t, pageSummary, healthy())
	out := h.m.w.pages[pageSummary].(*summaryPage).farewell()
	for _, want := range []string{"Enter these in Huntress (Integrations > HaloPSA), in this order:", "Server Host                        acme.halopsa.com", "Report: "} {
		if !strings.Contains(out, want) {
			t.Errorf("the farewell lacks %q:\n%s", want, out)
		}
	}
}

// env is an environment for a termenv output.
type env map[string]string

func (e env) Environ() []string {
	var out []string
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

func (e env) Getenv(k string) string { return e[k] }

func TestNoColorIsHonouredThroughTheOutputsRenderer(t *testing.T) {
	render := func(e env) string {
		r := lipgloss.NewRenderer(&bytes.Buffer{}, termenv.WithTTY(true), termenv.WithEnvironment(e))
		return NewStyles(r).Fail.Render("failed")
	}
	if got := render(env{"TERM": "xterm-256color"}); !strings.Contains(got, "\x1b[") {
		t.Fatalf("a colour terminal got no colour: %q", got)
	}
	if got := render(env{"TERM": "xterm-256color", "NO_COLOR": "1"}); got != "failed" {
		t.Errorf("NO_COLOR still got %q", got)
	}
}

func TestTheClientListStartsOnTheSuggestionNeverOnThePreviousPick(t *testing.T) {
	h := onOrgs(t)
	h.keys("down", "enter") // northwind traders: a near miss of Northwind Traders
	if it, _ := h.mapping().clients.selected(); it.label != "Northwind Traders" {
		t.Errorf("for a near miss the list starts on %q, want the near miss, Northwind Traders", it.label)
	}
	h.keys("up", "enter")   // paired with the client above it instead
	h.keys("down", "enter") // Wayne Enterprises: no client near its name
	if got := h.mapping().clients.cursor; got != 0 {
		t.Errorf("for an organization with no suggestion the list starts on row %d, the previous pick's, want the top", got)
	}
}

func TestCountsAndTheCSVFollowAPairingAtOnce(t *testing.T) {
	h := onOrgs(t)
	if got := h.mapping().orgs.summary.Unpaired(); got != 2 {
		t.Fatalf("%d organizations need attention before any pairing, want 2", got)
	}
	h.keys("down", "down", "enter", "n", "o", "r", "t", "h", "enter") // Wayne Enterprises → Northwind Traders
	if got := h.mapping().orgs.summary.Unpaired(); got != 1 {
		t.Errorf("after pairing one by hand, %d organizations need attention, want 1", got)
	}
	if !strings.Contains(h.text(), "3 organizations · 1 exact · 1 saved · 1 near miss") {
		t.Errorf("the table's counts do not follow the pairing:\n%s", h.m.View())
	}
	h.keys("w")
	data, err := os.ReadFile(h.m.w.files.csvPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "Wayne Enterprises") && !strings.Contains(line, "saved") {
			t.Errorf("the CSV does not carry the pairing just made: %s", line)
		}
	}
}
