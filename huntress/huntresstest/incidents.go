package huntresstest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// IncidentReport is an incident report as the simulated account keeps it.
// Times that are zero have not happened: a report not yet sent has no Sent.
type IncidentReport struct {
	ID             int64
	OrganizationID int64
	AgentID        int64
	Severity       string // low, high, critical
	Host           string // the agent's hostname, named in the subject
	// Subject is what the PSA ticket's summary becomes; empty, it is made
	// the way Huntress makes it: "HIGH - Incident on HOST (Organization)".
	Subject  string
	Status   string // sent, closed, dismissed
	Platform string // windows, darwin, ...
	Created  time.Time
	Sent     time.Time
	Closed   time.Time
}

// updated is when the report last changed.
func (r IncidentReport) updated() time.Time {
	return maxTime(r.Created, r.Sent, r.Closed)
}

// PlatformAction is a platform action as the simulated account keeps it.
type PlatformAction struct {
	ID       int64
	Subject  string
	Type     string
	Subtype  string
	Severity string // low, high, critical
	// Status is open or resolved; Overdue marks an open one past its due
	// time, which the status=overdue filter selects.
	Status        string
	Overdue       bool
	Organizations []int64
	Created       time.Time
	Resolved      time.Time
}

// WithIncidentReports gives the account these incident reports.
func WithIncidentReports(reports ...IncidentReport) Option {
	return func(srv *Server) { srv.reports = slices.Clone(reports) }
}

// WithPlatformActions gives the account these platform actions.
func WithPlatformActions(actions ...PlatformAction) Option {
	return func(srv *Server) { srv.actions = slices.Clone(actions) }
}

// IncidentSubject is the subject Huntress gives a report, which its PSA
// integration uses as the ticket's summary.
func IncidentSubject(severity, host, organization string) string {
	return fmt.Sprintf("%s - Incident on %s (%s)", strings.ToUpper(severity), host, organization)
}

// IncidentReports returns a copy of the account's incident reports.
func (s *Server) IncidentReports() []IncidentReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reports)
}

// orgName is the name of the organization with the id, "" if none.
func (s *Server) orgName(id int64) string {
	for _, o := range s.Organizations() {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// subject is the report's subject, made as Huntress makes it when unset.
func (s *Server) subject(r IncidentReport) string {
	if r.Subject != "" {
		return r.Subject
	}
	return IncidentSubject(cmp.Or(r.Severity, "high"), r.Host, s.orgName(r.OrganizationID))
}

func maxTime(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}
