package watchtest_test

import (
	"strings"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/watch/watchtest"
)

func TestScenariosAreNamedAndBuildable(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range watchtest.Scenarios() {
		if sc.Name == "" || sc.Summary == "" || seen[sc.Name] || len(sc.Provokes) == 0 {
			t.Errorf("scenario %+v needs a unique name, a summary and what it provokes", sc)
		}
		seen[sc.Name] = true
		if got, ok := watchtest.Lookup(" " + strings.ToUpper(sc.Name)); !ok || got.Name != sc.Name {
			t.Errorf("Lookup(%q) = %v, %t", sc.Name, got.Name, ok)
		}
		if _, ok := halotest.Lookup(sc.Halo); sc.Halo != "" && !ok {
			t.Errorf("%s names the Halo scenario %q, which does not exist", sc.Name, sc.Halo)
		}
		for _, id := range sc.Provokes {
			if !strings.HasPrefix(id, "watch.") {
				t.Errorf("%s provokes %s, which is not a watch finding", sc.Name, id)
			}
		}
		if _, _, _, err := watchtest.Parts(sc, time.Now()); err != nil {
			t.Errorf("%s: %v", sc.Name, err)
		}
	}
}
