package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"halowiz/keystore"
	"halowiz/steps"
	"halowiz/ui"
)

func TestSavingOverADamagedSetupSetsItAsideFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte("{ not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := saveSetup(path)(ui.SavedSetup{Config: steps.Config{Host: "acme.halopsa.com", ClientID: "id-1"}}); err != nil {
		t.Fatalf("save over a damaged setup: %v", err)
	}
	s, err := keystore.LoadSettings(path)
	if err != nil || s.Host != "acme.halopsa.com" || s.ClientID != "id-1" {
		t.Errorf("saved setup %+v, %v", s, err)
	}
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("set aside: %v, want the damaged file kept once", aside)
	}
	if data, _ := os.ReadFile(aside[0]); string(data) != "{ not json" {
		t.Errorf("the set-aside file holds %q", data)
	}
}

func TestSavingOverAGoodSetupSetsNothingAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	for _, host := range []string{"a.halopsa.com", "b.halopsa.com"} {
		if err := saveSetup(path)(ui.SavedSetup{Config: steps.Config{Host: host}}); err != nil {
			t.Fatal(err)
		}
	}
	if aside, _ := filepath.Glob(path + ".corrupt-*"); len(aside) != 0 {
		t.Errorf("a good setup was set aside: %v", aside)
	}
}

// An unfinished first run is kept with its marks, and comes back as a walk
// to resume: the settings file is where the two runs meet.
func TestAnUnfinishedWalkIsKeptAndOfferedAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	kept := ui.SavedSetup{Config: steps.Config{Host: "acme.halopsa.com", ClientID: "first-run", ClientSecret: "never-kept"},
		Unverified: []string{"host", "client-id"}, ResumeAt: steps.Application}
	if err := saveSetup(path)(kept); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); strings.Contains(string(data), "never-kept") {
		t.Fatalf("a secret reached the settings file:\n%s", data)
	}
	s, err := keystore.LoadSettings(path)
	if err != nil || !s.Unfinished() {
		t.Fatalf("loaded %+v, %v; want an unfinished walk", s, err)
	}
	r := resumeOf(s)
	if r.At != steps.Application || !slices.Equal(r.Unverified, kept.Unverified) {
		t.Errorf("resume %+v, want at the application with the host and client ID unverified", r)
	}
	if cfg := resolveValues(valueFlags{}, func(string) string { return "" }, s); cfg.Host != "acme.halopsa.com" || cfg.ClientID != "first-run" {
		t.Errorf("the values come back as %+v", cfg)
	}
}
