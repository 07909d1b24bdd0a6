// Package report renders a steps.Report for people and programs: compact
// text for a terminal, JSON (the CLI contract's version 1) for scripts, and
// Markdown for a support ticket.
//
// It decides nothing: every status, message and fix line comes from the
// report it is given, which the runner has already redacted.
package report
