package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The demo's folder goes on exit unless it holds a report or an export,
// and only then is it mentioned.
func TestDemoFolderIsKeptOnlyForAReportOrAnExport(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		kept  bool
		say   string
	}{
		{"nothing written", nil, false, ""},
		{"only the simulated settings", []string{"config.json", "config.json.bak", ".config.json.tmp-1"}, false, ""},
		{"a report", []string{"config.json", "halowiz-report-20261127-093000.md"}, true,
			"The demo wrote halowiz-report-20261127-093000.md to "},
		{"a report and a CSV", []string{"config.json", "halowiz-organizations-20261127-093100.csv", "halowiz-report-20261127-093000.md"}, true,
			"The demo wrote halowiz-organizations-20261127-093100.csv and halowiz-report-20261127-093000.md to "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, out, errOut := testApp(t, nil)
			dir, err := os.MkdirTemp(t.TempDir(), "halowiz-demo-")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			a.closeDemoFolder(dir)
			_, statErr := os.Stat(dir)
			if kept := !errors.Is(statErr, os.ErrNotExist); kept != tt.kept {
				t.Errorf("folder kept: %v, want %v", kept, tt.kept)
			}
			if tt.say == "" && errOut.Len() > 0 || !strings.Contains(errOut.String(), tt.say) {
				t.Errorf("stderr %q, want %q", errOut, tt.say)
			}
			if tt.kept && !strings.Contains(errOut.String(), dir) {
				t.Errorf("stderr does not name the folder: %q", errOut)
			}
			if out.Len() > 0 {
				t.Errorf("stdout %q", out)
			}
		})
	}
}
