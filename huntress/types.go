package huntress

// The types below mirror the Huntress OpenAPI document (api.huntress.io/docs,
// version 1.0.0). Only read fields are declared. Timestamps stay strings:
// halowiz shows them but never computes with them, and a format Huntress
// changes must not fail the whole page.

// Organization is one Huntress organization, the thing Huntress maps to a
// PSA company (a Halo client).
type Organization struct {
	ID                       int64    `json:"id"`
	Name                     string   `json:"name"` // the public facing name
	Key                      string   `json:"key"`  // the subdomain agents are grouped by
	AccountID                int64    `json:"account_id"`
	AgentsCount              int      `json:"agents_count"`
	IncidentReportsCount     int      `json:"incident_reports_count"`
	BillableIdentityCount    int      `json:"billable_identity_count"`
	LogsSourcesCount         int      `json:"logs_sources_count"`
	SATLearnerCount          int      `json:"sat_learner_count"`
	IdentityProviderTenantID string   `json:"identity_provider_tenant_id,omitempty"`
	ReportRecipients         []string `json:"report_recipients,omitempty"`
	CreatedAt                string   `json:"created_at,omitempty"` // ISO-8601
	UpdatedAt                string   `json:"updated_at,omitempty"` // ISO-8601
}
