package huntresstest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// The answers of GET /v1/incident_reports and GET /v1/platform_actions, in
// the shapes of the OpenAPI document's IncidentReport and PlatformAction.

type incidentReportJSON struct {
	ID              int64          `json:"id"`
	AccountID       int64          `json:"account_id"`
	AgentID         int64          `json:"agent_id"`
	Body            string         `json:"body"`
	ClosedAt        *string        `json:"closed_at"`
	IndicatorCounts map[string]int `json:"indicator_counts"`
	IndicatorTypes  []string       `json:"indicator_types"`
	OrganizationID  int64          `json:"organization_id"`
	Platform        string         `json:"platform"`
	Remediations    remediations   `json:"remediations"`
	SentAt          *string        `json:"sent_at"`
	Severity        string         `json:"severity"`
	Status          string         `json:"status"`
	StatusUpdatedAt string         `json:"status_updated_at"`
	Subject         string         `json:"subject"`
	Summary         string         `json:"summary"`
	UpdatedAt       string         `json:"updated_at"`
}

type remediations struct {
	TotalCount int   `json:"total_count"`
	HasMore    bool  `json:"has_more"`
	Items      []any `json:"items"`
}

type platformActionJSON struct {
	ID            int64             `json:"id"`
	Account       accountRef        `json:"account"`
	Organizations []organizationRef `json:"organizations"`
	CreatedAt     string            `json:"created_at"`
	ResolvedAt    *string           `json:"resolved_at,omitempty"` // absent while open: the document does not say null
	Severity      string            `json:"severity"`
	Status        string            `json:"status"`
	Subject       string            `json:"subject"`
	Subtype       string            `json:"subtype"`
	Type          string            `json:"type"`
	UpdatedAt     string            `json:"updated_at"`
}

type accountRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// organizationRef is what the document's example shows for an element of
// organizations (its schema says string).
type organizationRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func wireTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func optionalTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := wireTime(t)
	return &s
}

func (s *Server) reportJSON(r IncidentReport) incidentReportJSON {
	status := cmp.Or(r.Status, "sent")
	return incidentReportJSON{
		ID: r.ID, AccountID: DemoAccountID, AgentID: r.AgentID, OrganizationID: r.OrganizationID,
		Body:            "<p>Huntress detected a malicious scheduled task on this host.</p>",
		IndicatorCounts: map[string]int{"footholds": 1}, IndicatorTypes: []string{"footholds"},
		Platform:     cmp.Or(r.Platform, "windows"),
		Remediations: remediations{Items: []any{}},
		SentAt:       optionalTime(r.Sent), ClosedAt: optionalTime(r.Closed),
		Severity: cmp.Or(r.Severity, "high"), Status: status, Subject: s.subject(r),
		Summary:         "Huntress detected a malicious scheduled task on this host. We recommend removing the file and scheduled task listed in the remediation steps below.",
		StatusUpdatedAt: wireTime(maxTime(r.Created, r.Sent, r.Closed)), UpdatedAt: wireTime(r.updated()),
	}
}

func (s *Server) actionJSON(a PlatformAction) platformActionJSON {
	j := platformActionJSON{
		ID: a.ID, Account: accountRef{ID: DemoAccountID, Name: "Demo MSP"}, Organizations: []organizationRef{},
		CreatedAt: wireTime(a.Created), ResolvedAt: optionalTime(a.Resolved),
		Severity: cmp.Or(a.Severity, "high"), Status: cmp.Or(a.Status, "open"),
		Subject: a.Subject, Subtype: a.Subtype, Type: a.Type, UpdatedAt: wireTime(maxTime(a.Created, a.Resolved)),
	}
	for _, id := range a.Organizations {
		j.Organizations = append(j.Organizations, organizationRef{ID: id, Name: s.orgName(id)})
	}
	return j
}

// enumParam reads a filter that must be one of allowed ("" when absent);
// ok is false for any other value, which Huntress answers with 400.
func enumParam(q url.Values, name string, allowed ...string) (string, bool) {
	v := q.Get(name)
	return v, v == "" || slices.Contains(allowed, v)
}

// GET /v1/incident_reports: filtered by status, severity and
// organization_id, sorted by sort_field (id, created_at, updated_at;
// default id) in sort_direction (default desc), in pages.
func (s *Server) incidentReports(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, ok1 := enumParam(q, "status", "sent", "closed", "dismissed", "auto_remediating", "deleting", "partner_dismissed")
	severity, ok2 := enumParam(q, "severity", "low", "high", "critical")
	field, ok3 := enumParam(q, "sort_field", "id", "created_at", "updated_at")
	dir, ok4 := enumParam(q, "sort_direction", "asc", "desc")
	org, ok5 := idParam(q, "organization_id")
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		writeError(w, http.StatusBadRequest, "a filter or sort parameter has a value the API does not accept")
		return
	}
	var list []IncidentReport
	for _, rep := range s.IncidentReports() {
		if (status == "" || cmp.Or(rep.Status, "sent") == status) && (severity == "" || cmp.Or(rep.Severity, "high") == severity) &&
			(org == 0 || rep.OrganizationID == org) {
			list = append(list, rep)
		}
	}
	key := map[string]func(IncidentReport) int64{
		"": func(r IncidentReport) int64 { return r.ID }, "id": func(r IncidentReport) int64 { return r.ID },
		"created_at": func(r IncidentReport) int64 { return r.Created.UnixNano() },
		"updated_at": func(r IncidentReport) int64 { return r.updated().UnixNano() },
	}[field]
	sortBy(list, key, dir != "asc", func(r IncidentReport) int64 { return r.ID })
	rows := make([]incidentReportJSON, len(list))
	for i, rep := range list {
		rows[i] = s.reportJSON(rep)
	}
	writePage(s, w, r, "/v1/incident_reports", "incident_reports", rows)
}

// GET /v1/platform_actions: filtered by status (open, overdue, resolved),
// severity, subtype and organization_id, sorted by created_at or id.
func (s *Server) platformActions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, ok1 := enumParam(q, "status", "open", "overdue", "resolved")
	severity, ok2 := enumParam(q, "severity", "low", "high", "critical")
	field, ok3 := enumParam(q, "sort_field", "id", "severity", "due_at", "created_at", "updated_at")
	dir, ok4 := enumParam(q, "sort_direction", "asc", "desc")
	org, ok5 := idParam(q, "organization_id")
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		writeError(w, http.StatusBadRequest, "a filter or sort parameter has a value the API does not accept")
		return
	}
	s.mu.Lock()
	all := slices.Clone(s.actions)
	s.mu.Unlock()
	var list []PlatformAction
	for _, a := range all {
		open := cmp.Or(a.Status, "open") == "open"
		inStatus := status == "" || (status == "resolved" && !open) || (status == "open" && open && !a.Overdue) ||
			(status == "overdue" && open && a.Overdue)
		if inStatus && (severity == "" || cmp.Or(a.Severity, "high") == severity) &&
			(q.Get("subtype") == "" || a.Subtype == q.Get("subtype")) && (org == 0 || slices.Contains(a.Organizations, org)) {
			list = append(list, a)
		}
	}
	key := func(a PlatformAction) int64 { return a.ID }
	if field == "created_at" || field == "updated_at" || field == "due_at" {
		key = func(a PlatformAction) int64 { return a.Created.UnixNano() }
	}
	sortBy(list, key, dir != "asc", func(a PlatformAction) int64 { return a.ID })
	rows := make([]platformActionJSON, len(list))
	for i, a := range list {
		rows[i] = s.actionJSON(a)
	}
	writePage(s, w, r, "/v1/platform_actions", "platform_actions", rows)
}

func idParam(q url.Values, name string) (int64, bool) {
	if q.Get(name) == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(q.Get(name), 10, 64)
	return n, err == nil && n > 0
}

// sortBy orders list by key, newest (largest) first when desc, ties by id.
func sortBy[T any](list []T, key func(T) int64, desc bool, id func(T) int64) {
	slices.SortStableFunc(list, func(a, b T) int {
		c := cmp.Compare(key(a), key(b))
		if c == 0 {
			c = cmp.Compare(id(a), id(b))
		}
		if desc {
			return -c
		}
		return c
	})
}
