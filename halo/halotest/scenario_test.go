package halotest_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"halowiz/halo/halotest"
)

// contractFindings are the stable finding ids of cli-contract.md that a
// scenario may promise to provoke.
var contractFindings = []string{
	"hostname.cleaned", "hostname.invalid", "hostname.custom-domain", "hostname.ip-allowlist",
	"hostname.unreachable", "hostname.not-halo", "hostname.timeout",
	"application.invalid-client", "application.scope-missing", "application.timeout",
	"agent.not-api-only", "agent.disabled", "agent.no-team", "agent.unassigned-hidden",
	"agent.others-hidden", "agent.cannot-read-customers", "agent.cannot-read-tickets", "agent.timeout",
	"mapping.ticket-type-unset", "mapping.ticket-type-missing", "mapping.mandatory-fields",
	"mapping.no-closed-status", "mapping.resolution-status-not-closed", "mapping.resolution-status-unset", "mapping.resolution-status-missing",
	"mapping.client-missing", "mapping.unmapped-orgs", "mapping.timeout",
	"ticket.not-sent", "ticket.created", "ticket.mandatory-fields", "ticket.invalid-context",
	"ticket.not-visible", "ticket.cannot-close", "ticket.timeout",
}

func TestScenarioTableIsWellFormed(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	list := halotest.Scenarios()
	if list[0].Name != "healthy" {
		t.Errorf("first scenario is %q, want healthy", list[0].Name)
	}
	for _, sc := range list {
		if !kebab.MatchString(sc.Name) || seen[sc.Name] {
			t.Errorf("scenario name %q is not unique kebab-case", sc.Name)
		}
		seen[sc.Name] = true
		if sc.Summary == "" || strings.Contains(sc.Summary, "\n") {
			t.Errorf("%s: summary must be one line, got %q", sc.Name, sc.Summary)
		}
		for _, id := range sc.Provokes {
			if !slices.Contains(contractFindings, id) {
				t.Errorf("%s provokes %q, which is not a contract finding id", sc.Name, id)
			}
		}
		got, ok := halotest.Lookup(" " + strings.ToUpper(sc.Name) + " ")
		if !ok || got.Name != sc.Name {
			t.Errorf("Lookup(%q) = %q, %v", sc.Name, got.Name, ok)
		}
	}
	if _, ok := halotest.Lookup("no-such-scenario"); ok {
		t.Error("Lookup found a scenario that does not exist")
	}
	if h := halotest.Healthy(); h.Name != "healthy" || h.HostName() != halotest.DefaultHost {
		t.Errorf("Healthy() = %q on %q", h.Name, h.HostName())
	}
}

func TestScenariosAreFreshCopies(t *testing.T) {
	list := halotest.Scenarios()
	list[0].Name = "changed"
	if halotest.Scenarios()[0].Name != "healthy" {
		t.Fatal("changing a returned scenario changed the table")
	}
}

func TestEachScenarioShowsItsFailure(t *testing.T) {
	for _, sc := range halotest.Scenarios() {
		probe, ok := scenarioProbes[sc.Name]
		if !ok {
			t.Errorf("scenario %s has no probe", sc.Name)
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			probe(t, newSession(t, start(t, sc)))
		})
	}
}
