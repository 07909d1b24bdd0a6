package ui

import (
	"fmt"
	"strconv"
	"strings"

	"halowiz/huntress"
	"halowiz/orgmap"
	"halowiz/steps"
)

func result(id steps.ID, st steps.Status, fs ...steps.Finding) steps.Result {
	return steps.Result{Step: id, Title: id.Title(), Status: st, Findings: fs}
}

func finding(id string, sev steps.Severity, msg string, fix ...string) steps.Finding {
	return steps.Finding{ID: id, Severity: sev, Message: msg, Fix: fix, Evidence: "GET /api/" + id}
}

// tenantFacts is what the checks learn about a small, healthy tenant.
func tenantFacts(cfg steps.Config) steps.Facts {
	types := []steps.TicketTypeOption{{ID: 1, Name: "Incident"}, {ID: 3, Name: "Problem", Unknown: true}, {ID: 2, Name: "Change Request", Blocking: []string{"Category", "Impact", "Urgency"}}}
	statuses := []steps.StatusOption{{ID: 9, Name: "Closed", Closed: true}, {ID: 1, Name: "New"}}
	customers := []steps.Customer{{ID: 1, Name: "Acme IT Services"}, {ID: 2, Name: "Contoso Ltd"}, {ID: 3, Name: "Northwind Traders"}}
	f := steps.Facts{Host: "acme.halopsa.com", Tenant: "acme", TicketTypes: types, Statuses: statuses, Customers: customers, TestClient: &customers[0]}
	for i := range types {
		if strconv.Itoa(types[i].ID) == cfg.TicketType || strings.EqualFold(types[i].Name, cfg.TicketType) {
			f.TicketType = &types[i]
		}
	}
	for i := range statuses {
		if strconv.Itoa(statuses[i].ID) == cfg.ResolutionStatus || strings.EqualFold(statuses[i].Name, cfg.ResolutionStatus) {
			f.ResolutionStatus = &statuses[i]
		}
	}
	f.ClosedStatus = &statuses[0]
	if cfg.HuntressKey != "" {
		f.HuntressChecked, f.HuntressRead = true, true
		orgs := []huntress.Organization{{ID: 101, Name: "Contoso Ltd"}, {ID: 102, Name: "northwind traders"}, {ID: 103, Name: "Wayne Enterprises"}}
		var saved []orgmap.Mapping
		for _, m := range cfg.Mapping {
			saved = append(saved, orgmap.Mapping{OrgID: m.OrgID, ClientID: m.ClientID})
		}
		f.Orgs = orgmap.Match(orgs, customers, saved)
	}
	return f
}

// answer is a tenant where every step passes except those given.
func answer(override map[steps.ID]steps.Result) func(cfg steps.Config) steps.Report {
	return func(cfg steps.Config) steps.Report {
		rep := steps.Report{ClientID: cfg.ClientID, Host: "acme.halopsa.com", Facts: tenantFacts(cfg)}
		for _, id := range steps.Order {
			r := result(id, steps.StatusPass, finding(string(id)+".ok", steps.Pass, id.Title()+" is fine."))
			switch {
			case !cfg.Runs(id):
				r = result(id, steps.StatusSkipped, finding(string(id)+".skipped", steps.Info, "Not checked: this run asked only for other steps (--step)."))
			case id == steps.Ticket && !cfg.SendTestTicket:
				r = result(id, steps.StatusSkipped, finding("ticket.not-sent", steps.Info, "No test ticket was sent."))
			case id == steps.Mapping && cfg.HuntressKey != "":
				r.Findings = append(r.Findings, finding("mapping.orgs", steps.Pass, "Huntress has 3 organizations."))
			}
			if o, ok := override[id]; ok && cfg.Runs(id) {
				r = o
			}
			rep.Steps = append(rep.Steps, r)
		}
		return rep
	}
}

// healthy is a fake check of a tenant where everything passes.
func healthy() *fakeCheck { return &fakeCheck{answer: answer(nil)} }

// failing is a fake check where step id fails with a finding and its fix.
func failing(id steps.ID, findingID, msg string, fix ...string) *fakeCheck {
	return &fakeCheck{answer: answer(map[steps.ID]steps.Result{id: result(id, steps.StatusFail, finding(findingID, steps.Fail, msg, fix...))})}
}

// demoConfig is a complete set of values, as the demo fills them in.
func demoConfig() steps.Config {
	return steps.Config{Host: "acme.halopsa.com", Tenant: "acme", ClientID: "halowiz-demo", ClientSecret: "s3cret-value-0123456789",
		TicketType: "Incident", ResolutionStatus: "Closed", HuntressKey: "hk_demo", HuntressSecret: "hs_demo_secret", Timeout: steps.DefaultTimeout}
}

func fmtAny(v any) string { return fmt.Sprintf("%+v", v) }
