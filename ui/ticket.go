package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"halowiz/scrub"
	"halowiz/steps"
)

// ticketStage is where the test ticket stands.
type ticketStage int

const (
	ticketChoose  ticketStage = iota // picking the client
	ticketConfirm                    // asking for an explicit yes
	ticketSent                       // sent (or being sent): its results show
)

// ticketPage sends one real ticket the way Huntress does, to a client the
// admin picks, after an explicit yes.
type ticketPage struct {
	base
	stage  ticketStage
	client *picker
	sent   []activity // the requests of the last test ticket, in order
}

func newTicketPage(b base) page { return &ticketPage{base: b, client: newPicker(b.w.c, 8)} }

func (p *ticketPage) SetSize(_, height int) { p.client.setHeight(max(height-12, 3)) }

func (p *ticketPage) Typing() bool { return p.client.filter.active }

// learned lists the active clients, the one the checks picked (the one
// asked for, or the MSP's own company) chosen, and keeps the requests of a
// test ticket just sent.
func (p *ticketPage) learned(run *checkRun) {
	if run.cfg.SendTestTicket {
		p.sent = run.progress.steps[steps.Ticket].activities
	}
	f := p.w.setup.facts
	if f.Customers == nil {
		return
	}
	picked := 0
	if f.TestClient != nil {
		picked = f.TestClient.ID
	}
	keep := p.client.value()
	if keep == "" {
		keep = strconv.Itoa(picked)
	}
	p.client.setItems(clientItems(f.Customers, func(cu steps.Customer) string {
		if cu.ID == picked {
			return "the client the checks picked: usually your own company"
		}
		return ""
	}), keep)
}

// clientItems lists the active Halo clients to choose from, each with its
// note.
func clientItems(customers []steps.Customer, note func(steps.Customer) string) []pickItem {
	var items []pickItem
	for _, cu := range customers {
		if cu.Active() {
			items = append(items, pickItem{label: scrub.Line(cu.Name), value: strconv.Itoa(cu.ID), note: note(cu)})
		}
	}
	return items
}

// Open reads the clients from Halo unless they were read already.
func (p *ticketPage) Open() tea.Cmd {
	if p.stage != ticketSent {
		p.stage = ticketChoose
	}
	if p.w.setup.facts.Customers == nil {
		return p.w.startCheck(pageTicket, []steps.ID{steps.Mapping}, intentLoad)
	}
	return nil
}

func (p *ticketPage) View() (string, string) {
	w := p.w
	c := w.c
	width := c.contentWidth()
	s := c.Styles
	k := c.Keys
	var b strings.Builder
	b.WriteString(para("Prove the whole path by sending one real ticket the way Huntress does: create it, read it back, set it to the status after resolution and confirm it closed. It is sent once, never retried on its own, and left closed.", width))
	switch {
	case len(p.client.items) == 0:
		b.WriteString(heading(c, "Client for the test ticket", ""))
		b.WriteString(s.Subtle.Render("  halowiz reads your clients from Halo when this page opens.") + "\n")
	case p.stage == ticketChoose && !c.Plain:
		b.WriteString(heading(c, "Client for the test ticket", k.Choose.Help().Key+" "+k.Choose.Help().Desc+" · "+k.Filter.Help().Key+" "+k.Filter.Help().Desc))
		b.WriteString(p.client.view(true, width))
	case p.stage != ticketChoose:
		chosen, _ := p.client.selected()
		b.WriteString(s.Label.Render("Client for the test ticket: ") + s.Value.Render(chosen.label) + "\n")
	}
	if p.stage == ticketConfirm {
		b.WriteString("\n" + p.confirmText(width))
	}
	own := steps.ID("")
	if p.stage == ticketSent {
		own = steps.Ticket
	}
	results := w.stepResults(pageTicket, own, []steps.ID{steps.Hostname, steps.Application, steps.Mapping}, steps.Ticket)
	// The accessible mode said each request as it was made.
	if p.stage == ticketSent && w.run == nil && len(p.sent) > 0 && !c.Plain {
		var r strings.Builder
		r.WriteString(heading(c, "Requests, one at a time", ""))
		for _, a := range p.sent {
			r.WriteString(requestLine(c, a, "", c.Now(), width))
		}
		results += r.String() + "\n"
	}
	return b.String(), results
}

// confirmText asks for the explicit yes, saying exactly what will happen.
func (p *ticketPage) confirmText(width int) string {
	s := p.w.c.Styles
	k := p.w.c.Keys
	f := p.w.setup.facts
	client, _ := p.client.selected()
	what := fmt.Sprintf("This creates a real ticket in Halo (%s) for %q", scrub.Line(p.w.setup.host()), client.label)
	if f.TicketType != nil {
		what += fmt.Sprintf(" on ticket type %q", scrub.Line(f.TicketType.Name))
	}
	if f.ResolutionStatus != nil {
		what += fmt.Sprintf(", then sets it to %q", scrub.Line(f.ResolutionStatus.Name))
	}
	what += "."
	if p.w.c.Plain {
		return indentWrap("", what, width) + "\n" // the question comes with its answers
	}
	return indentWrap("", what, width, s.Warn) + "\n" + s.Bold.Render(p.question()+" ") +
		s.Key.Render(k.Yes.Help().Key) + " " + k.Yes.Help().Desc + " · " + s.Key.Render(k.No.Keys()[0]) + " not now\n"
}

// question is what the keys answer while the ticket waits for a yes.
func (p *ticketPage) question() string {
	if p.stage == ticketConfirm {
		return "Send it now?"
	}
	return "What now?"
}

// Enter ends filtering, asks for the yes once a client is chosen, and after
// the ticket went through moves on (or asks again to send it once more).
func (p *ticketPage) Enter() tea.Cmd {
	switch {
	case p.client.filter.active:
		p.client.filter.stop()
	case p.stage == ticketChoose:
		if _, ok := p.client.selected(); ok {
			p.stage = ticketConfirm
		}
	case p.stage == ticketSent && !p.w.setup.failed(steps.Ticket):
		return p.w.next()
	case p.stage == ticketSent:
		p.stage = ticketConfirm
	}
	return nil
}

func (p *ticketPage) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p.client.update(msg)
	}
	k := p.w.c.Keys
	switch {
	case p.client.filter.active:
		if key.Matches(km, k.FilterDone) {
			p.client.filter.stop()
			return nil
		}
		return p.client.update(km)
	case p.stage == ticketConfirm:
		switch {
		case key.Matches(km, k.Yes):
			return p.send()
		case key.Matches(km, k.No):
			p.stage = ticketChoose
		}
		return nil
	case p.stage == ticketSent && key.Matches(km, k.Retry):
		p.stage = ticketConfirm
		return nil
	case p.stage == ticketSent && key.Matches(km, k.Edit):
		p.stage = ticketChoose
		return nil
	case p.stage == ticketChoose && key.Matches(km, k.Filter):
		return p.client.filter.start()
	case p.stage == ticketChoose && key.Matches(km, k.Up, k.Down, k.PageUp, k.PageDown):
		return p.client.update(km)
	}
	return p.w.stepKey(km, nil)
}

// send sends the test ticket to the chosen client.
func (p *ticketPage) send() tea.Cmd {
	p.w.setup.cfg.TestClient = p.client.value()
	p.stage = ticketSent
	return p.w.startCheck(pageTicket, []steps.ID{steps.Ticket}, intentSubmit)
}

// AfterCheck keeps the page: its results say how the ticket went.
func (p *ticketPage) AfterCheck(*checkRun) tea.Cmd { return nil }

func (p *ticketPage) Questions(b key.Binding) []question {
	if p.stage != ticketChoose || !same(b, p.w.c.Keys.Continue) {
		return nil
	}
	return []question{choiceOf("Client for the test ticket", p.client)}
}

func (p *ticketPage) ShortHelp() []key.Binding {
	k := p.w.c.Keys
	switch {
	case p.client.filter.active:
		return []key.Binding{k.FilterDone, k.Quit}
	case p.stage == ticketConfirm:
		return []key.Binding{k.Yes, withHelp(k.No, "not now"), k.Quit}
	case p.stage == ticketSent && p.w.setup.failed(steps.Ticket):
		return []key.Binding{withHelp(k.Continue, "send again"), withHelp(k.Edit, "change client"), withHelp(k.Skip, "go on without it"), k.Back, k.Help, k.Quit}
	case p.stage == ticketSent:
		return []key.Binding{k.Continue, withHelp(k.Retry, "send another"), k.Back, k.Help, k.Quit}
	}
	return []key.Binding{withHelp(k.Continue, "choose this client"), k.Choose, k.Filter, withHelp(k.Skip, "skip the test ticket"), k.Back, k.Help, k.Quit}
}
