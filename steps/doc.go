// Package steps holds the five setup checks halowiz runs against a Halo
// tenant (agent, hostname, application, mapping, test ticket), the findings
// and fixes each one can report, and the runner that orders, isolates and
// times them.
//
// Every pass or fail decision and every line of fix text lives here, written
// once in Halo's own labels; the wizard and the reports only render what a
// Report says. A check must never crash the run, wait without a deadline,
// create more than one test ticket, or put a secret into a finding.
package steps
