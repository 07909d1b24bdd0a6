// Package halo is the HaloPSA API client halowiz uses, and the only package
// that builds a Halo URL or reads a Halo response body.
//
// Every request goes through one function that owns the deadline, the
// retries (only where a repeat cannot create a second record), the response
// body limit, the decoding of Halo's many error shapes and the redaction of
// secrets. The package must never retry a ticket creation that may have
// reached Halo, never wait without a deadline, and never put the client
// secret, an access token or an Authorization header into an error, a log
// line or the debug trace.
package halo
