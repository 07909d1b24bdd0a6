// Package retry holds what halowiz's two API clients (halo, huntress) share
// about repeating a request: how long a server asked to wait (Retry-After),
// how long to back off when it did not say, which answers are worth
// repeating, how much waiting a whole run may spend on rate limits (Budget),
// and how to tell that an attempt ended because its context did (Stopped).
//
// It decides nothing about which requests may be repeated: a request that
// may have created a record is the caller's to protect.
package retry
