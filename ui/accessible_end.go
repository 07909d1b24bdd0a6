package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/muesli/termenv"

	"halowiz/halo"
	"halowiz/steps"
)

// ticket offers the test ticket, asks for the client and an explicit yes,
// and sends it.
func (a *accessible) ticket() error {
	a.say(wrap("Prove the whole path by sending one real ticket the way Huntress does: create it, read it back, set it to the status after resolution and confirm it closed. It is sent once and left closed.", a.c.contentWidth()) + "\n")
	needs := []steps.ID{steps.Hostname, steps.Application, steps.Mapping}
	for {
		send, err := a.confirm("Send a real test ticket now?", false)
		if err != nil {
			return err
		}
		if !send {
			a.setup.skipped[steps.Ticket] = true
			a.say("! " + skipWarnings[steps.Ticket] + "\n")
			return nil
		}
		if ok, err := a.ticketClient(); err != nil || !ok {
			return err
		}
		if err := a.check([]steps.ID{steps.Ticket}, true); err != nil {
			return err
		}
		a.show([]steps.ID{steps.Ticket}, needs, false)
		if !a.setup.failed(steps.Ticket) {
			return nil
		}
	}
}

// ticketClient asks which client the test ticket goes to and for the
// explicit yes. It reports false when the admin said no.
func (a *accessible) ticketClient() (bool, error) {
	if a.setup.facts.Customers == nil {
		if err := a.check([]steps.ID{steps.Mapping}, false); err != nil {
			return false, err
		}
	}
	f := a.setup.facts
	def := ""
	if f.TestClient != nil {
		def = f.TestClient.Name
	}
	if want := a.setup.cfg.TestClient; want != "" {
		if cu, ok := a.customer(customerID(want, f.Customers, 0)); ok {
			def = cu.Name
		}
	}
	for {
		name, err := a.text("Client for the test ticket (its exact name or id)", def)
		if err != nil {
			return false, err
		}
		cu, ok := a.customer(customerID(name, f.Customers, 0))
		if !ok {
			a.say(fmt.Sprintf("There is no active Halo client %q.\n", name))
			continue
		}
		a.setup.cfg.TestClient = strconv.Itoa(cu.ID)
		what := fmt.Sprintf("This creates a real ticket in Halo (%s) for %q", a.setup.host(), cu.Name)
		if f.TicketType != nil {
			what += fmt.Sprintf(" on ticket type %q", f.TicketType.Name)
		}
		if f.ResolutionStatus != nil {
			what += fmt.Sprintf(", then sets it to %q", f.ResolutionStatus.Name)
		}
		return a.confirm(what+". Send it?", false)
	}
}

// customer finds an active client by id.
func (a *accessible) customer(id string) (halo.Customer, bool) {
	for _, cu := range a.setup.facts.Customers {
		if strconv.Itoa(cu.ID) == id && cu.Active() {
			return cu, true
		}
	}
	return halo.Customer{}, false
}

// summary prints the values for Huntress, saves the settings, writes the
// report and says where everything went.
func (a *accessible) summary() error {
	w := a.c.contentWidth()
	rep := a.setup.report()
	var b strings.Builder
	b.WriteString("\n== Summary: the values for Huntress ==\n")
	if a.setup.sawFailure {
		b.WriteString(indentWrap("! ", steps.ReAddIntegration, w) + "\n")
	}
	vals := rep.HuntressValues()
	if len(vals) > 0 {
		b.WriteString("Enter these in Huntress (Integrations > HaloPSA), in this order:\n")
		for _, v := range vals {
			fmt.Fprintf(&b, "  %s: %s\n", v.Label, v.Value)
		}
	}
	a.say(b.String())
	if len(vals) > 0 {
		copyIt, err := a.confirm("Copy these values to the clipboard (OSC 52; some terminals ignore it)?", false)
		if err != nil {
			return err
		}
		if copyIt {
			termenv.NewOutput(a.out).Copy(valuesText(vals))
		}
	}
	a.saveFiles(rep)
	b.Reset()
	b.WriteString("\n")
	for _, id := range steps.Order {
		if a.setup.skipped[id] {
			b.WriteString("! " + id.Title() + " was skipped: unproven.\n")
		}
	}
	for _, row := range savedRows(a.setup, a.opts.Demo != nil, a.deps.SettingsPath, a.files) {
		b.WriteString(indentWrap(row[0]+": ", row[1], w) + "\n")
	}
	b.WriteString("\n" + wrap(rep.NextStep(), w) + "\n")
	a.say(b.String())
	return nil
}

// saveFiles saves the settings and writes the report.
func (a *accessible) saveFiles(rep steps.Report) {
	if a.deps.SaveSettings != nil {
		a.files.settingsErr = a.deps.SaveSettings(a.setup.settings())
		a.files.settingsSaved = a.files.settingsErr == nil
	}
	a.files.reportPath, a.files.reportErr = writeReportFile(a.deps.ReportDir, a.c.Now(), a.deps.Version, rep)
}
