package main

import (
	"os"
	"path/filepath"
	"testing"

	"halowiz/keystore"
	"halowiz/steps"
)

func TestSavingOverADamagedSetupSetsItAsideFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte("{ not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := saveSetup(path)(steps.Config{Host: "acme.halopsa.com", ClientID: "id-1"}); err != nil {
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
		if err := saveSetup(path)(steps.Config{Host: host}); err != nil {
			t.Fatal(err)
		}
	}
	if aside, _ := filepath.Glob(path + ".corrupt-*"); len(aside) != 0 {
		t.Errorf("a good setup was set aside: %v", aside)
	}
}
