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
//
// A Client also keeps below Halo's rate limit of 300 requests per rolling
// five minutes on its own, with a token bucket that lets a whole check
// through at full speed. Failures come back as values the checks can tell
// apart: *NetError (ErrUnreachable or ErrTimeout), *TokenError
// (ErrInvalidClient, ErrInvalidScope, ErrTokenRefused), *APIError for any
// other status, *DecodeError for a 2xx answer that is not the JSON
// expected, and ErrNotHalo when a host answers but not as Halo.
package halo
