package watch

import (
	"fmt"

	"halowiz/steps"
)

// NextStep is the one sentence that says what to do after a cycle.
func NextStep(rep steps.Report) string {
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if f.Severity == steps.Fail {
				return fmt.Sprintf("Next: fix the %s step (%s) as shown above; the next cycle says when it clears.", s.Title, f.ID)
			}
		}
	}
	if w := rep.Warnings(); w > 0 {
		return fmt.Sprintf("Nothing fails. %d warning(s) above are worth a look.", w)
	}
	return "Huntress's tickets are flowing and nothing it relies on has changed in Halo: nothing to do."
}
