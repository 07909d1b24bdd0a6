package halo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The types below mirror the component schemas of Halo's published OpenAPI
// document (shared/reference/halo-openapi-2024.json). Only the fields the
// checks need are declared. Where the notes mark a field's meaning or shape as
// inferred, the field is a pointer (nil means "Halo did not say") or a
// tolerant type, so that an unexpected answer is reported, not misread.

// AuthInfo is the unauthenticated discovery answer of GET /api/authinfo.
// Huntress never reads it; halowiz reports it only as a cross-check.
type AuthInfo struct {
	AuthURL  string     `json:"auth_url"`
	TenantID FlexString `json:"tenant_id"`
	Source   string     `json:"-"` // which document answered, for the evidence
}

// Agent is the schema Uname: the agent behind the access token.
type Agent struct {
	ID          int                    `json:"id"`
	Name        string                 `json:"name"`
	Email       string                 `json:"email"`
	IsAPIAgent  *bool                  `json:"isapiagent"`
	IsDisabled  *bool                  `json:"isdisabled"`
	IsAdmin     *bool                  `json:"is_admin"`
	Team        string                 `json:"team"` // default team name
	Teams       []TeamMembership       `json:"teams"`
	Departments []DepartmentMembership `json:"departments"`
}

// identified rejects an agent record that does not say who the agent is.
func (a Agent) identified() error {
	if a.ID < 1 {
		return errors.New("the agent record has no id")
	}
	return nil
}

// TeamMembership is the schema UnameSection: one team the agent belongs to.
type TeamMembership struct {
	TeamID           int    `json:"team_id"`
	TeamName         string `json:"team_name"`
	DepartmentID     int    `json:"department_id"`
	UnassignedAccess *bool  `json:"unassigned_access"` // "Can see unassigned Tickets for this Team"
	OtherAgentAccess *bool  `json:"otheragent_access"` // "Can see Tickets assigned to other Agents in this Team"
	ForTickets       *bool  `json:"fortickets"`
}

// DepartmentMembership is the schema UnameDepartment.
type DepartmentMembership struct {
	DepartmentID    int    `json:"department_id"`
	DepartmentName  string `json:"department_name"`
	MembershipLevel *int   `json:"membershiplevel"` // the mapping to "View All" is not documented
}

// TicketType is the schema RequestType.
type TicketType struct {
	ID                     int               `json:"id"`
	Name                   string            `json:"name"`
	Visible                *bool             `json:"visible"`
	AgentsCanSelect        *bool             `json:"agentscanselect"`
	DefaultCategory1       string            `json:"default_category_1"`
	DefaultCategory2       string            `json:"default_category_2"`
	DefaultCategory3       string            `json:"default_category_3"`
	DefaultCategory4       string            `json:"default_category_4"`
	DefaultImpact          *int              `json:"default_impact"`
	DefaultPriority        *int              `json:"default_priority"`
	DefaultTeam            string            `json:"default_team"`
	HasMandatoryTechFields *bool             `json:"hasmandatorytechfields"`
	Fields                 []TicketTypeField `json:"fields"` // only with includedetails=true
}

// TicketTypeField is the schema RequestTypeField.
type TicketTypeField struct {
	ID        int        `json:"id"`
	FieldID   int        `json:"fieldid"`
	FieldName string     `json:"fieldname"`
	TechNew   *int       `json:"technew"`
	FieldInfo *FieldInfo `json:"fieldinfo"`
}

// FieldInfo is the schema FieldInfo.
type FieldInfo struct {
	ID              int    `json:"id"`
	Name            string `json:"name"`
	Label           string `json:"label"`
	Mandatory       *bool  `json:"mandatory"`
	DefaultValue    string `json:"defaultvalue"`
	FaultsFieldName string `json:"faults_field_name"`
}

// Status is the schema TStatus. Halo sends no closed flag: Type is the kind
// of record the status belongs to (0 for tickets), not whether it is open or
// closed. Which statuses close a ticket is asked of Halo itself (see
// Client.OpenStatuses), and a ticket is proven closed only by reading it
// back (Ticket.IsClosed).
type Status struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	ShortName string `json:"shortname"`
	Type      *int   `json:"type"`
	Sequence  *int   `json:"sequence"`
}

// BuiltinClosedStatusID is Halo's built-in Closed status. Inferred: it is
// the status to fall back on only where Halo's excludeclosed filter is
// ignored.
const BuiltinClosedStatusID = 9

// Customer is a Halo client (the company an MSP works for; schema Area).
// halowiz calls it Customer in code so that "Client" can mean the API client.
type Customer struct {
	ID           int    `json:"id"`
	Name         string `json:"name"`
	Inactive     *bool  `json:"inactive"`
	TopLevelID   *int   `json:"toplevel_id"`
	TopLevelName string `json:"toplevel_name"`
	MainSiteID   *int   `json:"main_site_id"`
}

// Active reports whether the client is usable for new tickets.
func (c Customer) Active() bool { return c.Inactive == nil || !*c.Inactive }

// Ticket is the schema Faults as it comes back from Halo.
type Ticket struct {
	ID            int    `json:"id"`
	Summary       string `json:"summary"`
	Details       string `json:"details"`
	TicketTypeID  int    `json:"tickettype_id"`
	ClientID      int    `json:"client_id"`
	ClientName    string `json:"client_name"`
	SiteID        int    `json:"site_id"`
	UserID        int    `json:"user_id"`
	StatusID      int    `json:"status_id"`
	HasBeenClosed *bool  `json:"hasbeenclosed"`
	DateClosed    string `json:"dateclosed"`
	DateCreated   string `json:"datecreated"`
	DateOccurred  string `json:"dateoccurred"` // "Date Opened" in Halo's screens
}

// Opened is when the ticket was logged: datecreated, else dateoccurred. ok
// is false when Halo gave neither as a readable date. zoned says whether
// the date carried its zone (Z or an offset): one without is read as UTC,
// but a tenant may write it in its own time zone, up to 14 hours off.
func (t Ticket) Opened() (when time.Time, zoned, ok bool) {
	for _, s := range []string{t.DateCreated, t.DateOccurred} {
		if when, zoned, ok = parseTime(s); ok {
			return when, zoned, true
		}
	}
	return time.Time{}, false, false
}

// haloDateTime is how halowiz writes a date Halo reads: no zone, in UTC.
const haloDateTime = "2006-01-02T15:04:05"

// ParseTime reads a date as Halo writes it: RFC 3339, or without a zone
// (read as UTC), with or without fractions of a second. Halo's empty dates
// (0001-01-01, 1900-01-01) are not dates.
func ParseTime(s string) (time.Time, bool) {
	t, _, ok := parseTime(s)
	return t, ok
}

// parseTime is ParseTime, and whether the date carried its zone.
func parseTime(s string) (t time.Time, zoned, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0001-01-01") || strings.HasPrefix(s, "1900-01-01") {
		return time.Time{}, false, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true, true
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), false, true
		}
	}
	return time.Time{}, false, false
}

// SaysIfClosed reports whether the record carries Halo's own word on its
// closure, hasbeenclosed or dateclosed (a placeholder date included, which
// says it is not closed); a list whose columns leave both out does not.
func (t Ticket) SaysIfClosed() bool {
	return t.HasBeenClosed != nil || strings.TrimSpace(t.DateClosed) != ""
}

// IsClosed reports whether Halo says the ticket is closed: hasbeenclosed,
// or a closing date. A status id alone proves nothing.
func (t Ticket) IsClosed() bool {
	if t.HasBeenClosed != nil {
		return *t.HasBeenClosed
	}
	d := strings.TrimSpace(t.DateClosed)
	return d != "" && !strings.HasPrefix(d, "0001-01-01") && !strings.HasPrefix(d, "1900-01-01")
}

// NewTicket is the body element of POST /api/Tickets that creates a ticket,
// shaped like the integration's own request.
type NewTicket struct {
	Summary      string `json:"summary"`
	Details      string `json:"details"`
	TicketTypeID int    `json:"tickettype_id"`
	ClientID     int    `json:"client_id"`
	SiteID       int    `json:"site_id,omitempty"`
	UserID       int    `json:"user_id,omitempty"`
}

// TicketStatusUpdate is the body element of POST /api/Tickets that changes an
// existing ticket's status, the way the integration resolves an incident.
type TicketStatusUpdate struct {
	ID       int `json:"id"`
	StatusID int `json:"status_id"`
}

// TicketList is the wrapped answer of GET /api/Tickets.
type TicketList struct {
	RecordCount int      `json:"record_count"`
	Tickets     []Ticket `json:"tickets"`
}

// InstanceInfo is the answer of GET /api/InstanceInfo.
type InstanceInfo struct {
	AppVersion string `json:"app_version"`
	AppName    string `json:"app_name"`
	AgentURL   string `json:"agent_url"`
	PortalURL  string `json:"portal_url"`
	AuthURL    string `json:"auth_url"`
}

// FlexInt decodes an integer that Halo may send as a whole-valued double, a
// numeric string or null (the schema declares some ids as doubles).
type FlexInt int

// UnmarshalJSON implements json.Unmarshaler.
func (n *FlexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) || len(b) == 0 {
		*n = 0
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			*n = 0
			return nil
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return fmt.Errorf("not a whole number: %.40q", s)
	}
	*n = FlexInt(f)
	return nil
}

// FlexString decodes a value Halo may send as a string or a number.
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = FlexString(v)
	default:
		var v json.Number
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("not a string or number: %.40q", b)
		}
		*s = FlexString(v.String())
	}
	return nil
}
