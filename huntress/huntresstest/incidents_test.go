package huntresstest_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"halowiz/huntress/huntresstest"
)

// Huntress's own API document, a gzipped copy of the shared reference
// (CI has only this repository).
const specFile = "testdata/huntress-openapi.json.gz"

type swagger struct {
	Definitions map[string]definition `json:"definitions"`
}

type definition struct {
	Properties map[string]property `json:"properties"`
}

type property struct {
	Type        string          `json:"type"`
	Format      string          `json:"format"`
	Description string          `json:"description"`
	Enum        []string        `json:"enum"`
	Items       *property       `json:"items"`
	Example     json.RawMessage `json:"example"`
}

func loadSwagger(t *testing.T) swagger {
	t.Helper()
	gz, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var doc swagger
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// conforms checks one answered object against a definition: every property
// is declared, and its value has the declared JSON type (or, where the
// document contradicts itself, the type its own example shows), a declared
// enum value, and a readable date-time. Null is accepted only where the
// description says the value can be null.
func conforms(def definition, obj map[string]any) error {
	for name, v := range obj {
		p, ok := def.Properties[name]
		if !ok {
			return fmt.Errorf("%q is not a property of the document's model", name)
		}
		if err := p.check(v); err != nil {
			return fmt.Errorf("%q: %w", name, err)
		}
	}
	return nil
}

func (p property) check(v any) error {
	if v == nil {
		if strings.Contains(strings.ToLower(p.Description), "null") {
			return nil
		}
		return fmt.Errorf("null, and the document does not say it can be")
	}
	kind := jsonKind(v)
	want := map[string]string{"integer": "number", "number": "number", "string": "string", "boolean": "bool", "array": "array", "object": "object"}[p.Type]
	if want == "" || kind != want {
		var example any
		if json.Unmarshal(p.Example, &example) != nil || jsonKind(example) != kind {
			return fmt.Errorf("a JSON %s, the document says %s", kind, p.Type)
		}
	}
	if s, ok := v.(string); ok {
		if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
			return fmt.Errorf("%q is not one of %v", s, p.Enum)
		}
		if p.Format == "date-time" {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				return fmt.Errorf("%q is not a date-time", s)
			}
		}
	}
	if items, ok := v.([]any); ok && p.Items != nil {
		for _, it := range items {
			if err := p.Items.check(it); err != nil {
				var example []any
				if json.Unmarshal(p.Example, &example) == nil && len(example) > 0 && jsonKind(example[0]) == jsonKind(it) {
					continue // the example's element shape
				}
				return err
			}
		}
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case float64:
		return "number"
	case string:
		return "string"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}

var now = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

func flowServer(t *testing.T) string {
	_, base := serve(t,
		huntresstest.WithIncidentReports(
			huntresstest.IncidentReport{ID: 5001, OrganizationID: 101, Severity: "high", Host: "DESKTOP-ARL0EQ1", Created: now.Add(-3 * time.Hour), Sent: now.Add(-2 * time.Hour)},
			huntresstest.IncidentReport{ID: 5002, OrganizationID: 102, Severity: "critical", Host: "SRV-FILE01", Status: "closed",
				Created: now.Add(-30 * time.Hour), Sent: now.Add(-29 * time.Hour), Closed: now.Add(-time.Hour)},
			huntresstest.IncidentReport{ID: 5003, OrganizationID: 101, Severity: "low", Host: "LAPTOP-7Q2M", Status: "dismissed", Created: now.Add(-5 * time.Hour)},
		),
		huntresstest.WithPlatformActions(
			huntresstest.PlatformAction{ID: 77, Subject: "Unable to send incident reports to your PSA", Type: "Integration Issue",
				Organizations: []int64{101}, Created: now.Add(-4 * time.Hour)},
			huntresstest.PlatformAction{ID: 78, Subject: "Defender Disabled", Type: "Environmental Issue", Overdue: true, Created: now.Add(-40 * time.Hour)},
			huntresstest.PlatformAction{ID: 79, Subject: "Low disk space", Status: "resolved", Created: now.Add(-80 * time.Hour), Resolved: now.Add(-70 * time.Hour)},
		))
	return base
}

func getList(t *testing.T, url, key string) ([]map[string]any, map[string]any, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.SetBasicAuth(huntresstest.DemoKey, huntresstest.DemoSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]json.RawMessage
	_ = json.NewDecoder(resp.Body).Decode(&body)
	var rows []map[string]any
	var pagination map[string]any
	_ = json.Unmarshal(body[key], &rows)
	_ = json.Unmarshal(body["pagination"], &pagination)
	if resp.StatusCode == http.StatusOK && (body[key] == nil || body["pagination"] == nil) {
		t.Errorf("%s: the answer lacks %q or pagination, which the document requires", url, key)
	}
	return rows, pagination, resp.StatusCode
}

func TestIncidentReportsAndActionsMatchHuntressModels(t *testing.T) {
	doc := loadSwagger(t)
	base := flowServer(t)
	for path, model := range map[string]string{"incident_reports": "IncidentReport", "platform_actions": "PlatformAction"} {
		rows, _, status := getList(t, base+"/v1/"+path+"?limit=500", path)
		if status != http.StatusOK || len(rows) == 0 {
			t.Fatalf("%s: status %d, %d rows", path, status, len(rows))
		}
		for _, row := range rows {
			if err := conforms(doc.Definitions[model], row); err != nil {
				t.Errorf("%s %v: %v", model, row["id"], err)
			}
		}
	}
}

func TestIncidentReportsComeNewestFirstAndFiltered(t *testing.T) {
	base := flowServer(t)
	ids := func(query string) string {
		rows, _, status := getList(t, base+"/v1/incident_reports?"+query, "incident_reports")
		var out []string
		for _, r := range rows {
			out = append(out, fmt.Sprint(r["id"]))
		}
		return fmt.Sprint(status, out)
	}
	cases := map[string]string{
		"":                      "200 [5003 5002 5001]",
		"sort_field=updated_at": "200 [5002 5001 5003]",
		"sort_field=created_at&sort_direction=asc": "200 [5002 5003 5001]",
		"status=closed":                          "200 [5002]",
		"organization_id=101&sort_direction=asc": "200 [5001 5003]",
		"status=open":                            "400 []",
		"sort_field=subject":                     "400 []",
	}
	for query, want := range cases {
		if got := ids(query); got != want {
			t.Errorf("?%s: %s, want %s", query, got, want)
		}
	}
	rows, _, _ := getList(t, base+"/v1/incident_reports?limit=1&sort_field=id&sort_direction=asc", "incident_reports")
	if rows[0]["subject"] != "HIGH - Incident on DESKTOP-ARL0EQ1 (Contoso Ltd)" || rows[0]["closed_at"] != nil {
		t.Errorf("the first report = %v, want Huntress's subject and a null closed_at", rows[0])
	}
}

func TestPlatformActionsSplitOpenOverdueAndResolved(t *testing.T) {
	base := flowServer(t)
	for status, want := range map[string]float64{"open": 77, "overdue": 78, "resolved": 79} {
		rows, _, _ := getList(t, base+"/v1/platform_actions?status="+status, "platform_actions")
		if len(rows) != 1 || rows[0]["id"] != want {
			t.Errorf("status=%s: %v, want only action %v", status, rows, want)
		}
	}
}

func TestIncidentReportPagesKeepTheirFilters(t *testing.T) {
	var reports []huntresstest.IncidentReport
	for i := range 1200 {
		reports = append(reports, huntresstest.IncidentReport{ID: int64(1 + i), OrganizationID: 101, Host: "PC", Created: now, Sent: now.Add(time.Duration(i) * time.Second)})
	}
	_, base := serve(t, huntresstest.WithIncidentReports(reports...))
	rows, p, _ := getList(t, base+"/v1/incident_reports?limit=500&sort_field=updated_at", "incident_reports")
	next, _ := p["next_page_url"].(string)
	if len(rows) != 500 || rows[0]["id"] != 1200.0 || !strings.Contains(next, "sort_field=updated_at") {
		t.Fatalf("first page: %d rows from %v, next %q", len(rows), rows[0]["id"], next)
	}
	rows, _, _ = getList(t, next, "incident_reports")
	if rows[0]["id"] != 700.0 {
		t.Errorf("the second page starts at %v, want 700", rows[0]["id"])
	}
}
