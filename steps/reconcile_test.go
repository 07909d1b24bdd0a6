package steps

import (
	"slices"
	"strings"
	"testing"
)

func TestMandatoryNamesReadsEveryShapeOfHalosRefusal(t *testing.T) {
	for _, tt := range []struct {
		messages []string
		want     []string
	}{
		{[]string{"Category is mandatory", "Impact is mandatory", "Urgency is mandatory"}, []string{"Category", "Impact", "Urgency"}},
		{[]string{"[0].field1: Category is mandatory"}, []string{"Category"}},
		{[]string{"Please select a valid Client/Site/User"}, nil},
		{[]string{"Custom Field 12 IS MANDATORY"}, []string{"Custom Field 12"}},
	} {
		if got := mandatoryNames(tt.messages); !slices.Equal(got, tt.want) {
			t.Errorf("mandatoryNames(%q) = %q, want %q", tt.messages, got, tt.want)
		}
	}
}

func TestATicketHaloRefusedOutranksThePrediction(t *testing.T) {
	chosen := TicketTypeOption{ID: 1, Name: "Incident"}
	f := Facts{TicketType: &chosen, TicketTypes: []TicketTypeOption{chosen, {ID: 5, Name: "Huntress Alert"}},
		TestTicket: &TestTicket{Sent: true, Mandatory: []string{"Category", "Impact"}}}
	results := map[ID]Result{
		Mapping: {Status: StatusPass, Findings: []Finding{{ID: "mapping.ticket-type", Severity: Pass, Evidence: "GET /api/TicketType/1"}}},
		Ticket:  {Status: StatusFail, Findings: []Finding{{ID: "ticket.mandatory-fields", Severity: Fail}}},
	}
	reconcile(results, &f)
	m := results[Mapping]
	if m.Status != StatusFail || m.Findings[0].ID != "mapping.mandatory-fields" {
		t.Fatalf("mapping %s %+v, want the prediction turned into mapping.mandatory-fields", m.Status, m.Findings)
	}
	if !f.TicketType.Refused || f.TicketType.Safe() || !slices.Equal(f.TicketType.Blocking, []string{"Category", "Impact"}) || !f.TicketTypes[0].Refused {
		t.Errorf("facts not marked: %+v / %+v", f.TicketType, f.TicketTypes)
	}
}

func TestATicketHaloAcceptedDisprovesAFailingPrediction(t *testing.T) {
	chosen := TicketTypeOption{ID: 1, Name: "Incident", Blocking: []string{"Category"}}
	f := Facts{TicketType: &chosen, TestTicket: &TestTicket{Sent: true, ID: 9, Created: true}}
	results := map[ID]Result{
		Mapping: {Status: StatusFail, Findings: []Finding{{ID: "mapping.mandatory-fields", Severity: Fail}}},
		Ticket:  {Status: StatusPass, Findings: []Finding{{ID: "ticket.created", Severity: Pass}}},
	}
	reconcile(results, &f)
	if m := results[Mapping]; m.Status != StatusPass || m.Findings[0].ID != "mapping.ticket-type" {
		t.Errorf("mapping %s %+v, want the accepted ticket to settle it", m.Status, m.Findings)
	}
}

func TestWithoutATestTicketThePredictionStands(t *testing.T) {
	chosen := TicketTypeOption{ID: 1, Name: "Incident"}
	f := Facts{TicketType: &chosen}
	results := map[ID]Result{Mapping: {Status: StatusPass, Findings: []Finding{{ID: "mapping.ticket-type", Severity: Pass}}}}
	reconcile(results, &f)
	if results[Mapping].Findings[0].ID != "mapping.ticket-type" {
		t.Error("the prediction changed without a ticket")
	}
}

func TestATicketHaloAcceptedSaysThePredictionWasProven(t *testing.T) {
	chosen := TicketTypeOption{ID: 1, Name: "Incident"}
	f := Facts{TicketType: &chosen, TestTicket: &TestTicket{Sent: true, ID: 9, Created: true}}
	results := map[ID]Result{
		Mapping: {Status: StatusPass, Findings: []Finding{{ID: "mapping.ticket-type", Severity: Pass, Message: "a prediction"}}},
		Ticket:  {Status: StatusPass, Findings: []Finding{{ID: "ticket.created", Severity: Pass}}},
	}
	reconcile(results, &f)
	if m := results[Mapping].Findings[0].Message; !strings.Contains(m, "the test ticket proved it") {
		t.Errorf("mapping.ticket-type says %q, want it proven by ticket 9", m)
	}
}
