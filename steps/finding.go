package steps

import "time"

// ID names one of the five setup steps. The values are part of the CLI
// contract (--step, JSON).
type ID string

// The five steps, in the wizard's walk order.
const (
	Agent       ID = "agent"
	Hostname    ID = "hostname"
	Application ID = "application"
	Mapping     ID = "mapping"
	Ticket      ID = "ticket"
)

// Order lists the steps in the order every output shows them: the order
// the wizard walks (the contract's, since 2026-12-01). The order the checks
// depend on each other is the runner's plans, not this.
var Order = []ID{Agent, Hostname, Application, Mapping, Ticket}

// Title is the step's name as people read it.
func (id ID) Title() string {
	switch id {
	case Hostname:
		return "API hostname"
	case Application:
		return "API application"
	case Agent:
		return "API-only agent"
	case Mapping:
		return "Ticket type, status and clients"
	case Ticket:
		return "Test ticket"
	}
	return string(id)
}

// Valid reports whether id is one of the five steps.
func (id ID) Valid() bool {
	for _, s := range Order {
		if s == id {
			return true
		}
	}
	return false
}

// Severity grades one finding.
type Severity string

// Severities, from least to most serious.
const (
	Info Severity = "info"
	Pass Severity = "pass"
	Warn Severity = "warn"
	Fail Severity = "fail"
)

func (s Severity) rank() int {
	switch s {
	case Pass:
		return 1
	case Warn:
		return 2
	case Fail:
		return 3
	}
	return 0
}

// Status is a step's outcome: the worst severity among its findings, or
// skipped when it did not run.
type Status string

// Step statuses.
const (
	StatusPass    Status = "pass"
	StatusWarn    Status = "warn"
	StatusFail    Status = "fail"
	StatusSkipped Status = "skipped"
)

// Finding is one thing a check found: what, how bad, what to do about it and
// what it saw. Fix lines are ordered steps a person follows in Halo's own
// labels; Evidence is the request and the answer, with secrets redacted.
type Finding struct {
	ID       string
	Severity Severity
	Message  string
	Fix      []string
	Evidence string
}

// Result is the outcome of one step.
type Result struct {
	Step     ID
	Title    string
	Status   Status
	Duration time.Duration
	Findings []Finding
}

// statusOf derives a step's status from its findings.
func statusOf(findings []Finding) Status {
	worst := Info
	for _, f := range findings {
		if f.Severity.rank() > worst.rank() {
			worst = f.Severity
		}
	}
	switch worst {
	case Fail:
		return StatusFail
	case Warn:
		return StatusWarn
	}
	return StatusPass
}

// Failed reports whether the step failed.
func (r Result) Failed() bool { return r.Status == StatusFail }

// Proven reports whether the step ran and did not fail: it passed, with or
// without warnings.
func (r Result) Proven() bool { return r.Status == StatusPass || r.Status == StatusWarn }

// Has reports whether the result carries a finding with the given id.
func (r Result) Has(findingID string) bool {
	for _, f := range r.Findings {
		if f.ID == findingID {
			return true
		}
	}
	return false
}
