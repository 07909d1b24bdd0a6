// Package huntress is the small client halowiz uses to read a Huntress
// account from the Huntress API (https://api.huntress.io/v1): its
// organizations, so that the mapping check can compare them with the Halo
// clients, and its incident reports and platform actions, so that watch can
// prove the reports became tickets and see what Huntress itself says is
// broken. It is the only package that builds a Huntress URL or reads a
// Huntress response body.
//
// Every call goes through one request function that owns the deadline, the
// client-side budget of Huntress's 60 requests a minute, the retries (GETs
// only: 429 and 502/503/504, honouring Retry-After), the response body limit,
// the decoding of Huntress's error bodies and the redaction of secrets.
//
// The package must never write to Huntress, never wait without a deadline,
// never follow a redirect or a server-supplied URL with the credentials, and
// never put the API secret or the Authorization header into an error, a log
// line or the debug trace.
package huntress
