package watch

import (
	"fmt"
	"strings"

	"halowiz/steps"
)

// NextStep is the one sentence that says what to do after a cycle.
func NextStep(rep steps.Report) string {
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if f.Severity == steps.Fail {
				return fmt.Sprintf("Next: fix the %s step as shown above (%s); the next cycle says when it clears.", s.Title, strings.TrimSuffix(f.Message, "."))
			}
		}
	}
	if w := rep.Warnings(); w > 0 {
		return fmt.Sprintf("Nothing fails. %s above %s worth a look.", steps.Plural(w, "warning", "warnings"), steps.PluralWord(w, "is", "are"))
	}
	return "Huntress's tickets are flowing and nothing it relies on has changed in Halo: nothing to do."
}
