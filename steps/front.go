package steps

import "strings"

// Front is who reads a run's findings. A few fix lines say how to do
// something in halowiz itself (give Halo longer, send the test ticket,
// choose a value): check does it with a flag, the wizard with one of its
// steps. Those lines hold a hole, how(task), which the runner fills in for
// Env.Front as each step finishes, so that the wizard never names a flag
// and check never names a wizard step, and both wordings live here.
type Front int

const (
	FrontCheck  Front = iota // check, watch and their reports: flags and environment variables
	FrontWizard              // the interactive wizard: its steps
)

// task is something done in halowiz to act on a finding.
type task string

const (
	taskSendTestTicket   task = "send-test-ticket"
	taskLongerTimeout    task = "longer-timeout"
	taskWriteReport      task = "write-report"
	taskChooseTicketType task = "choose-ticket-type"
	taskChooseStatus     task = "choose-status"
	taskChooseTestClient task = "choose-test-client"
	taskGiveHuntressKeys task = "give-huntress-keys"
	taskGiveClientID     task = "give-client-id"
	taskGiveClientSecret task = "give-client-secret"
	taskOtherSteps       task = "other-steps"
)

// phrasing is each task as check's reader and the wizard's read it. Each
// phrase fits the sentences of the fixes that use it.
var phrasing = map[task]struct{ check, wizard string }{
	taskSendTestTicket:   {"check again with --send-test-ticket (or send it in the wizard)", "send the test ticket on step 5"},
	taskLongerTimeout:    {"give Halo longer with --timeout (for example --timeout 45s)", "check again: after a timeout the wizard gives each request twice as long"},
	taskWriteReport:      {"write a report with `halowiz check --debug --report halowiz-report.md`", "take the report the wizard's summary writes (Markdown)"},
	taskChooseTicketType: {"by its id or exact name: --ticket-type or HALO_TICKET_TYPE, or in the wizard", "from the list on step 4"},
	taskChooseStatus:     {"by its id or exact name: --resolution-status or HALO_RESOLUTION_STATUS, or in the wizard", "from the list on step 4"},
	taskChooseTestClient: {"by its id or exact name: --test-client or HALO_TEST_CLIENT, or in the wizard", "from the list on step 5"},
	taskGiveHuntressKeys: {"--huntress-key or HUNTRESS_API_KEY, and HUNTRESS_API_SECRET", "on step 4, under Huntress API credentials"},
	taskGiveClientID:     {"--client-id or HALO_CLIENT_ID", "on step 3"},
	taskGiveClientSecret: {"HALO_CLIENT_SECRET or the keyring", "on step 3"},
	taskOtherSteps:       {"this run asked only for other steps (--step)", "this check was of other steps"},
}

// holeMark brackets a hole: a byte no tenant text reaching a finding keeps
// (scrub makes control characters visible before they are shown).
const holeMark = "\x00"

// how is the hole for t in a fix line.
func how(t task) string { return holeMark + string(t) + holeMark }

// fill fills every hole of text with f's phrase.
func (f Front) fill(text string) string {
	if !strings.Contains(text, holeMark) {
		return text
	}
	for t, p := range phrasing {
		phrase := p.check
		if f == FrontWizard {
			phrase = p.wizard
		}
		text = strings.ReplaceAll(text, how(t), phrase)
	}
	return text
}

// fillFinding is a finding with its holes filled for f.
func (f Front) fillFinding(fd Finding) Finding {
	fd.Message = f.fill(fd.Message)
	fix := make([]string, len(fd.Fix))
	for i, l := range fd.Fix {
		fix[i] = f.fill(l)
	}
	fd.Fix = fix
	return fd
}
