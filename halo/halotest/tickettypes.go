package halotest

import (
	"net/http"
	"strconv"
)

// ticketType is a Halo ticket type (schema RequestType) with its field list,
// which is what decides whether a ticket sent over the API is accepted.
type ticketType struct {
	id, sequence    int
	name            string
	defaultTeam     string
	defaultCategory string
	defaultImpact   int // 0: none
	defaultPriority int
	fields          []field
}

// field is one entry of a ticket type's field list (RequestTypeField with
// its FieldInfo). faultsField is the ticket property it fills.
type field struct {
	id          int
	name, label string
	faultsField string
	mandatory   bool // FieldInfo.mandatory: the field's global flag
	// perType makes the field mandatory on this ticket type alone, as
	// RequestTypeField.technew does in Halo (its codes are undocumented):
	// fieldinfo still says not mandatory.
	perType      bool
	defaultValue string
	// refusal is Halo's own text when the field is missing, where it has
	// one; otherwise the answer says "<label> is mandatory".
	refusal string
}

var (
	fieldSummary  = field{id: 1, name: "summary", label: "Summary", faultsField: "summary"}
	fieldDetails  = field{id: 2, name: "details", label: "Details", faultsField: "details"}
	fieldCategory = field{id: 3, name: "category1", label: "Category", faultsField: "category_1"}
	fieldImpact   = field{id: 4, name: "impact", label: "Impact", faultsField: "impact"}
	fieldUrgency  = field{id: 5, name: "urgency", label: "Urgency", faultsField: "urgency"}
	// The CAB refusal is the text n8n met when creating such tickets.
	fieldCAB = field{id: 6, name: "cab", label: "CAB", faultsField: "new_approvalprocess_cab_id",
		refusal: "CODE:APP03/2 Please select the CAB members to approve"}
)

// mandatory returns f made mandatory with default value def ("" for none).
func mandatory(f field, def string) field {
	f.mandatory, f.defaultValue = true, def
	return f
}

// technewMandatory is the technew code this tenant uses for "mandatory on
// this type". Halo's codes are not documented; halowiz only shows them.
const technewMandatory = 2

// perTypeMandatory returns f made mandatory by the ticket type alone.
func perTypeMandatory(f field) field {
	f.perType = true
	return f
}

// required reports whether a ticket of this type needs the field.
func (f field) required() bool { return f.mandatory || f.perType }

// defaultTicketTypeID is the type a ticket gets when the request names none.
const defaultTicketTypeID = 1

func buildTicketTypes(sc Scenario) []ticketType {
	incident := []field{fieldSummary, fieldDetails, fieldCategory, fieldImpact, fieldUrgency}
	switch {
	case sc.IncidentMandatory:
		incident = []field{fieldSummary, fieldDetails,
			mandatory(fieldCategory, ""), mandatory(fieldImpact, ""), mandatory(fieldUrgency, "")}
	case sc.IncidentMandatoryPerType:
		incident = []field{fieldSummary, fieldDetails,
			perTypeMandatory(fieldCategory), perTypeMandatory(fieldImpact), perTypeMandatory(fieldUrgency)}
	}
	list := []ticketType{
		{id: 1, sequence: 1, name: "Incident", defaultPriority: 3, fields: incident},
		{id: 2, sequence: 2, name: "Service Request", defaultPriority: 4,
			defaultCategory: "Service Request>General",
			fields:          []field{fieldSummary, fieldDetails, mandatory(fieldCategory, "Service Request>General")}},
		{id: 3, sequence: 3, name: "Problem", defaultPriority: 3,
			fields: []field{fieldSummary, fieldDetails, mandatory(fieldCategory, ""), fieldImpact, fieldUrgency}},
		{id: 4, sequence: 4, name: "Change Request", defaultPriority: 4,
			fields: []field{fieldSummary, fieldDetails, fieldCategory, mandatory(fieldCAB, "")}},
		{id: 5, sequence: 5, name: "Huntress Alert", defaultPriority: 2,
			defaultCategory: "Security>EDR Alert", defaultImpact: 2,
			fields: []field{fieldSummary, fieldDetails, mandatory(fieldCategory, "Security>EDR Alert"),
				mandatory(fieldImpact, "2"), mandatory(fieldUrgency, "1")}},
	}
	for i := range list {
		list[i].defaultTeam = teams[0].name
		if sc.TicketTeam != "" {
			list[i].defaultTeam = sc.TicketTeam
		}
	}
	return list
}

func (tt ticketType) hasMandatory() bool {
	for _, f := range tt.fields {
		if f.required() {
			return true
		}
	}
	return false
}

// ticketTypeJSON is the schema RequestType. Fields are listed only when the
// request asks for details, as Halo does.
type ticketTypeJSON struct {
	ID                     int         `json:"id"`
	Name                   string      `json:"name"`
	Sequence               int         `json:"sequence"`
	Visible                bool        `json:"visible"`
	AgentsCanSelect        bool        `json:"agentscanselect"`
	EndUsersCanSelect      bool        `json:"enduserscanselect"`
	CanCreate              bool        `json:"cancreate"`
	InitialStatus          int         `json:"initial_status"`
	DefaultTeam            string      `json:"default_team"`
	DefaultPriority        int         `json:"default_priority"`
	DefaultCategory1       string      `json:"default_category_1,omitempty"`
	DefaultImpact          *int        `json:"default_impact,omitempty"`
	HasMandatoryTechFields bool        `json:"hasmandatorytechfields"`
	HasMandatoryUserFields bool        `json:"hasmandatoryuserfields"`
	AllowAllTeam           bool        `json:"allowall_team"`
	Fields                 []fieldJSON `json:"fields,omitempty"`
}

// ticketTypeListJSON is the schema RequestType_List, the shorter shape of
// the list.
type ticketTypeListJSON struct {
	ID                     int    `json:"id"`
	Name                   string `json:"name"`
	Sequence               int    `json:"sequence"`
	AgentsCanSelect        bool   `json:"agentscanselect"`
	EndUsersCanSelect      bool   `json:"enduserscanselect"`
	CanCreate              bool   `json:"cancreate"`
	HasMandatoryTechFields bool   `json:"hasmandatorytechfields"`
	HasMandatoryUserFields bool   `json:"hasmandatoryuserfields"`
	DefaultTeam            string `json:"default_team"`
	DefaultPriority        int    `json:"default_priority"`
}

// fieldJSON is the schema RequestTypeField.
type fieldJSON struct {
	ID        int           `json:"id"`
	RTID      int           `json:"rtid"`
	FieldID   int           `json:"fieldid"`
	FieldName string        `json:"fieldname"`
	Seq       int           `json:"seq"`
	TechNew   int           `json:"technew"`
	FieldInfo fieldInfoJSON `json:"fieldinfo"`
}

// fieldInfoJSON is the schema FieldInfo.
type fieldInfoJSON struct {
	ID              int    `json:"id"`
	Name            string `json:"name"`
	Label           string `json:"label"`
	Mandatory       bool   `json:"mandatory"`
	DefaultValue    string `json:"defaultvalue"`
	FaultsFieldName string `json:"faults_field_name"`
}

func (tt ticketType) wire(details bool) ticketTypeJSON {
	j := ticketTypeJSON{
		ID: tt.id, Name: tt.name, Sequence: tt.sequence, Visible: true,
		AgentsCanSelect: true, EndUsersCanSelect: true, CanCreate: true,
		InitialStatus: statusNew, DefaultTeam: tt.defaultTeam, DefaultPriority: tt.defaultPriority,
		DefaultCategory1: tt.defaultCategory, HasMandatoryTechFields: tt.hasMandatory(), AllowAllTeam: true,
	}
	if tt.defaultImpact != 0 {
		j.DefaultImpact = &tt.defaultImpact
	}
	if !details {
		return j
	}
	for i, f := range tt.fields {
		technew := 1 // shown to agents creating a ticket
		if f.perType {
			technew = technewMandatory
		}
		j.Fields = append(j.Fields, fieldJSON{
			ID: tt.id*100 + f.id, RTID: tt.id, FieldID: f.id, FieldName: f.name, Seq: i + 1, TechNew: technew,
			FieldInfo: fieldInfoJSON{ID: f.id, Name: f.name, Label: f.label, Mandatory: f.mandatory,
				DefaultValue: f.defaultValue, FaultsFieldName: f.faultsField},
		})
	}
	return j
}

func (tt ticketType) listWire() ticketTypeListJSON {
	return ticketTypeListJSON{
		ID: tt.id, Name: tt.name, Sequence: tt.sequence, AgentsCanSelect: true, EndUsersCanSelect: true,
		CanCreate: true, HasMandatoryTechFields: tt.hasMandatory(),
		DefaultTeam: tt.defaultTeam, DefaultPriority: tt.defaultPriority,
	}
}

// defaultFor is the value a missing field takes from the ticket type, and
// whether it has one.
func (tt ticketType) defaultFor(faultsField string) (string, bool) {
	for _, f := range tt.fields {
		if f.faultsField == faultsField && f.defaultValue != "" {
			return f.defaultValue, true
		}
	}
	switch {
	case faultsField == fieldCategory.faultsField && tt.defaultCategory != "":
		return tt.defaultCategory, true
	case faultsField == fieldImpact.faultsField && tt.defaultImpact != 0:
		return strconv.Itoa(tt.defaultImpact), true
	}
	return "", false
}

// GET /api/TicketType: a plain array.
func (t *Tenant) listTicketTypes(w http.ResponseWriter, _ *http.Request) {
	list := make([]ticketTypeListJSON, 0, len(t.data.ticketTypes))
	for _, tt := range t.data.ticketTypes {
		list = append(list, tt.listWire())
	}
	writeJSON(w, http.StatusOK, list)
}

// GET /api/TicketType/{id}[?includedetails=true]
func (t *Tenant) getTicketType(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	tt, found := t.data.ticketType(id)
	if !ok || !found {
		writeText(w, http.StatusNotFound, "Ticket Type not found")
		return
	}
	writeJSON(w, http.StatusOK, tt.wire(boolParam(query(r), "includedetails")))
}
