package orgmap

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"halowiz/halo"
	"halowiz/huntress"
	"halowiz/huntress/huntresstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestWriteCSVGolden(t *testing.T) {
	orgs := append(huntresstest.DefaultOrganizations(), org(201, "Contoso"), org(202, "Ghost Co"))
	clients := append(slices.Clone(demoClients), client(9, "Contoso Limited"))
	results := Match(orgs, clients, []Mapping{{OrgID: 202, ClientID: 404}})
	var buf bytes.Buffer
	if err := WriteCSV(&buf, results); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "matches.csv")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(want) {
		t.Errorf("CSV differs from %s (go test ./orgmap -update to accept):\n%s", golden, buf.String())
	}
}

func TestWriteCSVDefusesFormulas(t *testing.T) {
	results := []Result{{
		Org:        huntress.Organization{ID: 1, Name: `=HYPERLINK("http://evil.example","x")`},
		Kind:       NearMiss,
		Candidates: []halo.Customer{{ID: 2, Name: "+SUM(A1:A9), \"quoted\""}},
		Reason:     "-1 or @cmd",
	}, {
		Org:    huntress.Organization{ID: 3, Name: "\tTabbed, Inc."},
		Reason: "safe reason",
	}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, results); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatalf("the output is not valid CSV: %v\n%s", err, buf.String())
	}
	want := [][]string{
		csvHeader,
		{"1", `'=HYPERLINK("http://evil.example","x")`, "near-miss", "2", "'+SUM(A1:A9), \"quoted\"", "'-1 or @cmd"},
		{"3", `\tTabbed, Inc.`, "none", "", "", "safe reason"}, // the tab shown, not kept
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q\nwant     %q", i, rows[i], want[i])
		}
	}
}
