// Package watch is halowiz watch: one cycle proves, after setup, that
// Huntress's incident reports keep becoming Halo tickets, and catches what
// breaks them. A cycle re-runs the five setup checks (package steps), asks
// Huntress whether it has said it cannot send (platform actions), compares
// the Halo side with the last good cycle (drift), and finds the Halo ticket
// of every incident report Huntress sent in the window (flow). Its own
// findings form a sixth step, "watch", after the five.
//
// The package decides what a cycle found and what changed since the last
// one; the command prints, repeats and notifies. It must never write to
// Halo or Huntress (the test ticket is steps' and only on request), never
// wait without a deadline, never send Halo more than its share of the
// tenant's rate limit, and never put a secret (the Halo client secret, the
// Huntress API secret, the webhook URL) into a finding, an error, the state
// file or a notification.
package watch
