package watchtest

import "strings"

// Scenario is one simulated world for watch. The zero Flow is the healthy
// one: every report Huntress sent has its one ticket, closed when the
// report is.
type Scenario struct {
	Name    string // kebab-case, as typed after `watch --demo --scenario`
	Summary string // one line for `--scenario list`
	// Halo names the halotest scenario the tenant is now in ("" healthy).
	Halo string
	// HaloVersion is the version the tenant now runs ("" the default).
	HaloVersion string
	// Provokes lists the watch.* finding ids a cycle reports against this
	// world after a good cycle against the healthy one; watch.flow-proven
	// and watch.unchanged are what healthy provokes.
	Provokes []string
	Flow     Flow
}

// Flow says what became of Huntress's incident reports.
type Flow struct {
	NoReports bool // Huntress sent no report in the window
	PSAAction bool // Huntress has an open platform action about the PSA
	// The reports (by id) whose ticket never came, came twice, was left
	// open after Huntress closed the report, or went to another client.
	Missing, Duplicated, LeftOpen, WrongClient []int64
}

// Scenarios lists the watch scenarios, healthy first. Each call builds a
// fresh table.
func Scenarios() []Scenario {
	return []Scenario{
		{Name: "healthy", Summary: "every report Huntress sent this week has its ticket; nothing changed in Halo",
			Provokes: []string{"watch.flow-proven", "watch.unchanged"}},
		{Name: "psa-action", Summary: "Huntress raised a platform action: it cannot send incident reports to the PSA",
			Flow: Flow{PSAAction: true}, Provokes: []string{"watch.huntress-psa-action"}},
		{Name: "rotated-secret", Summary: "the application's client secret was regenerated in Halo (invalid_client)",
			Halo: "invalid-client", Provokes: []string{"watch.token-refused", "watch.flow-unchecked"}},
		{Name: "agent-disabled", Summary: "the API agent was disabled since the last good cycle",
			Halo: "agent-disabled", Provokes: []string{"watch.agent-changed"}},
		{Name: "agent-lost-visibility", Summary: "the API agent's team lost Can see unassigned / other agents' tickets",
			Halo: "team-visibility", Provokes: []string{"watch.agent-changed", "watch.ticket-missing"}},
		{Name: "new-mandatory-field", Summary: "Category, Impact and Urgency became mandatory on Incident without defaults",
			Halo: "mandatory-fields", Provokes: []string{"watch.ticket-type-changed"}},
		{Name: "resolution-status-gone", Summary: "the status after resolution (Closed) no longer exists",
			Halo: "no-closed-status", Provokes: []string{"watch.resolution-status-changed"}},
		{Name: "halo-upgraded", Summary: "Halo was upgraded since the last good cycle; everything still works",
			HaloVersion: "2.190.3", Provokes: []string{"watch.halo-upgraded", "watch.flow-proven"}},
		{Name: "ticket-missing", Summary: "a report Huntress sent two hours ago has no ticket in Halo",
			Flow: Flow{Missing: []int64{5001}}, Provokes: []string{"watch.ticket-missing"}},
		{Name: "ticket-duplicate", Summary: "Huntress sent one report twice: two tickets",
			Flow: Flow{Duplicated: []int64{5001}}, Provokes: []string{"watch.ticket-duplicate", "watch.flow-proven"}},
		{Name: "open-after-close", Summary: "Huntress closed a report, its ticket is still open",
			Flow: Flow{LeftOpen: []int64{5002}}, Provokes: []string{"watch.ticket-open-after-close", "watch.flow-proven"}},
		{Name: "wrong-client", Summary: "a Contoso report's ticket landed on Northwind Traders",
			Flow: Flow{WrongClient: []int64{5001}}, Provokes: []string{"watch.ticket-wrong-client", "watch.flow-proven"}},
		{Name: "no-reports", Summary: "Huntress sent no incident report this week: nothing to prove the flow with",
			Flow: Flow{NoReports: true}, Provokes: []string{"watch.flow-unproven"}},
	}
}

// Lookup finds a watch scenario by name (case and surrounding spaces
// ignored).
func Lookup(name string) (Scenario, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, sc := range Scenarios() {
		if sc.Name == name {
			return sc, true
		}
	}
	return Scenario{}, false
}
