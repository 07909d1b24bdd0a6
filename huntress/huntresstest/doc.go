// Package huntresstest is a simulated Huntress API: the account, a stateful
// list of organizations served in pages the way api.huntress.io serves them,
// incident reports and platform actions given as data (filtered, sorted and
// paged as the API does),
// HTTP Basic checked against a fixed demo key pair, and Huntress's limit of
// 60 requests a minute. Tests serve it over httptest TLS; the demo mounts the
// same handler.
//
// Misbehaviour is data: a Scenario says which switch is on (refused
// credentials, a burst of 429s, gateway errors, an answer that never comes,
// thousands of organizations), not a copy of a handler.
//
// It is production code: it must never import testing, never touch the
// network beyond the listener its caller gives it, and never accept a key
// pair other than the one it was built with.
package huntresstest
