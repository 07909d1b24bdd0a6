package huntress

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// IncidentReport is one incident report (schema IncidentReport): what
// Huntress's SOC sent to the partner, and what the PSA integration turns
// into a ticket whose summary is Subject.
type IncidentReport struct {
	ID              int64    `json:"id"`
	AccountID       int64    `json:"account_id"`
	AgentID         int64    `json:"agent_id"`
	OrganizationID  int64    `json:"organization_id"`
	Subject         string   `json:"subject"` // "HIGH - Incident on DESKTOP-ARL0EQ1 (Infinite Improbability)"
	Summary         string   `json:"summary"`
	Severity        string   `json:"severity"` // low, high, critical
	Status          string   `json:"status"`   // sent, closed, dismissed, ...
	Platform        string   `json:"platform"`
	IndicatorTypes  []string `json:"indicator_types"`
	SentAt          string   `json:"sent_at"`   // null while not sent
	ClosedAt        string   `json:"closed_at"` // null while not closed
	StatusUpdatedAt string   `json:"status_updated_at"`
	UpdatedAt       string   `json:"updated_at"`
}

// Sent is when the report went out; ok is false while it has not.
func (r IncidentReport) Sent() (time.Time, bool) { return ParseTime(r.SentAt) }

// Closed is when Huntress closed the report; ok is false while it is not
// closed.
func (r IncidentReport) Closed() (time.Time, bool) {
	if !strings.EqualFold(r.Status, "closed") {
		return time.Time{}, false
	}
	if t, ok := ParseTime(r.ClosedAt); ok {
		return t, true
	}
	return ParseTime(r.StatusUpdatedAt)
}

// PlatformAction is one platform action (schema PlatformAction): an
// operational problem Huntress asks the partner to fix, such as "unable to
// send incident reports to your PSA".
type PlatformAction struct {
	ID            int64   `json:"id"`
	Subject       string  `json:"subject"`
	Type          string  `json:"type"`
	Subtype       string  `json:"subtype"`
	Severity      string  `json:"severity"`
	Status        string  `json:"status"` // open, sent, resolved
	Organizations OrgRefs `json:"organizations"`
	CreatedAt     string  `json:"created_at"`
	ResolvedAt    string  `json:"resolved_at"`
	UpdatedAt     string  `json:"updated_at"`
	// Description is not in the OpenAPI document's model; it is read when
	// Huntress sends one, since the text of an action is what tells what it
	// is about.
	Description string `json:"description"`
}

// Link is where the action is read in Huntress's API
// (GET /v1/platform_actions/{id} on the real API): Huntress documents no
// portal address for it.
func (a PlatformAction) Link() string {
	return DefaultBaseURL + "/v1/platform_actions/" + strconv.FormatInt(a.ID, 10)
}

// OrgRefs are the organizations an action is about. The document declares
// strings and shows objects ({"id":1234,"name":"ExampleCo"}); both are read.
type OrgRefs []OrgRef

// OrgRef names one organization.
type OrgRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (o *OrgRefs) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*o = (*o)[:0]
	for _, r := range raw {
		var ref OrgRef
		if json.Unmarshal(r, &ref) != nil {
			if json.Unmarshal(r, &ref.Name) != nil {
				continue // neither shape: skipped, not fatal to the page
			}
		}
		*o = append(*o, ref)
	}
	return nil
}

// IncidentReportQuery selects the incident reports to list.
type IncidentReportQuery struct {
	// UpdatedSince ends the list: reports come newest first by updated_at,
	// and a report sent at or after UpdatedSince was updated then too, so
	// the paging stops at the first page that reaches back before it.
	UpdatedSince time.Time
	// MaxPages bounds the pages of 500 read (default 10).
	MaxPages int
}

// IncidentReportList is the reports listed, newest first, and whether
// MaxPages cut the list before it reached UpdatedSince.
type IncidentReportList struct {
	Reports   []IncidentReport
	Truncated bool
}

// IncidentReports lists the account's incident reports, newest first by
// updated_at (GET /v1/incident_reports, 500 at a time), back to
// q.UpdatedSince.
func (c *Client) IncidentReports(ctx context.Context, q IncidentReportQuery) (IncidentReportList, error) {
	query := url.Values{"sort_field": {"updated_at"}, "sort_direction": {"desc"}}
	reports, rest, err := listPages(ctx, c, "/v1/incident_reports", "incident_reports", query, pagesOr(q.MaxPages),
		keyed[IncidentReport]("incident_reports"), func(page []IncidentReport) bool {
			return len(page) > 0 && updatedBefore(page[len(page)-1], q.UpdatedSince)
		})
	return IncidentReportList{Reports: reports, Truncated: rest != nil}, err
}

// PlatformActions lists the account's platform actions in one status
// (open, overdue or resolved), newest first (GET /v1/platform_actions).
func (c *Client) PlatformActions(ctx context.Context, status string) ([]PlatformAction, error) {
	query := url.Values{"status": {status}, "sort_field": {"created_at"}, "sort_direction": {"desc"}}
	actions, _, err := listPages(ctx, c, "/v1/platform_actions", "platform_actions", query, pagesOr(0),
		keyed[PlatformAction]("platform_actions"), func([]PlatformAction) bool { return false })
	return actions, err
}

func pagesOr(n int) int {
	if n <= 0 {
		return 10
	}
	return n
}

func updatedBefore(r IncidentReport, since time.Time) bool {
	t, ok := ParseTime(r.UpdatedAt)
	return ok && !since.IsZero() && t.Before(since)
}

// ParseTime reads an ISO-8601 timestamp as Huntress writes it; ok is false
// for null, empty or unreadable ones.
func ParseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
