package steps

// reminderIDs are the findings that ask the admin to make sure of something
// halowiz cannot see from where it runs. They hold whatever the step's
// outcome, so a front end says them once on the way and again where the
// setup is summed up.
var reminderIDs = map[string]bool{
	"hostname.ip-allowlist":  true, // Huntress connects from its own addresses, not this machine's
	"agent.department-level": true, // the API does not show a department's membership level
}

// IsReminder reports whether f is a reminder of something halowiz cannot
// check.
func (f Finding) IsReminder() bool { return reminderIDs[f.ID] }

// Reminders are the reminders among the report's findings, in step order.
func (r Report) Reminders() []Finding {
	var out []Finding
	for _, s := range r.Steps {
		for _, f := range s.Findings {
			if f.IsReminder() {
				out = append(out, f)
			}
		}
	}
	return out
}
