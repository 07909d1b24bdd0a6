package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/halo"
	"halowiz/steps"
)

// ticketStage is where the test ticket stands.
type ticketStage int

const (
	ticketChoose  ticketStage = iota // picking the client
	ticketConfirm                    // asking for an explicit yes
	ticketSent                       // sent (or being sent): its results show
)

type ticketPage struct {
	stage  ticketStage
	client picker
	sent   []activity // the requests of the last test ticket, in order
}

func newTicketPage(c *Common) ticketPage { return ticketPage{client: newPicker(c, 8)} }

// fill lists the active clients, the one asked for (or the MSP's own
// company, which the mapping step picked) chosen.
func (t *ticketPage) fill(s *setup) {
	f := s.facts
	if f.Customers == nil {
		return
	}
	own := 0
	if f.TestClient != nil {
		own = f.TestClient.ID
	}
	var items []pickItem
	for _, cu := range f.Customers {
		if !cu.Active() {
			continue
		}
		it := pickItem{label: cu.Name, value: strconv.Itoa(cu.ID)}
		if cu.ID == own {
			it.note = "the client the checks picked (usually your own company)"
		}
		items = append(items, it)
	}
	keep := t.client.value()
	if keep == "" {
		keep = customerID(s.cfg.TestClient, f.Customers, own)
	}
	t.client.setItems(items, keep)
}

// customerID finds the client the admin named by id or exact name.
func customerID(want string, customers []halo.Customer, fallback int) string {
	want = strings.TrimSpace(want)
	for _, cu := range customers {
		if strconv.Itoa(cu.ID) == want || (want != "" && strings.EqualFold(cu.Name, want)) {
			return strconv.Itoa(cu.ID)
		}
	}
	return strconv.Itoa(fallback)
}

func (m *Model) enterTicket() tea.Cmd {
	t := &m.ticket
	if t.stage != ticketSent {
		t.stage = ticketChoose
	}
	if m.setup.facts.Customers == nil {
		return m.startCheck(pageTicket, []steps.ID{steps.Mapping}, intentLoad)
	}
	return nil
}

func (m *Model) ticketBody() (top, results string) {
	w := m.c.contentWidth()
	s := m.c.Styles
	t := &m.ticket
	var b strings.Builder
	b.WriteString(para("Prove the whole path by sending one real ticket the way Huntress does: create it, read it back, set it to the status after resolution and confirm it closed. It is sent once, never retried on its own, and left closed.", w))
	switch {
	case len(t.client.items) == 0:
		b.WriteString(s.Heading.Render("Client for the test ticket") + "\n")
		b.WriteString(s.Subtle.Render("  halowiz reads your clients from Halo when this page opens.") + "\n")
	case t.stage == ticketChoose:
		b.WriteString(s.Heading.Render("Client for the test ticket") + s.Subtle.Render("  ↑/↓ choose · / filter") + "\n")
		b.WriteString(t.client.view(m.c, true, w))
	default:
		chosen, _ := t.client.selected()
		b.WriteString(s.Label.Render("Client for the test ticket: ") + s.Value.Render(chosen.label) + "\n")
	}
	if t.stage == ticketConfirm {
		b.WriteString("\n" + m.confirmText(w))
	}
	own := steps.ID("")
	if t.stage == ticketSent {
		own = steps.Ticket
		if m.run == nil && len(t.sent) > 0 {
			b.WriteString("\n" + s.Heading.Render("Requests, one at a time") + "\n")
			for _, a := range t.sent {
				b.WriteString(requestLine(m.c, a, "", m.c.Now(), w))
			}
		}
	}
	return b.String(), m.stepResults(own, []steps.ID{steps.Hostname, steps.Application, steps.Mapping})
}

// confirmText asks for the explicit yes, saying exactly what will happen.
func (m *Model) confirmText(w int) string {
	s := m.c.Styles
	f := m.setup.facts
	client, _ := m.ticket.client.selected()
	what := fmt.Sprintf("This creates a real ticket in Halo (%s) for %q", m.setup.host(), client.label)
	if f.TicketType != nil {
		what += fmt.Sprintf(" on ticket type %q", f.TicketType.Name)
	}
	if f.ResolutionStatus != nil {
		what += fmt.Sprintf(", then sets it to %q", f.ResolutionStatus.Name)
	}
	what += "."
	return indentWrap("", what, w, s.Warn) + "\n" + s.Bold.Render("Send it now? ") + s.Key.Render("y") + " yes, send it · " + s.Key.Render("n") + " not now\n"
}

func (m *Model) ticketKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	t := &m.ticket
	if t.client.filter.active {
		if msg.String() == "enter" || msg.String() == "esc" {
			t.client.filter.stop()
			return nil
		}
		return t.client.update(msg)
	}
	switch t.stage {
	case ticketConfirm:
		switch {
		case key.Matches(msg, k.Yes):
			return m.sendTicket()
		case key.Matches(msg, k.No):
			t.stage = ticketChoose
		}
		return nil
	case ticketSent:
		switch {
		case key.Matches(msg, k.Continue) && !m.setup.failed(steps.Ticket):
			return m.next()
		case key.Matches(msg, k.Continue), key.Matches(msg, k.Retry):
			t.stage = ticketConfirm
			return nil
		case key.Matches(msg, k.Edit):
			t.stage = ticketChoose
			return nil
		}
	default:
		switch {
		case key.Matches(msg, k.Continue):
			if _, ok := t.client.selected(); ok {
				t.stage = ticketConfirm
			}
			return nil
		case key.Matches(msg, k.Filter):
			return t.client.filter.start()
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down), key.Matches(msg, k.PageUp), key.Matches(msg, k.PageDown):
			return t.client.update(msg)
		}
	}
	cmd, _ := m.commonStepKey(msg, nil)
	return cmd
}

// sendTicket sends the test ticket to the chosen client.
func (m *Model) sendTicket() tea.Cmd {
	m.setup.cfg.TestClient = m.ticket.client.value()
	m.ticket.stage = ticketSent
	return m.startCheck(pageTicket, []steps.ID{steps.Ticket}, intentSubmit)
}

func (m *Model) ticketHelp() []key.Binding {
	k := m.c.Keys
	t := &m.ticket
	switch {
	case t.client.filter.active:
		return []key.Binding{withHelp(key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "")), "done filtering"), k.Quit}
	case t.stage == ticketConfirm:
		return []key.Binding{k.Yes, withHelp(k.No, "not now"), k.Quit}
	case t.stage == ticketSent && m.setup.failed(steps.Ticket):
		return []key.Binding{withHelp(k.Continue, "send again"), withHelp(k.Edit, "change client"), withHelp(k.Skip, "go on without it"), k.Back, k.Help, k.Quit}
	case t.stage == ticketSent:
		return []key.Binding{k.Continue, withHelp(k.Retry, "send another"), k.Back, k.Help, k.Quit}
	}
	return append([]key.Binding{withHelp(k.Continue, "choose this client")}, append(pickerKeys(k), withHelp(k.Skip, "skip the test ticket"), k.Back, k.Help, k.Quit)...)
}
