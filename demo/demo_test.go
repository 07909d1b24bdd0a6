package demo_test

import (
	"context"
	"strings"
	"testing"

	"halowiz/demo"
	"halowiz/steps"
)

func TestTheFinishedSetupOfTheHealthyTenantPasses(t *testing.T) {
	d, err := demo.Start("healthy")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rep := steps.Run(context.Background(), d.Config(), d.Env())
	if !rep.OK() {
		t.Fatalf("the healthy tenant's finished setup fails: %+v", rep.Steps)
	}
	if rep.Facts.Host != d.Scenario.HostName() || !rep.Facts.HuntressRead {
		t.Errorf("host %q (want %q), Huntress read %v", rep.Facts.Host, d.Scenario.HostName(), rep.Facts.HuntressRead)
	}
}

func TestAnUnknownScenarioNamesTheKnownOnes(t *testing.T) {
	_, err := demo.Start("no-such-scenario")
	if err == nil || !strings.Contains(err.Error(), "healthy") || !strings.Contains(err.Error(), `"no-such-scenario"`) {
		t.Errorf("Start of an unknown scenario = %v, want the scenario named and the known ones listed", err)
	}
}

func TestARefusedHuntressKeyPairIsNotRead(t *testing.T) {
	d, err := demo.Start("healthy")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cfg := d.Config()
	cfg.HuntressSecret = "not-the-secret"
	cfg.Only = []steps.ID{steps.Mapping}
	f := steps.Run(context.Background(), cfg, d.Env()).Facts
	if !f.HuntressChecked || f.HuntressRead || len(f.Orgs) != 0 {
		t.Errorf("checked %v, read %v, %d organizations; want checked, not read, none", f.HuntressChecked, f.HuntressRead, len(f.Orgs))
	}
}
