package steps

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"halowiz/halo"
)

// huntressSends are the ticket fields the integration fills in itself, by
// their Faults field name: a mandatory one of these never blocks it.
var huntressSends = map[string]bool{
	"summary": true, "symptom": true, "details": true, "details_html": true, "note": true,
	"client_id": true, "client": true, "client_name": true, "area": true,
	"tickettype_id": true, "tickettype": true, "requesttype": true, "requesttype_id": true,
}

// blockingFields lists, by Halo label, the mandatory fields of a ticket type
// that have no default. Halo refuses a ticket from Huntress on such a type
// with one "<field> is mandatory" line per field.
func blockingFields(t halo.TicketType) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range t.Fields {
		fi := f.FieldInfo
		if fi == nil || fi.Mandatory == nil || !*fi.Mandatory {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(fi.FaultsFieldName))
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(firstNonEmpty(fi.Name, f.FieldName)))
		}
		if huntressSends[key] || strings.TrimSpace(fi.DefaultValue) != "" || typeDefault(t, key) {
			continue
		}
		label := firstNonEmpty(fi.Label, fi.Name, f.FieldName, fi.FaultsFieldName)
		if label == "" {
			label = "field " + strconv.Itoa(f.FieldID)
		}
		if !seen[label] {
			seen[label] = true
			out = append(out, label)
		}
	}
	return out
}

// typeDefault reports whether the ticket type itself fills the field.
func typeDefault(t halo.TicketType, key string) bool {
	switch key {
	case "category_1", "categoryid_1", "category1":
		return t.DefaultCategory1 != ""
	case "category_2", "categoryid_2", "category2":
		return t.DefaultCategory2 != ""
	case "category_3", "categoryid_3", "category3":
		return t.DefaultCategory3 != ""
	case "category_4", "categoryid_4", "category4":
		return t.DefaultCategory4 != ""
	case "impact":
		return t.DefaultImpact != nil && *t.DefaultImpact > 0
	case "priority", "priority_id":
		return t.DefaultPriority != nil && *t.DefaultPriority > 0
	case "team", "team_id":
		return t.DefaultTeam != ""
	}
	return false
}

// judgeTicketType turns a ticket type's details into an option.
func judgeTicketType(t halo.TicketType) TicketTypeOption {
	o := TicketTypeOption{ID: t.ID, Name: t.Name, Blocking: blockingFields(t), Fields: fieldSummary(t)}
	if len(t.Fields) == 0 && t.HasMandatoryTechFields != nil && *t.HasMandatoryTechFields {
		o.Unknown = true
	}
	return o
}

// fieldSummary lists a type's fields as the evidence shows them: the global
// mandatory flag, the per-type technew code (undocumented: shown, never
// read) and the default.
func fieldSummary(t halo.TicketType) string {
	parts := make([]string, 0, len(t.Fields))
	for _, f := range t.Fields {
		label, mandatory, def := f.FieldName, "unset", ""
		if fi := f.FieldInfo; fi != nil {
			label = firstNonEmpty(fi.Label, fi.Name, f.FieldName)
			if fi.Mandatory != nil {
				mandatory = strconv.FormatBool(*fi.Mandatory)
			}
			def = fi.DefaultValue
		}
		technew := "unset"
		if f.TechNew != nil {
			technew = strconv.Itoa(*f.TechNew)
		}
		parts = append(parts, fmt.Sprintf("%s (mandatory %s, technew %s, default %q)", label, mandatory, technew, def))
	}
	return strings.Join(parts, ", ")
}

// rankTicketTypes orders the options safest first, then by name.
func rankTicketTypes(opts []TicketTypeOption) {
	rank := func(o TicketTypeOption) int {
		switch {
		case o.Safe():
			return 0
		case o.Unknown:
			return 1
		}
		return 2
	}
	sort.SliceStable(opts, func(i, j int) bool {
		if ri, rj := rank(opts[i]), rank(opts[j]); ri != rj {
			return ri < rj
		}
		return strings.ToLower(opts[i].Name) < strings.ToLower(opts[j].Name)
	})
}

// findByIDOrName resolves a value the admin gave as an id or an exact name.
// Names match case-insensitively; suggestions are near names for a miss.
func findByIDOrName[T any](items []T, want string, id func(T) int, name func(T) string) (found *T, suggestions []string) {
	want = strings.TrimSpace(want)
	if n, err := strconv.Atoi(want); err == nil {
		for i := range items {
			if id(items[i]) == n {
				return &items[i], nil
			}
		}
	}
	for i := range items {
		if strings.EqualFold(strings.TrimSpace(name(items[i])), want) {
			return &items[i], nil
		}
	}
	return nil, nearNames(items, want, name)
}

// nearNames suggests names that contain, or are a small edit away from, want.
func nearNames[T any](items []T, want string, name func(T) string) []string {
	w := strings.ToLower(want)
	var out []string
	for _, it := range items {
		n := name(it)
		l := strings.ToLower(n)
		if w != "" && (strings.Contains(l, w) || strings.Contains(w, l) || EditDistance(l, w) <= 2) {
			out = append(out, n)
		}
		if len(out) == 5 {
			break
		}
	}
	return out
}

// EditDistance is the Levenshtein distance between two short names (64
// characters at most; longer ones are simply far apart), for "did you
// mean" suggestions.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 99
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
