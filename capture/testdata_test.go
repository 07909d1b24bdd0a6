package capture_test

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"halowiz/capture"
	"halowiz/halo/halotest"
)

var update = flag.Bool("update", false, "capture the simulated tenant's scenarios into testdata/ again")

// tooBigForTestdata are scenarios left out of testdata/ for their size
// alone (the round-trip test replays them in memory).
var tooBigForTestdata = map[string]bool{"huge-body": true}

// TestReplayEveryTranscript replays every transcript in testdata/ and
// requires the step statuses and finding ids its captured run reported.
// The transcripts are captures of the simulated tenant's scenarios, as
//
//	halowiz check --demo --scenario NAME --send-test-ticket --capture testdata/NAME.json
//
// writes them; `go test ./capture -run TestReplayEveryTranscript -update`
// captures them again (after a change to the requests the checks make, or
// to what they conclude). A transcript of a real tenant can be added as it
// is: it needs an "outcome".
func TestReplayEveryTranscript(t *testing.T) {
	if *update {
		for _, sc := range halotest.Scenarios() {
			if _, timing := timingDependent[sc.Name]; timing || tooBigForTestdata[sc.Name] {
				continue
			}
			_, rec := captureScenario(t, sc)
			path := filepath.Join("testdata", sc.Name+".json")
			if err := rec.Save(path, capture.Options{Program: "halowiz (go test -update)", Scenario: sc.Name}); err != nil {
				t.Fatal(err)
			}
		}
	}
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no transcripts in testdata (%v)", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) {
			t.Parallel()
			tr, err := capture.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Outcome) == 0 {
				t.Fatal("the transcript has no outcome to compare the replay with")
			}
			got := replay(t, tr)
			if want, have := outline(tr.Outcome), outline(capture.OutcomeOf(got)); want != have {
				t.Errorf("the replay differs from the captured run\ncaptured:\n%sreplayed:\n%s", want, have)
			}
			if errs := replayErrors(got); len(errs) > 0 {
				t.Errorf("the replay asked what the capture does not hold: %v", errs)
			}
		})
	}
}
