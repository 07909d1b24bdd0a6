package steps

import "testing"

func TestProvenIsPassedWithOrWithoutWarnings(t *testing.T) {
	for status, want := range map[Status]bool{StatusPass: true, StatusWarn: true, StatusFail: false, StatusSkipped: false, "": false} {
		if got := (Result{Status: status}).Proven(); got != want {
			t.Errorf("Result{Status: %q}.Proven() = %v, want %v", status, got, want)
		}
	}
}
