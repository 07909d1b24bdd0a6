package steps

import (
	"slices"
	"strings"
	"testing"
)

// The agent's checklist and the fixes for a wrongly set up agent must say
// the same settings in the same labels: the checklist is what the wizard
// shows before the check, the fix what it shows after.
func TestAgentChecklistSetsWhatThePermissionFixSets(t *testing.T) {
	var checklist []string
	for _, in := range AgentChecklist() {
		checklist = append(checklist, in.Set...)
	}
	fix := agentPermissionFix("Huntress API")
	for _, p := range agentPermissions {
		if !slices.Contains(checklist, p.line(false)) {
			t.Errorf("the checklist lacks %q", p.line(false))
		}
		if !slices.Contains(fix, p.line(true)) {
			t.Errorf("the permission fix lacks %q", p.line(true))
		}
	}
	if got := agentPermissions[1].line(true); got != "Set Customers Access Level to Read Only (some tenants label it Clients Access Level)." {
		t.Errorf("a permission as a fix reads %q", got)
	}
}

func TestAgentChecklistNamesTheMembershipsTheFixAsksFor(t *testing.T) {
	var checklist []string
	for _, in := range AgentChecklist() {
		checklist = append(checklist, in.Set...)
	}
	fix := membershipFix("")
	for _, line := range []string{memberOfTeams, memberDefaultTeam, memberDepartment} {
		if !slices.Contains(checklist, line) || !slices.Contains(fix, line) {
			t.Errorf("%q is not in both the checklist and the membership fix", line)
		}
	}
}

func TestApplicationInstructionsAreTheFixesLines(t *testing.T) {
	scope := scopeFix()
	creds := missingCredentials(Config{}).Fix
	for _, line := range ApplicationInstructions() {
		if !slices.Contains(creds, line) && !slices.Contains(scope, line) {
			t.Errorf("instruction %q is in no fix: the wizard and the checks would say it differently", line)
		}
	}
	if !strings.Contains(HuntressCredentials, "api_credentials") {
		t.Errorf("HuntressCredentials does not say where the key pair comes from: %q", HuntressCredentials)
	}
}

// Every line the evidence names is a line of the checklist, and every
// finding it names is one the checks report.
func TestAgentEvidenceNamesTheChecklistsLines(t *testing.T) {
	var checklist []string
	for _, in := range AgentChecklist() {
		checklist = append(checklist, in.Set...)
	}
	for line := range checklistEvidence {
		if !slices.Contains(checklist, line) {
			t.Errorf("evidence for %q, which is not a line of the checklist", line)
		}
	}
	pass := Finding{ID: "agent.membership", Severity: Pass}
	notAPI := Finding{ID: "agent.not-api-only", Severity: Warn}
	apiOnly := AgentChecklist()[0].Set[0]
	if got := AgentChecklistProof(apiOnly, []Finding{pass}); got != Shown {
		t.Errorf("agent.membership passing: %v, want Shown", got)
	}
	if got := AgentChecklistProof(apiOnly, []Finding{pass, notAPI}); got != Contradicted {
		t.Errorf("agent.not-api-only: %v, want Contradicted", got)
	}
	if got := AgentChecklistProof(apiOnly, nil); got != NotShown {
		t.Errorf("no findings: %v, want NotShown", got)
	}
}
