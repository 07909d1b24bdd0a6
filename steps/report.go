package steps

import (
	"fmt"
	"strings"

	"halowiz/halo"
)

// Report is the outcome of a run: the five step results in the contract's
// order, and the facts the checks learned along the way, for the wizard's
// pickers and the summary.
type Report struct {
	Host     string // the cleaned hostname, or the input when it could not be cleaned
	ClientID string
	Steps    []Result
	Facts    Facts
}

// OK reports whether no step failed.
func (r Report) OK() bool {
	for _, s := range r.Steps {
		if s.Failed() {
			return false
		}
	}
	return true
}

// Step returns the result of one step.
func (r Report) Step(id ID) (Result, bool) {
	for _, s := range r.Steps {
		if s.Step == id {
			return s, true
		}
	}
	return Result{}, false
}

// FirstFailing returns the first step, in the contract's order, that failed.
func (r Report) FirstFailing() (ID, bool) {
	for _, s := range r.Steps {
		if s.Failed() {
			return s.Step, true
		}
	}
	return "", false
}

// Facts are what the checks learned about the tenant. Each field is written
// by exactly one step (named in its comment).
type Facts struct {
	// hostname
	Host         string
	HostNotes    []string
	CustomDomain bool
	AuthURL      string // what /api/authinfo named; Huntress does not read it
	Tenant       string // the tenant_id /api/authinfo named, likewise

	// application
	GrantedScope string

	// agent
	Agent *halo.Agent

	// mapping
	TicketTypes      []TicketTypeOption // every type the agent can see, safest first
	TicketType       *TicketTypeOption  // the chosen default ticket type
	Statuses         []StatusOption     // closed statuses first
	ClosedBy         string             // how the closed statuses were told apart
	ResolutionStatus *StatusOption
	ClosedStatus     *StatusOption   // the closed status the test ticket ends on; nil: none known
	Customers        []halo.Customer // every client, active or not, when they were needed
	TestClient       *halo.Customer
	Orgs             []OrgMatch // Huntress organizations and their Halo clients
	HuntressChecked  bool       // Huntress credentials were given
	HuntressRead     bool       // Huntress accepted them: its organizations were read

	// ticket
	TestTicket *TestTicket
}

// TicketTypeOption is a ticket type as the mapping step judged it for
// Huntress.
type TicketTypeOption struct {
	ID   int
	Name string
	// Blocking lists, by Halo label, the mandatory fields that have no
	// default: Halo refuses a ticket from Huntress on this type.
	Blocking []string
	// Unknown is set when the type's fields could not be read.
	Unknown bool
	// Fields is the field list as evidence: each field's mandatory flag,
	// technew code and default.
	Fields string
	// Refused is set when Halo refused a real ticket of this type for
	// mandatory fields: the proof outranks the prediction.
	Refused bool
}

// Safe reports whether Huntress can create tickets of this type as far as
// its fields show.
func (t TicketTypeOption) Safe() bool { return !t.Unknown && !t.Refused && len(t.Blocking) == 0 }

// Verdict is how a list of ticket types marks this one: failing with the
// fields that block it, a warning when its fields are unknown, or passing.
func (t TicketTypeOption) Verdict() (Severity, string) {
	switch {
	case len(t.Blocking) > 0:
		return Fail, "needs " + strings.Join(t.Blocking, ", ") + ": Halo refuses it"
	case t.Refused:
		// The test ticket's refusal named no field: the proof still
		// outranks a field list that showed nothing in the way.
		return Fail, "Halo refused the test ticket for a mandatory field"
	case t.Unknown:
		return Warn, "fields unknown: the test ticket proves it"
	}
	return Pass, "accepted as it is"
}

// TestTicket records what happened to the test ticket.
type TestTicket struct {
	Marker   string // unique to the run; the summary carries it
	Summary  string
	ClientID int
	Sent     bool // the create may have reached Halo
	ID       int  // 0 while unknown
	Created  bool
	ReadBack bool // read back, with the marker in its summary
	Resolved bool // the status after resolution was accepted
	Closed   bool // a read-back showed it closed
	// Mandatory lists the fields Halo named when it refused the ticket as
	// mandatory ("Category is mandatory" gives Category).
	Mandatory []string
}

// Left says, for someone who stopped the run, what became of the test
// ticket; "" when none was sent.
func (t *TestTicket) Left() string {
	switch {
	case t == nil || !t.Sent:
		return ""
	case t.Closed:
		return fmt.Sprintf("The test ticket %d was created and closed.", t.ID)
	case t.ID > 0:
		return fmt.Sprintf("The test ticket %d was created and is NOT closed: close it by hand in Halo (its summary carries %s).", t.ID, t.Marker)
	}
	return fmt.Sprintf("The test ticket was sent, and Halo may have created it: search Halo's tickets for %s and close the ticket that carries it, if there is one.", t.Marker)
}

// merge copies the fields a step owns from its own facts into f.
func (f *Facts) merge(step ID, from Facts) {
	switch step {
	case Hostname:
		f.Host, f.HostNotes, f.CustomDomain = from.Host, from.HostNotes, from.CustomDomain
		f.AuthURL, f.Tenant = from.AuthURL, from.Tenant
	case Application:
		f.GrantedScope = from.GrantedScope
	case Agent:
		f.Agent = from.Agent
	case Mapping:
		f.TicketTypes, f.TicketType = from.TicketTypes, from.TicketType
		f.Statuses, f.ResolutionStatus = from.Statuses, from.ResolutionStatus
		f.ClosedBy, f.ClosedStatus = from.ClosedBy, from.ClosedStatus
		f.Customers, f.TestClient = from.Customers, from.TestClient
		f.Orgs, f.HuntressChecked, f.HuntressRead = from.Orgs, from.HuntressChecked, from.HuntressRead
	case Ticket:
		f.TestTicket = from.TestTicket
	}
}

// Warnings counts the findings that deserve a look without failing a step.
func (r Report) Warnings() int { return r.count(Warn) }

// Failures counts the failing findings.
func (r Report) Failures() int { return r.count(Fail) }

// count is how many findings have severity sev.
func (r Report) count(sev Severity) int {
	n := 0
	for _, s := range r.Steps {
		for _, f := range s.Findings {
			if f.Severity == sev {
				n++
			}
		}
	}
	return n
}

// NextStep says how the run came out, counting failed steps and warnings,
// and what to do next. The advice is the first failing step's title and
// its finding's own words, never a finding id.
func (r Report) NextStep() string {
	failed, title, message := 0, "", ""
	for _, s := range r.Steps {
		if !s.Failed() {
			continue
		}
		failed++
		for _, f := range s.Findings {
			if title == "" && f.Severity == Fail {
				title, message = s.Title, sentence(f.Message)
			}
		}
	}
	warnings := r.Warnings()
	if failed > 0 {
		outcome := Count(failed, "step", "steps") + " failed"
		if warnings > 0 {
			outcome += ", with " + Count(warnings, "warning", "warnings")
		}
		if title == "" {
			return outcome + ". Next: fix what is shown above, then check again."
		}
		return fmt.Sprintf("%s. Next, the %s step: %s Fix it as shown above, then check again.", outcome, title, message)
	}
	if warnings > 0 {
		return fmt.Sprintf("No step failed, with %s above worth a look before you finish the setup in Huntress.", Count(warnings, "warning", "warnings"))
	}
	if t, ok := r.Step(Ticket); ok && t.Status == StatusPass {
		return "Everything checked out, test ticket included. Enter these values in Huntress's HaloPSA screen and send its own test ticket."
	}
	return "Everything checked out. Enter these values in Huntress's HaloPSA screen; add --send-test-ticket to prove the ticket path too."
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// Value is one value to type into Huntress's HaloPSA screen.
type Value struct {
	Label  string // as Huntress's screen names it
	Value  string
	Secret bool // the client secret: Value says where it comes from, never what it is
}

// HuntressValues lists what to enter in Huntress, in the order its HaloPSA
// screen asks for them. Values the run could not confirm are left out: the
// hostname only once the hostname step passed, so that a custom domain or
// a host that did not answer as Halo is never offered as the one to type.
func (r Report) HuntressValues() []Value {
	var v []Value
	if h, ok := r.Step(Hostname); ok && !h.Failed() && r.Facts.Host != "" && !r.Facts.CustomDomain {
		v = append(v, Value{Label: "Server Host", Value: r.Facts.Host})
	}
	if r.ClientID != "" {
		v = append(v, Value{Label: "Client ID", Value: r.ClientID})
		v = append(v, Value{Label: "Client Secret", Value: "the secret you gave halowiz (not shown)", Secret: true})
	}
	if t := r.Facts.TicketType; t != nil {
		v = append(v, Value{Label: "Default Ticket Type", Value: t.Name})
	}
	if s := r.Facts.ResolutionStatus; s != nil {
		v = append(v, Value{Label: "Status after Huntress Resolution", Value: s.Name})
	}
	return v
}
