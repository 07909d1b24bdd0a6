package report

import (
	"bytes"
	"encoding/json"
	"io"

	"halowiz/scrub"
	"halowiz/steps"
)

// JSONVersion is the version of the JSON document in the CLI contract.
const JSONVersion = 1

// Document is the JSON output of `halowiz check --json`, version 1.
type Document struct {
	Version int        `json:"version"`
	Host    string     `json:"host"`
	OK      bool       `json:"ok"`
	Steps   []StepJSON `json:"steps"`
}

// StepJSON is one step in the JSON output.
type StepJSON struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Status     string        `json:"status"`
	DurationMS int64         `json:"duration_ms"`
	Findings   []FindingJSON `json:"findings"`
}

// FindingJSON is one finding in the JSON output.
type FindingJSON struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity"`
	Message  string   `json:"message"`
	Fix      []string `json:"fix"`
	Evidence string   `json:"evidence"`
}

// NewDocument converts a report to the contract's JSON shape.
func NewDocument(r steps.Report) Document {
	d := Document{Version: JSONVersion, Host: r.Host, OK: r.OK(), Steps: []StepJSON{}}
	for _, s := range r.Steps {
		sj := StepJSON{ID: string(s.Step), Title: s.Title, Status: string(s.Status),
			DurationMS: s.Duration.Milliseconds(), Findings: []FindingJSON{}}
		for _, f := range s.Findings {
			fix := f.Fix
			if fix == nil {
				fix = []string{}
			}
			sj.Findings = append(sj.Findings, FindingJSON{ID: f.ID, Severity: string(f.Severity),
				Message: f.Message, Fix: fix, Evidence: f.Evidence})
		}
		d.Steps = append(d.Steps, sj)
	}
	return d
}

// JSON writes the report as the contract's JSON document. Tenant text is
// kept as it came, and every control in it is written as a \u escape
// (scrub.JSON), so that the document is safe to show on a terminal.
func JSON(w io.Writer, r steps.Report) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(NewDocument(r)); err != nil {
		return err
	}
	_, err := w.Write(scrub.JSON(b.Bytes()))
	return err
}
