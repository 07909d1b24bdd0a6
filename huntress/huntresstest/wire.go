package huntresstest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"halowiz/huntress"
)

// The answer shapes below are written from the Huntress OpenAPI document, on
// purpose apart from the client's own types, so that a client that misreads
// the API fails here too.

// Paging limits of GET /v1/organizations.
const (
	defaultLimit = 10
	maxLimit     = 500
)

type accountAnswer struct {
	Account accountJSON `json:"account"`
}

type accountJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Subdomain   string `json:"subdomain"`
	Status      string `json:"status"`
	SupportType string `json:"support_type"`
}

type organizationJSON struct {
	ID                       int64    `json:"id"`
	Name                     string   `json:"name"`
	Key                      string   `json:"key"`
	AccountID                int64    `json:"account_id"`
	AgentsCount              int      `json:"agents_count"`
	IncidentReportsCount     int      `json:"incident_reports_count"`
	BillableIdentityCount    int      `json:"billable_identity_count"`
	LogsSourcesCount         int      `json:"logs_sources_count"`
	SATLearnerCount          int      `json:"sat_learner_count"`
	IdentityProviderTenantID *string  `json:"identity_provider_tenant_id"`
	ReportRecipients         []string `json:"report_recipients"`
	CreatedAt                string   `json:"created_at"`
	UpdatedAt                string   `json:"updated_at"`
}

func toJSON(orgs []huntress.Organization) []organizationJSON {
	out := make([]organizationJSON, len(orgs))
	for i, o := range orgs {
		out[i] = organizationJSON{
			ID: o.ID, Name: o.Name, Key: o.Key, AccountID: o.AccountID, AgentsCount: o.AgentsCount,
			IncidentReportsCount: o.IncidentReportsCount, BillableIdentityCount: o.BillableIdentityCount,
			LogsSourcesCount: o.LogsSourcesCount, SATLearnerCount: o.SATLearnerCount,
			ReportRecipients: o.ReportRecipients, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		}
		if o.IdentityProviderTenantID != "" {
			out[i].IdentityProviderTenantID = &o.IdentityProviderTenantID
		}
		if out[i].ReportRecipients == nil {
			out[i].ReportRecipients = []string{}
		}
	}
	return out
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, accountAnswer{Account: accountJSON{
		ID: DemoAccountID, Name: "Demo MSP", Subdomain: "demo-msp", Status: "enabled", SupportType: "standard",
	}})
}

// organizations serves one page of GET /v1/organizations.
func (s *Server) organizations(w http.ResponseWriter, r *http.Request) {
	writePage(s, w, r, "/v1/organizations", "organizations", toJSON(s.Organizations()))
}

// writePage answers one page of rows, the way every list of the API does:
// limit (default 10, at most 500) and an opaque page_token that here
// carries the offset (or page numbers, with LegacyPaging). The next page's
// URL keeps the filters.
func writePage[T any](s *Server, w http.ResponseWriter, r *http.Request, path, key string, all []T) {
	q := r.URL.Query()
	limit, ok := parseLimit(q.Get("limit"))
	if !ok {
		writeError(w, http.StatusBadRequest, "limit must be a whole number from 1 to 500")
		return
	}
	offset, ok := s.offset(q, limit)
	if !ok {
		writeError(w, http.StatusBadRequest, "page_token is invalid")
		return
	}
	offset = min(offset, len(all))
	end := min(offset+limit, len(all))
	pagination := map[string]any{}
	if end < len(all) {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("limit", strconv.Itoa(limit))
		if s.scenario.LegacyPaging {
			page := end/limit + 1
			next.Set("page", strconv.Itoa(page))
			pagination["next_page"] = page
		} else {
			next.Set("page_token", encodeToken(end))
			pagination["next_page_token"] = next.Get("page_token")
		}
		pagination["next_page_url"] = baseURL(r) + path + "?" + next.Encode()
	}
	writeJSON(w, http.StatusOK, map[string]any{key: all[offset:end], "pagination": pagination})
}

func parseLimit(v string) (int, bool) {
	if v == "" {
		return defaultLimit, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, false
	}
	return min(n, maxLimit), true
}

func (s *Server) offset(q url.Values, limit int) (int, bool) {
	if s.scenario.LegacyPaging {
		if q.Get("page") == "" {
			return 0, true
		}
		page, err := strconv.Atoi(q.Get("page"))
		return (page - 1) * limit, err == nil && page >= 1
	}
	if q.Get("page_token") == "" {
		return 0, true
	}
	return decodeToken(q.Get("page_token"))
}

func encodeToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeToken(token string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
	return n, err == nil && n >= 0 && strings.HasPrefix(string(raw), "offset:")
}

func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // a client that went away is not an error here
}

// writeError answers with a JSON object holding the status and a message.
// Huntress documents "a descriptive message" but not the object around it;
// the client reads several shapes, this is one of them.
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"status": status, "error": http.StatusText(status), "message": message})
}
