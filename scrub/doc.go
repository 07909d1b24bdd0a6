// Package scrub is the one place that makes text safe to show: it removes
// secrets (Redactor) and neutralises what an untrusted tenant could put in a
// name or an error body to drive a terminal or a document (Text, Line,
// Markdown, CSVCell).
//
// Everything halowiz prints or writes that came from Halo or Huntress passes
// through Text or one of its forms at the boundary where it leaves the
// program: the wizard's screens, check's text and progress lines, the
// Markdown report, CSV exports and the debug trace. JSON keeps the text as
// it came, escaped by the encoder. Every secret passes through a Redactor
// before it can reach an error, a finding or a trace.
//
// The package must never decide what is shown, only how safely: it keeps
// every printable character, so an escaped text still says what the tenant
// sent.
package scrub
