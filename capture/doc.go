// Package capture records a run's exchanges with Halo and Huntress into a
// transcript, and answers a later run from one without any network: a real
// tenant brought home, to replay offline.
//
// A Recorder is an http.RoundTripper around the transport of the run's
// clients: it keeps each request's method, path, query and body, and each
// answer's status, the headers that matter (Content-Type, Retry-After,
// Location, WWW-Authenticate) and body, and writes them, with the run's
// non-secret values, as
// a versioned JSON transcript. A Replayer is an http.RoundTripper that
// answers from a transcript.
//
// What capture must never do: write a secret (the client secret, an access
// token, the Huntress secret, an Authorization header, a token request's
// form values), or, asked to anonymise, a name or e-mail address it was
// told to hide. It is a tape at the transport: it must not interpret Halo's
// answers beyond finding the names anonymising replaces (halo/ is the only
// package that reads them for the checks).
package capture
