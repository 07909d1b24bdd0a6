package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"slices"
	"strings"
	"testing"

	"halowiz/steps"
)

func TestEveryStepHasOnePageAndTheTableNumbersThemInWalkOrder(t *testing.T) {
	var walked []steps.ID
	for _, r := range pageTable {
		if r.step != "" {
			walked = append(walked, r.step)
			if r.skip == "" {
				t.Errorf("the %s page says nothing when it is skipped", r.step)
			}
		}
	}
	if !slices.Equal(walked, steps.Order) {
		t.Fatalf("the pages set up %v, steps has %v", walked, steps.Order)
	}
	for i, id := range steps.Order {
		want := "Step " + itoa(i+1) + " of " + itoa(len(steps.Order)) + " · " + id.Title()
		if got := rowOf(pageOf(id)).heading(); got != want {
			t.Errorf("the %s page is headed %q, want %q", id, got, want)
		}
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

// unboxed is text flattened, without the checklist's boxes and cursor, which
// each rendering draws its own way.
func unboxed(text string) string {
	return flat(strings.NewReplacer("[ ]", "", "[x]", "", "☐", "", "☑", "", "›", "").Replace(text))
}

// The accessible rendering leaves widgets out; it may not say anything the
// full-screen page does not.
func TestThePlainPageSaysNothingTheFullScreenPageDoesNot(t *testing.T) {
	for _, p := range []pageID{pageWelcome, pageAgent, pageHostname, pageApplication, pageMapping, pageTicket, pageSummary} {
		h := walkTo(t, p, healthy())
		h.hostname().form.blur()
		h.application().form.blur()
		if p == pageMapping {
			h.keys("tab", "tab") // the Huntress credentials, which the plain page explains too
		}
		full, _ := h.m.w.page().View()
		h.m.w.c.Plain = true
		plain, _ := h.m.w.page().View()
		h.m.w.c.Plain = false
		for _, part := range strings.Split(plain, "\n\n") {
			if !strings.Contains(unboxed(full), unboxed(part)) {
				t.Errorf("on page %d the accessible rendering says %q, the full-screen one does not", p, part)
			}
		}
	}
}

func TestTenantTextReachesTheScreenEscaped(t *testing.T) {
	check := &fakeCheck{answer: func(cfg steps.Config) steps.Report {
		rep := answer(map[steps.ID]steps.Result{steps.Mapping: result(steps.Mapping, steps.StatusWarn,
			finding("mapping.x", steps.Warn, "Status \"Closed\x1b[2J\" is odd.", "Rename \x1b]52;c;AAAA\x07it."))})(cfg)
		rep.Facts.Statuses = append(rep.Facts.Statuses, steps.StatusOption{ID: 7, Name: "Done\x1b[31m\u202e"})
		rep.Facts.Customers = append(rep.Facts.Customers, steps.Customer{ID: 9, Name: "Evil\rCorp"})
		return rep
	}}
	h := walkTo(t, pageMapping, check)
	h.keys("tab")
	v := h.text()
	for _, want := range []string{`Closed\x1b[2J`, `Rename \x1b]52;c;AAAA\x07it.`, `Done\x1b[31m\u202e`} {
		if !strings.Contains(v, want) {
			t.Errorf("the mapping page does not show %q escaped:\n%s", want, v)
		}
	}
	h.keys("tab", "tab", "tab", "enter")
	if h.page() != pageTicket {
		t.Fatalf("on page %d, want the ticket page", h.page())
	}
	if v := h.text(); !strings.Contains(v, `Evil\rCorp`) {
		t.Errorf("the client list does not show the name escaped:\n%s", v)
	}
	for _, p := range []pageID{pageMapping, pageTicket} {
		top, results := h.m.w.pages[p].View()
		if strings.ContainsAny(top+results, "\x07\r\u202e") || strings.Contains(top+results, "\x1b[2J") || strings.Contains(top+results, "\x1b]52") {
			t.Errorf("page %d lets a tenant's control character through", p)
		}
	}
}

func TestRevealShowsTheSecretUntilPressedAgain(t *testing.T) {
	h := walkTo(t, pageApplication, healthy())
	h.keys("tab") // to the secret
	if strings.Contains(h.m.View(), "s3cret-value") {
		t.Fatal("the secret shows before it was asked for")
	}
	if !strings.Contains(h.m.View(), "ctrl+t show/hide") {
		t.Errorf("the footer does not offer to show the secret:\n%s", h.m.View())
	}
	h.keys("ctrl+t")
	if !strings.Contains(h.m.View(), "s3cret-value-0123456789") {
		t.Errorf("ctrl+t did not show the secret:\n%s", h.m.View())
	}
	h.keys("ctrl+t")
	if strings.Contains(h.m.View(), "s3cret-value") {
		t.Error("ctrl+t again did not hide the secret")
	}
}

func TestEnterWithARequiredValueEmptyPointsAtItInsteadOfChecking(t *testing.T) {
	h := walkTo(t, pageApplication, healthy())
	h.m.w.setup.cfg.ClientID = ""
	form := h.application().form
	form.reload()
	form.focus(fieldSecret)
	h.keys("enter")
	if h.check.callCount() != 1 {
		t.Errorf("enter checked with no client ID (%d checks)", h.check.callCount())
	}
	if form.focused() != fieldClientID || !strings.Contains(flat(h.m.View()), "Client ID is needed: Huntress logs in with it.") {
		t.Errorf("the client ID does not have the cursor and its error:\n%s", h.m.View())
	}
	h.keys("a", "b", "c", "enter")
	if last := h.check.last(); last.ClientID != "abc" {
		t.Errorf("after typing the client ID the check got %q", last.ClientID)
	}
}

func TestHelpOpensAtItsTopScrollsWithItsKeysAndGivesThePageBack(t *testing.T) {
	h := walkTo(t, pageAgent, healthy())
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.keys("pgdown")
	pageAt := h.m.w.vp.YOffset
	if pageAt == 0 {
		t.Fatal("the agent page did not scroll at 60x20")
	}
	h.keys("?")
	if !h.m.showHelp || h.m.w.vp.YOffset != 0 || h.lineOf("Keys") != 2 {
		t.Fatalf("the help opened at line %d of itself (offset %d), want its top:\n%s", h.lineOf("Keys"), h.m.w.vp.YOffset, h.m.View())
	}
	if !strings.Contains(h.m.View(), "pgdn more") || !strings.Contains(h.m.View(), "esc/? close help") {
		t.Errorf("the help's footer does not show its keys:\n%s", h.m.View())
	}
	h.keys("pgdown")
	if !h.m.showHelp || h.m.w.vp.YOffset == 0 {
		t.Fatalf("pgdn in the help: shown %v, offset %d; want it scrolled, still open", h.m.showHelp, h.m.w.vp.YOffset)
	}
	h.keys("esc")
	if h.m.showHelp || h.page() != pageAgent || h.m.w.vp.YOffset != pageAt {
		t.Errorf("esc in the help: shown %v, page %d, offset %d; want the page back at offset %d", h.m.showHelp, h.page(), h.m.w.vp.YOffset, pageAt)
	}
}

func TestTheAgentChecklistIsTickedWithSpaceAndShowsWhatTheCheckProved(t *testing.T) {
	h := walkTo(t, pageAgent, healthy())
	h.keys("down", "space")
	if txt := h.text(); !strings.Contains(txt, "☑ Name it so you recognise it") || !strings.Contains(txt, "☐ Tick Is an API-only Agent") {
		t.Fatalf("space did not tick the line under the cursor:\n%s", txt)
	}
	h.keys("space")
	if txt := h.text(); !strings.Contains(txt, "☐ Name it so you recognise it") {
		t.Errorf("space again did not untick it:\n%s", txt)
	}
	// The login check proves the agent is API-only, in a team, and that it
	// reads clients: back on the page, those lines say so.
	h.m.w.setup.results[steps.Agent] = result(steps.Agent, steps.StatusPass,
		steps.Finding{ID: "agent.membership", Severity: steps.Pass}, steps.Finding{ID: "agent.can-read-customers", Severity: steps.Pass})
	txt := h.text()
	for _, want := range []string{"✓ Tick Is an API-only Agent", "✓ Add the agent to the team", "✓ Customers Access Level: Read Only", "☐ Can add new Tickets"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the checklist after the check lacks %q:\n%s", want, txt)
		}
	}
	h.m.w.setup.results[steps.Agent] = result(steps.Agent, steps.StatusWarn, steps.Finding{ID: "agent.not-api-only", Severity: steps.Warn})
	if txt := h.text(); !strings.Contains(txt, "✗ Tick Is an API-only Agent") {
		t.Errorf("a check that found the agent is not API-only does not mark the line:\n%s", txt)
	}
}

func TestShiftTabGoesToThePreviousFieldBeforeLeavingThePage(t *testing.T) {
	h := walkTo(t, pageApplication, healthy())
	h.keys("tab") // to the client secret
	h.keys("shift+tab")
	if h.page() != pageApplication || h.application().form.focused() != fieldClientID {
		t.Fatalf("shift+tab on the secret: page %d, field %d; want the client ID, same page", h.page(), h.application().form.focused())
	}
	h.keys("shift+tab")
	if h.page() != pageHostname {
		t.Errorf("shift+tab on the first field went to page %d, want the previous page", h.page())
	}

	h = walkTo(t, pageMapping, healthy())
	h.keys("tab", "tab", "tab") // the Huntress API secret
	h.keys("shift+tab", "shift+tab", "shift+tab")
	if h.page() != pageMapping || h.mapping().zone != zoneTicketType {
		t.Fatalf("shift+tab back through the mapping page: page %d, zone %d; want its first part", h.page(), h.mapping().zone)
	}
	h.keys("shift+tab")
	if h.page() != pageApplication {
		t.Errorf("shift+tab on the mapping page's first part went to page %d, want the previous page", h.page())
	}
}

func TestTheHaloAPIPageIsLinkedOnTheTenantsProvenHost(t *testing.T) {
	h := walkTo(t, pageApplication, &fakeCheck{answer: answer(map[steps.ID]steps.Result{
		steps.Application: result(steps.Application, steps.StatusFail, finding("application.invalid-client", steps.Fail, "Halo refused the client ID or the client secret.",
			"In Halo, open Configuration > Integrations > HaloPSA API > View Applications and open the application Huntress uses.")),
	})})
	const url = "https://acme.halopsa.com/config/integrations/api"
	if txt := h.text(); !strings.Contains(txt, "View Applications and open (or create with New) the application for Huntress. in your tenant: "+url) {
		t.Errorf("the instructions do not link the HaloPSA API page under the line that names it:\n%s", txt)
	}
	h.keys("enter")
	if txt := h.text(); !strings.Contains(txt, "open the application Huntress uses. "+url) {
		t.Errorf("the fix does not link the page it names:\n%s", txt)
	}
	h.m.w.setup.facts.CustomDomain = true
	if strings.Contains(h.text(), url) {
		t.Error("a page is linked on a host the hostname step did not accept")
	}
}

func TestALargerTerminalLeavesNoBlankLinesUnderThePage(t *testing.T) {
	h := walkTo(t, pageApplication, healthy())
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.keys("tab") // the secret: the page scrolls to keep it in sight
	if h.m.w.vp.YOffset == 0 {
		t.Fatal("the application page did not scroll at 60x20")
	}
	h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	if vp := h.m.w.vp; vp.TotalLineCount() <= vp.Height && vp.YOffset != 0 {
		t.Errorf("the whole page fits at 200x50, yet it stays scrolled to line %d:\n%s", vp.YOffset, h.m.View())
	}
}
