package ui

import (
	"strconv"
	"strings"

	"halowiz/scrub"
	"halowiz/steps"
)

// The lists the mapping page offers, as steps judged their items.

// typeID and statusID are the id of the option steps resolved, or the
// value as given.
func typeID(want string, chosen *steps.TicketTypeOption) string {
	if chosen != nil {
		return strconv.Itoa(chosen.ID)
	}
	return strings.TrimSpace(want)
}

func statusID(want string, chosen *steps.StatusOption) string {
	if chosen != nil {
		return strconv.Itoa(chosen.ID)
	}
	return strings.TrimSpace(want)
}

// ticketTypeItems lists the ticket types as steps ranked them, safest first,
// each marked with what steps found.
func ticketTypeItems(types []steps.TicketTypeOption) []pickItem {
	items := make([]pickItem, 0, len(types))
	for _, t := range types {
		sev, note := t.Verdict()
		items = append(items, pickItem{label: scrub.Line(t.Name), value: strconv.Itoa(t.ID), note: scrub.Line(note), tone: pickTone(sev)})
	}
	return items
}

// statusItems lists the statuses, closed ones first as steps sorted them.
func statusItems(f steps.Facts) []pickItem {
	items := make([]pickItem, 0, len(f.Statuses))
	for _, s := range f.Statuses {
		sev, note := s.Verdict()
		items = append(items, pickItem{label: scrub.Line(s.Name), value: strconv.Itoa(s.ID), note: note, tone: pickTone(sev)})
	}
	return items
}

// pickTone is how a list item's note reads for steps' verdict on it: in
// the severity's colour, or plain for a mere note.
func pickTone(sev steps.Severity) string {
	if sev == steps.Info {
		return ""
	}
	return string(sev)
}
