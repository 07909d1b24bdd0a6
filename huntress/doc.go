// Package huntress is the small client halowiz uses to read a Huntress
// account and its organizations from the Huntress API
// (https://api.huntress.io/v1), so that the mapping check can compare them
// with the Halo clients. It is the only package that builds a Huntress URL or
// reads a Huntress response body.
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
