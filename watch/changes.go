package watch

import (
	"cmp"
	"slices"
	"strings"

	"halowiz/steps"
)

// Change is a finding whose state differs from the cycle before: it
// appeared, cleared, changed severity, or is about other reports or
// actions than it was.
type Change struct {
	ID      string
	Step    steps.ID
	Was     steps.Severity // "" when the finding is new
	Now     steps.Severity // "" when it cleared
	Message string         // the finding's message now, or the one it had when it cleared ("")
}

// Cleared reports whether the finding is gone.
func (c Change) Cleared() bool { return c.Now == "" }

// Notable reports whether a person should hear of the change: a warning
// or a failure appeared, went, or changed. A passing or informative
// finding coming or going is not news.
func (c Change) Notable() bool { return serious(c.Was) || serious(c.Now) }

func serious(s steps.Severity) bool { return s == steps.Warn || s == steps.Fail }

// seenFindings is how every finding of a report stands, keyed by id. A
// step that was skipped says nothing about itself, so its findings stand
// as they did before; so do the findings whose ids are in blind, which the
// cycle could not judge (Huntress or Halo's tickets could not be read).
func seenFindings(rep steps.Report, keys map[string][]string, before map[string]Seen, blind []string) map[string]Seen {
	out := map[string]Seen{}
	for _, s := range rep.Steps {
		if s.Status == steps.StatusSkipped {
			for id, seen := range before {
				if stepOf(id) == s.Step {
					out[id] = seen
				}
			}
			continue
		}
		for _, f := range s.Findings {
			out[f.ID] = Seen{Severity: f.Severity, Keys: sortKeys(keys[f.ID])}
		}
	}
	for _, id := range blind {
		if seen, ok := before[id]; ok {
			if _, now := out[id]; !now {
				out[id] = seen
			}
		}
	}
	return out
}

// sortKeys orders a finding's keys, numbers by value, so that the same
// reports in another order (Huntress lists them newest first) are the same
// finding.
func sortKeys(keys []string) []string {
	out := slices.Clone(keys)
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) })
	return out
}

// diff lists the changes from before to now, in the report's order, then
// the findings that cleared, by id.
func diff(before map[string]Seen, rep steps.Report, now map[string]Seen) []Change {
	var out []Change
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			n, ok := now[f.ID]
			if !ok {
				continue
			}
			b, had := before[f.ID]
			if had && b.Severity == n.Severity && slices.Equal(sortKeys(b.Keys), n.Keys) { // a state from before the keys were sorted
				continue
			}
			out = append(out, Change{ID: f.ID, Step: s.Step, Was: b.Severity, Now: n.Severity, Message: f.Message})
		}
	}
	var gone []string
	for id := range before {
		if _, ok := now[id]; !ok {
			gone = append(gone, id)
		}
	}
	slices.Sort(gone)
	for _, id := range gone {
		out = append(out, Change{ID: id, Step: stepOf(id), Was: before[id].Severity})
	}
	return out
}

// stepOf is the step a finding id belongs to: what precedes the dot.
func stepOf(id string) steps.ID {
	for i := range id {
		if id[i] == '.' {
			return steps.ID(id[:i])
		}
	}
	return steps.ID(id)
}
