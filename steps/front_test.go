package steps

import (
	"regexp"
	"strings"
	"testing"
)

// Every hole is filled for both fronts, the wizard's words never name a
// flag, and check's name the flag the task is done with.
func TestEveryTaskIsWordedForBothFronts(t *testing.T) {
	flag := regexp.MustCompile(`(^|[\s(` + "`" + `])--[a-z]`)
	for task, p := range phrasing {
		line := Finding{Message: "Do it: " + how(task) + ".", Fix: []string{how(task)}}
		for _, f := range []Front{FrontCheck, FrontWizard} {
			got := f.fillFinding(line)
			if strings.Contains(got.Message+got.Fix[0], holeMark) {
				t.Errorf("%s: a hole is left for front %d: %q", task, f, got.Message)
			}
		}
		if p.check == "" || p.wizard == "" {
			t.Errorf("%s has no wording for one of the fronts", task)
		}
		if flag.MatchString(p.wizard) {
			t.Errorf("%s: the wizard's wording names a flag: %q", task, p.wizard)
		}
	}
	if got := FrontCheck.fill(how(taskLongerTimeout)); !strings.Contains(got, "--timeout") {
		t.Errorf("check's wording for a longer deadline is %q, want the flag that gives it", got)
	}
}
