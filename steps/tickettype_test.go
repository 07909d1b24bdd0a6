package steps

import (
	"slices"
	"testing"

	"halowiz/halo"
)

func field(label, faults string, mandatory bool, def string) halo.TicketTypeField {
	return halo.TicketTypeField{FieldInfo: &halo.FieldInfo{Label: label, FaultsFieldName: faults, Mandatory: &mandatory, DefaultValue: def}}
}

func TestBlockingFields(t *testing.T) {
	impact := 2
	cases := []struct {
		name string
		tt   halo.TicketType
		want []string
	}{
		{"no fields", halo.TicketType{}, nil},
		{"the article's three", halo.TicketType{Fields: []halo.TicketTypeField{
			field("Category", "category_1", true, ""), field("Impact", "impact", true, ""), field("Urgency", "urgency", true, ""),
		}}, []string{"Category", "Impact", "Urgency"}},
		{"a field default", halo.TicketType{Fields: []halo.TicketTypeField{field("Urgency", "urgency", true, "3")}}, nil},
		{"type-level defaults", halo.TicketType{DefaultCategory1: "Security", DefaultImpact: &impact, Fields: []halo.TicketTypeField{
			field("Category", "category_1", true, ""), field("Impact", "impact", true, ""),
		}}, nil},
		{"fields Huntress sends", halo.TicketType{Fields: []halo.TicketTypeField{
			field("Summary", "summary", true, ""), field("Details", "details", true, ""), field("Client", "client_id", true, ""),
		}}, nil},
		{"optional fields", halo.TicketType{Fields: []halo.TicketTypeField{field("Category", "category_1", false, "")}}, nil},
		{"unlabelled custom field", halo.TicketType{Fields: []halo.TicketTypeField{
			{FieldID: 77, FieldInfo: &halo.FieldInfo{Mandatory: ptr(true)}},
		}}, []string{"field 77"}},
		{"named by fieldname", halo.TicketType{Fields: []halo.TicketTypeField{
			{FieldName: "CFApprover", FieldInfo: &halo.FieldInfo{Mandatory: ptr(true)}},
		}}, []string{"CFApprover"}},
	}
	for _, c := range cases {
		if got := blockingFields(c.tt); !slices.Equal(got, c.want) {
			t.Errorf("%s: blockingFields = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRankPutsSafeTypesFirst(t *testing.T) {
	opts := []TicketTypeOption{
		{ID: 1, Name: "Problem", Blocking: []string{"Category"}},
		{ID: 2, Name: "Unknown one", Unknown: true},
		{ID: 3, Name: "Incident"},
		{ID: 4, Name: "Alert"},
	}
	rankTicketTypes(opts)
	var names []string
	for _, o := range opts {
		names = append(names, o.Name)
	}
	if want := []string{"Alert", "Incident", "Unknown one", "Problem"}; !slices.Equal(names, want) {
		t.Errorf("ranked %v, want %v", names, want)
	}
}

func TestFindByIDOrName(t *testing.T) {
	types := []halo.TicketType{{ID: 1, Name: "Incident"}, {ID: 2, Name: "Service Request"}, {ID: 31, Name: "Huntress Alert"}}
	id := func(t halo.TicketType) int { return t.ID }
	name := func(t halo.TicketType) string { return t.Name }
	for _, c := range []struct {
		want  string
		found int
		near  []string
	}{
		{"1", 1, nil},
		{"incident", 1, nil},
		{" Huntress Alert ", 31, nil},
		{"31", 31, nil},
		{"Incidnet", 0, []string{"Incident"}},
		{"Alert", 0, []string{"Huntress Alert"}},
		{"99", 0, nil},
	} {
		got, near := findByIDOrName(types, c.want, id, name)
		gotID := 0
		if got != nil {
			gotID = got.ID
		}
		if gotID != c.found || !slices.Equal(near, c.near) {
			t.Errorf("findByIDOrName(%q) = %d %v, want %d %v", c.want, gotID, near, c.found, c.near)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestVerdicts(t *testing.T) {
	cases := []struct {
		got  func() (Severity, string)
		sev  Severity
		note string
	}{
		{TicketTypeOption{Blocking: []string{"Category", "Impact"}}.Verdict, Fail, "needs Category, Impact: Halo refuses it"},
		{TicketTypeOption{Unknown: true}.Verdict, Warn, "fields unknown: the test ticket proves it"},
		{TicketTypeOption{Refused: true}.Verdict, Fail, "Halo refused the test ticket for a mandatory field"},
		{TicketTypeOption{}.Verdict, Pass, "accepted as it is"},
		{StatusOption{Closed: true}.Verdict, Pass, "closed"},
		{StatusOption{}.Verdict, Info, "open: the ticket stays open until something closes it"},
	}
	for _, c := range cases {
		if sev, note := c.got(); sev != c.sev || note != c.note {
			t.Errorf("verdict = %s %q, want %s %q", sev, note, c.sev, c.note)
		}
	}
}
