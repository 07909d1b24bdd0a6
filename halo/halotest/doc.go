// Package halotest is a simulated HaloPSA tenant: the Halo an MSP would have
// when it sets up the Huntress ticketing integration, healthy or broken in
// one of the ways Huntress's support article and our research notes describe.
//
// It serves the halo client's tests, the checks' tests, the wizard's golden
// tests and `halowiz demo`, so it is production code. A Tenant is an
// http.Handler that keeps state (tickets created, statuses changed) and a log
// of what it was asked; Start serves it over TLS on loopback and hands out an
// *http.Client that reaches it under any hostname, so the real client code
// runs unchanged against https://acme.halopsa.com.
//
// What is broken is data, not code: a Scenario is a set of switches read by
// the one set of handlers, and Scenarios lists one per known failure.
//
// Every JSON object the tenant answers with uses only properties of the
// matching component schema of Halo's OpenAPI document; the package tests
// check that against a copy of the document, so the simulation cannot drift
// into a Halo that does not exist.
//
// The package must never touch the network beyond its own loopback listener
// (its client dials nothing else, whatever the URL says), never import
// testing or net/http/httptest (both would leak test flags into the halowiz
// binary), never import package halo (halo's own tests import this package),
// and never keep a secret it was sent: the log redacts client secrets and
// ignores Authorization headers.
package halotest
