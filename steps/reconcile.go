package steps

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// reconcile lets what Halo proved on the wire outrank what a step predicted
// from a field. The mapping step predicts from the ticket type's field list
// whether Halo will accept Huntress's tickets; the test ticket is the proof.
// When the two disagree, the mapping step's finding follows the proof.
func reconcile(results map[ID]Result, f *Facts) {
	tt, mapping, ticket := f.TestTicket, results[Mapping], results[Ticket]
	if f.TicketType == nil || tt == nil {
		return
	}
	// The facts' pointers are shared with the checks' snapshots (an
	// abandoned check may still read them): change copies.
	chosen := *f.TicketType
	f.TicketType, f.TicketTypes = &chosen, slices.Clone(f.TicketTypes)
	mapping.Findings = slices.Clone(mapping.Findings)
	changed := false
	for i, fd := range mapping.Findings {
		switch {
		case fd.ID == "mapping.ticket-type" && ticket.Has("ticket.mandatory-fields"):
			f.TicketType.Refused = true
			if len(f.TicketType.Blocking) == 0 {
				f.TicketType.Blocking = tt.Mandatory
			}
			markRefused(f)
			mapping.Findings[i] = refutedPrediction(*f.TicketType, f.TicketTypes, fd.Evidence)
			changed = true
		case fd.ID == "mapping.ticket-type" && tt.Created:
			mapping.Findings[i].Message = fmt.Sprintf("Ticket type %q (id %d) has no mandatory field without a default, and the test ticket proved it: Halo accepted ticket %d.",
				f.TicketType.Name, f.TicketType.ID, tt.ID)
			changed = true
		case fd.ID == "mapping.mandatory-fields" && tt.Created:
			mapping.Findings[i] = Finding{ID: "mapping.ticket-type", Severity: Pass,
				Message: fmt.Sprintf("Ticket type %q: its field list marks %s mandatory without a default, but Halo accepted the test ticket without them, so the type's own settings let Huntress's tickets through.",
					f.TicketType.Name, strings.Join(f.TicketType.Blocking, ", ")),
				Fix:      []string{},
				Evidence: fd.Evidence + fmt.Sprintf("; the test ticket %d was created", tt.ID)}
			f.TicketType.Blocking = nil
			changed = true
		}
	}
	if changed {
		mapping.Status = statusOf(mapping.Findings)
		results[Mapping] = mapping
	}
}

// refutedPrediction is mapping.mandatory-fields as Halo proved it.
func refutedPrediction(t TicketTypeOption, all []TicketTypeOption, evidence string) Finding {
	named := "fields"
	if len(t.Blocking) > 0 {
		named = strings.Join(t.Blocking, ", ")
	}
	return Finding{ID: "mapping.mandatory-fields", Severity: Fail,
		Message: fmt.Sprintf("Halo refused the test ticket on ticket type %q for missing mandatory %s, although the type's field list marks none mandatory without a default: the type's own settings (shown as technew in the evidence) make them mandatory. Huntress's tickets will be refused the same way.",
			t.Name, named),
		Fix:      mandatoryFix(t, all),
		Evidence: evidence + "; the test ticket was refused for: " + named}
}

// markRefused carries the refusal to the type's entry in the ranked list.
func markRefused(f *Facts) {
	for i := range f.TicketTypes {
		if f.TicketTypes[i].ID == f.TicketType.ID {
			f.TicketTypes[i].Refused = true
			f.TicketTypes[i].Blocking = f.TicketType.Blocking
		}
	}
}

// mandatoryLine finds the field a refusal line names: "Category is
// mandatory", "[0].category_1: Category is mandatory".
var mandatoryLine = regexp.MustCompile(`(?i)(?:^|:\s*)([^:;]+?)\s+is\s+mandatory`)

// mandatoryNames lists the fields Halo's refusal messages name.
func mandatoryNames(messages []string) []string {
	var names []string
	for _, m := range messages {
		if sub := mandatoryLine.FindStringSubmatch(m); sub != nil {
			names = append(names, strings.TrimSpace(sub[1]))
		}
	}
	return names
}
