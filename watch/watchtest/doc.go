// Package watchtest is the simulated world of a watch cycle: a Halo tenant
// (halotest) and a Huntress account (huntresstest) whose incident reports
// became that tenant's tickets, or did not. Scenarios are data: which
// report lost its ticket, got two, was left open or landed on the wrong
// client, which Halo setting changed since the last good cycle, whether
// Huntress raised a platform action about the PSA. The demo and the tests
// serve the same worlds.
//
// It is production code (halowiz watch --demo serves it): it must never
// import testing, never reach the network beyond loopback, and never
// accept credentials other than the simulations' own.
package watchtest
