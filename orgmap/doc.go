// Package orgmap predicts how Huntress's automatic mapping will pair
// Huntress organizations with Halo clients, and finds the near misses it
// will not pair.
//
// Huntress pairs an organization with a PSA company only when the names
// match exactly. orgmap reports, for every organization, the kind of match
// (a saved mapping, an exact name, a near miss, an ambiguous name, an
// inactive client, nothing), the candidate clients and a short reason a
// person can act on, and exports the list as CSV.
//
// Exact means byte-identical after trimming outer spaces. Huntress does not
// document whether its comparison ignores case, so orgmap takes the safe
// reading: a name that differs only in case is a near miss. If Huntress does
// ignore case the warning was unnecessary; the other reading would promise a
// pairing that may never happen.
//
// The package only compares: it must never call an API, never rename
// anything, and never compare all pairs (matching is linear, through maps
// keyed by the exact name and by Normalize).
package orgmap
