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
		it := pickItem{label: scrub.Line(t.Name), value: strconv.Itoa(t.ID)}
		switch {
		case len(t.Blocking) > 0:
			it.note, it.tone = "needs "+scrub.Line(strings.Join(t.Blocking, ", "))+": Halo refuses it", "fail"
		case t.Unknown:
			it.note, it.tone = "fields unknown: the test ticket proves it", "warn"
		default:
			it.note, it.tone = "accepted as it is", "pass"
		}
		items = append(items, it)
	}
	return items
}

// statusItems lists the statuses, closed ones first as steps sorted them.
func statusItems(f steps.Facts) []pickItem {
	items := make([]pickItem, 0, len(f.Statuses))
	for _, s := range f.Statuses {
		it := pickItem{label: scrub.Line(s.Name), value: strconv.Itoa(s.ID), note: "open: the ticket stays open until something closes it"}
		if s.Closed {
			it.note, it.tone = "closed", "pass"
		}
		items = append(items, it)
	}
	return items
}
