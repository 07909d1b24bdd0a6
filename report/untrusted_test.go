package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"halowiz/report"
	"halowiz/steps"
)

// hostile is a report whose sixth step quotes a subject Huntress sent, with
// an escape sequence, a bidi override and a link in it.
func hostile() steps.Report {
	subject := "HIGH - Incident on PC\x1b]52;c;ZXZpbA==\a (Evil \u202eCorp) [x](https://evil.example)"
	r := steps.Report{Host: "acme.halopsa.com"}
	for _, id := range steps.Order {
		r.Steps = append(r.Steps, steps.NewResult(id, id.Title(), 0, []steps.Finding{{ID: string(id) + ".ok", Severity: steps.Pass, Message: "fine", Fix: []string{}}}))
	}
	r.Steps = append(r.Steps, steps.NewResult("watch", "Tickets keep flowing", 1500*time.Millisecond, []steps.Finding{{
		ID: "watch.ticket-missing", Severity: steps.Fail, Message: "No Halo ticket for " + subject,
		Fix: []string{"Look for " + subject}, Evidence: "report 5001 " + subject + " ```",
	}}))
	return r
}

func TestTenantTextIsScrubbedInTextAndMarkdownButNotJSON(t *testing.T) {
	rep := hostile()
	var text, md, js bytes.Buffer
	if err := report.Text(&text, rep, report.TextOptions{Command: "watch", Next: "Next: look.", HideValues: true}); err != nil {
		t.Fatal(err)
	}
	if err := report.Markdown(&md, rep, report.MarkdownOptions{Version: "test", Time: when, Next: "Next: look."}); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		if strings.ContainsAny(out, "\x1b\a\u202e") {
			t.Errorf("%s output carries raw control characters:\n%q", name, out)
		}
		if !strings.Contains(out, `\x1b]52`) || !strings.Contains(out, `\u202e`) {
			t.Errorf("%s output does not show the escapes as text:\n%s", name, out)
		}
	}
	if !strings.HasPrefix(text.String(), "halowiz watch acme.halopsa.com") || !strings.Contains(text.String(), "Tickets keep flowing") ||
		!strings.HasSuffix(text.String(), "Next: look.\n") {
		t.Errorf("text output:\n%s", text.String())
	}
	if !strings.Contains(md.String(), `No Halo ticket for HIGH`) || !strings.Contains(md.String(), `\[x\]`) || !strings.Contains(md.String(), `https\://evil.example`) {
		t.Errorf("markdown output does not escape the message's markup and link:\n%s", md.String())
	}
	var doc report.Document
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Steps) != 6 || doc.Steps[5].ID != "watch" || doc.OK || doc.Steps[5].Status != "fail" || doc.Steps[5].DurationMS != 1500 {
		t.Fatalf("JSON steps = %+v", doc.Steps)
	}
	if msg := doc.Steps[5].Findings[0].Message; !strings.Contains(msg, "\x1b]52") {
		t.Errorf("JSON should keep the subject as Huntress sent it, got %q", msg)
	}
}
