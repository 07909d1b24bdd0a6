package main

import (
	"reflect"
	"testing"
	"time"

	"halowiz/steps"
)

// What the wizard saves is what the next run reads back: settingsOf is
// resolveValues read backwards, for every value but the secrets.
func TestSavedSettingsComeBackAsTheSameValues(t *testing.T) {
	cfg := steps.Config{
		Host: "acme.halopsa.com", Tenant: "acme", ClientID: "id-1", ClientSecret: "s3cret",
		TicketType: "1", ResolutionStatus: "9", TestClient: "2", HuntressKey: "hk", HuntressSecret: "hs",
		Mapping: []steps.SavedMapping{{OrgID: 101, OrgName: "Contoso", ClientID: 2, ClientName: "Contoso Ltd"}},
	}
	v := valueFlags{timeout: 5 * time.Second}
	got := resolveValues(v, func(string) string { return "" }, settingsOf(cfg))
	want := cfg
	want.ClientSecret, want.HuntressSecret, want.Timeout = "", "", 5*time.Second
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saved and read back:\n got %+v\nwant %+v", got, want)
	}
}
