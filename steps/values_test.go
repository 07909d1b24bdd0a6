package steps_test

import (
	"context"
	"strings"
	"testing"

	"halowiz/demo"
	"halowiz/steps"
)

// serverHost is the Server Host a report offers to type into Huntress, if
// it offers one.
func serverHost(r steps.Report) (string, bool) {
	for _, v := range r.HuntressValues() {
		if v.Label == "Server Host" {
			return v.Value, true
		}
	}
	return "", false
}

func TestHuntressValuesNeverOfferAHostHuntressRefuses(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		want     string // "" for no Server Host at all
	}{
		{"healthy", "acme.halopsa.com"},
		{"custom-domain", ""}, // Huntress takes only *.halopsa.com
		{"html-page", ""},     // it answered, but not as Halo
		{"dns-failure", ""},   // nothing answered
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			d, err := demo.Start(tc.scenario)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			cfg := d.Config()
			cfg.Only = []steps.ID{steps.Hostname}
			rep := steps.Run(context.Background(), cfg, d.Env())
			got, ok := serverHost(rep)
			if tc.want == "" && ok {
				t.Errorf("the values for Huntress offer Server Host %q, which the hostname step failed", got)
			}
			if tc.want != "" && got != tc.want {
				t.Errorf("Server Host %q (offered %v), want %q", got, ok, tc.want)
			}
		})
	}
}

func TestAHostThatIsNotHaloIsSaidSoOnce(t *testing.T) {
	d, err := demo.Start("html-page")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cfg := d.Config()
	cfg.Only = []steps.ID{steps.Hostname}
	r, _ := steps.Run(context.Background(), cfg, d.Env()).Step(steps.Hostname)
	for _, f := range r.Findings {
		if f.ID == "hostname.not-halo" && strings.Count(f.Message, "not as a Halo API") != 1 {
			t.Errorf("the message says it more than once: %s", f.Message)
		}
	}
}
