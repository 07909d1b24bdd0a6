package steps

import (
	"fmt"
	"strings"

	"halowiz/halo"
)

// judgeClients resolves the client the test ticket goes to and checks that
// every saved mapping still points at an active client.
func judgeClients(c Config, d mappingData, out *Facts) []Finding {
	needed := c.SendTestTicket || c.TestClient != "" || len(c.Mapping) > 0
	if d.customersErr != nil {
		if !needed {
			return nil
		}
		return []Finding{readFailure("mapping.cannot-read-clients", "list clients", "GET /api/Client", d.customersErr)}
	}
	out.Customers = d.customers
	var findings []Finding
	if f := resolveTestClient(c, d.customers, out); f != nil {
		findings = append(findings, *f)
	}
	if f := checkSavedMapping(c.Mapping, d.customers); f != nil {
		findings = append(findings, *f)
	}
	return findings
}

// resolveTestClient picks the client for the test ticket: the one asked for,
// or the MSP's own company, which Halo creates first.
func resolveTestClient(c Config, customers []halo.Customer, out *Facts) *Finding {
	ev := fmt.Sprintf("GET /api/Client: %d clients", len(customers))
	if want := strings.TrimSpace(c.TestClient); want != "" {
		cust, near := findByIDOrName(customers, want, func(c halo.Customer) int { return c.ID }, func(c halo.Customer) string { return c.Name })
		if cust == nil || !cust.Active() {
			sev := Warn
			if c.SendTestTicket {
				sev = Fail
			}
			msg := fmt.Sprintf("There is no client %q for the test ticket.", want)
			if cust != nil {
				msg = fmt.Sprintf("Client %q is inactive, so it cannot take the test ticket.", cust.Name)
			}
			fix := []string{"Choose an active client for the test ticket (" + how(taskChooseTestClient) + "); your own company is the usual choice."}
			if len(near) > 0 {
				fix = append(fix, "Did you mean: "+strings.Join(near, ", ")+"?")
			}
			return &Finding{ID: "mapping.test-client-missing", Severity: sev, Message: msg, Fix: fix, Evidence: ev}
		}
		out.TestClient = cust
		return nil
	}
	var first *halo.Customer
	for i := range customers {
		if customers[i].Active() && (first == nil || customers[i].ID < first.ID) {
			first = &customers[i]
		}
	}
	if first == nil {
		return nil
	}
	out.TestClient = first
	if !c.SendTestTicket {
		return nil
	}
	return &Finding{
		ID: "mapping.test-client", Severity: Info,
		Message:  fmt.Sprintf("The test ticket goes to %q (id %d), the first client in Halo, usually your own company.", first.Name, first.ID),
		Fix:      []string{},
		Evidence: ev,
	}
}

// checkSavedMapping reports mapped clients that no longer exist or are
// inactive: Huntress would fail to log tickets for those organizations.
func checkSavedMapping(saved []SavedMapping, customers []halo.Customer) *Finding {
	byID := make(map[int]halo.Customer, len(customers))
	for _, c := range customers {
		byID[c.ID] = c
	}
	var broken []string
	for _, m := range saved {
		c, ok := byID[m.ClientID]
		switch {
		case !ok:
			broken = append(broken, fmt.Sprintf("%s → client %d (%s) no longer exists", m.OrgName, m.ClientID, m.ClientName))
		case !c.Active():
			broken = append(broken, fmt.Sprintf("%s → %s (id %d) is inactive", m.OrgName, c.Name, c.ID))
		}
	}
	if len(broken) == 0 {
		if len(saved) == 0 {
			return nil
		}
		return &Finding{ID: "mapping.clients", Severity: Pass, Fix: []string{},
			Message: fmt.Sprintf("All %d mapped Halo clients exist and are active.", len(saved))}
	}
	return &Finding{
		ID: "mapping.client-missing", Severity: Fail,
		Message: fmt.Sprintf("%s no longer %s or %s inactive: %s.", Plural(len(broken), "mapped Halo client", "mapped Halo clients"),
			PluralWord(len(broken), "exists", "exist"), PluralWord(len(broken), "is", "are"), strings.Join(broken, "; ")),
		Fix: []string{
			"In Halo, open Customers and check whether the client was merged, renamed into another record or made inactive.",
			"Reactivate it, or map the Huntress organization to the client that replaced it (in halowiz and on Huntress's HaloPSA mapping screen).",
		},
		Evidence: fmt.Sprintf("GET /api/Client: %d clients", len(customers)),
	}
}
