package halo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"halowiz/retry"
)

// Token refresh: a token is replaced this long before it expires, at most
// a minute and at most a fifth of its lifetime, so that a token that lives a
// minute is used for most of that minute rather than fetched for every call.
const (
	maxTokenEarly   = 60 * time.Second
	tokenEarlyShare = 5
)

// maxTokenRequests bounds the token requests of one Client, retries
// included, whatever Halo answers: a token that expires at once, or a
// refusal storm, cannot make a run hammer the token endpoint.
const maxTokenRequests = 8

// maxTokenRenewals bounds how often one call is repeated with a new token
// after the API refused the one it carried (401 invalid_token): enough to
// outlast tokens that concurrent calls used up meanwhile, few enough that a
// refusal storm ends the call soon.
const maxTokenRenewals = 3

// Token makes sure the Client holds a usable access token: it fetches one
// when there is none, or when the one held is about to expire. Its error is
// a *TokenError (ErrInvalidClient, ErrInvalidScope, ErrTokenRefused) or a
// *NetError.
func (c *Client) Token(ctx context.Context) error {
	_, err := c.accessToken(ctx)
	return err
}

// SetScopes changes the scopes asked for and drops the token held, so the
// next call asks again: the application check retries with the scopes
// Huntress needs when "all" is refused as invalid_scope.
func (c *Client) SetScopes(scopes []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scopes = slices.Clone(scopes)
	c.tok = nil
}

// GrantedScope is the "scope" of the last token response, which says what
// Halo actually granted, or "" when Halo did not say (or no token yet).
func (c *Client) GrantedScope() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok == nil {
		return ""
	}
	s, _ := c.tok.Extra("scope").(string)
	return s
}

// accessToken returns a fresh access token, fetching at most one at a time:
// concurrent callers wait for the fetch in flight and share its token.
func (c *Client) accessToken(ctx context.Context) (string, error) {
	if c.hostErr != nil {
		return "", c.hostErr
	}
	select {
	case c.tokenTurn <- struct{}{}:
	case <-ctx.Done():
		return "", c.transportError(ctx, ctx.Err())
	}
	defer func() { <-c.tokenTurn }()

	c.mu.Lock()
	tok, at, scopes := c.tok, c.tokAt, slices.Clone(c.scopes)
	c.mu.Unlock()
	if tok != nil && c.fresh(tok, at) {
		return tok.AccessToken, nil
	}
	tok, err := c.fetchToken(ctx, scopes)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if slices.Equal(scopes, c.scopes) { // SetScopes did not run meanwhile
		c.tok, c.tokAt = tok, c.now()
	}
	c.mu.Unlock()
	return tok.AccessToken, nil
}

// dropToken forgets the token held if it is still used, the one Halo just
// refused, so that the next call fetches another; a token fetched
// meanwhile by a concurrent call is kept.
func (c *Client) dropToken(used string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && used != "" && c.tok.AccessToken == used {
		c.tok = nil
	}
}

// fresh reports whether a token issued at may still be used: it does not
// expire within its refresh margin (a token without expires_in does not
// expire).
func (c *Client) fresh(tok *oauth2.Token, at time.Time) bool {
	if tok.Expiry.IsZero() {
		return true
	}
	early := min(maxTokenEarly, tok.Expiry.Sub(at)/tokenEarlyShare)
	return c.now().Add(early).Before(tok.Expiry)
}

// fetchToken runs the client-credentials grant against TokenURL, as the
// Huntress integration does: the secret in the form body
// (AuthStyleInParams, so a wrong secret costs one request, not the two
// that auto-detection makes), no tenant parameter. A 429 or 5xx is retried
// like an idempotent API call, within the rate-limit budget and the
// Client's cap on token requests.
func (c *Client) fetchToken(ctx context.Context, scopes []string) (*oauth2.Token, error) {
	cfg := clientcredentials.Config{
		ClientID:     c.clientID,
		ClientSecret: c.secret,
		TokenURL:     c.TokenURL(),
		Scopes:       scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	deadline := time.Now().Add(c.timeout) // moves on by every rate-limit wait
	r := request{method: http.MethodPost, path: "/auth/token", replay: replayIdempotent}
	for attempt := 1; ; attempt++ {
		if err := c.countTokenRequest(); err != nil {
			return nil, err
		}
		actx, cancel := context.WithDeadline(ctx, deadline)
		tok, err := cfg.Token(context.WithValue(actx, oauth2.HTTPClient, c.hc))
		if err == nil {
			err = c.checkToken(tok)
		} else {
			err = c.tokenError(actx, err)
		}
		cancel()
		if err == nil {
			return tok, nil // checkToken taught the redactor the token
		}
		w, again := c.nextWait(r, err, attempt)
		if !again || !c.pause(ctx, r, w, &deadline, err) {
			return nil, err
		}
	}
}

// countTokenRequest counts one more token request, or refuses it past
// maxTokenRequests.
func (c *Client) countTokenRequest() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokTries >= maxTokenRequests {
		return &TokenError{Kind: ErrTokenRefused, URL: c.TokenURL(),
			Description: fmt.Sprintf("halowiz already asked Halo for a token %d times in this run and stops there", maxTokenRequests)}
	}
	c.tokTries++
	return nil
}

// checkToken accepts only a bearer token (RFC 6749 §7.1: a client must not
// use a token whose type it does not understand). A token_type left out is
// taken as Bearer, as the oauth2 package does.
func (c *Client) checkToken(tok *oauth2.Token) error {
	c.red.Add(tok.AccessToken)
	if t := strings.TrimSpace(tok.TokenType); t != "" && !strings.EqualFold(t, "bearer") {
		return &TokenError{Kind: ErrTokenRefused, Status: http.StatusOK, URL: c.TokenURL(),
			Description: fmt.Sprintf("Halo issued a token of type %q; halowiz (like Huntress) uses only Bearer tokens, so it was not used", cutRunes(c.red.Redact(t), maxMessageLen))}
	}
	if strings.TrimSpace(tok.AccessToken) == "" {
		return &TokenError{Kind: ErrTokenRefused, Status: http.StatusOK, URL: c.TokenURL(), Description: "the answer holds no access token"}
	}
	return nil
}

// tokenError turns what the oauth2 package returned into a *TokenError or
// a *NetError, with every text redacted. The context comes first: a token
// request cut off by its deadline timed out, whatever the JSON parser made
// of the half it got.
func (c *Client) tokenError(ctx context.Context, err error) error {
	var tokErr *TokenError
	if errors.As(err, &tokErr) {
		return err
	}
	if retry.Stopped(ctx) != nil {
		return c.transportError(ctx, err)
	}
	var rErr *oauth2.RetrieveError
	if !errors.As(err, &rErr) || rErr.Response == nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) || strings.HasPrefix(err.Error(), "oauth2: cannot fetch token") {
			return c.transportError(ctx, err)
		}
		// A 2xx answer that is not a token (oauth2 reports only these so).
		return &TokenError{Kind: ErrTokenRefused, Status: http.StatusOK, URL: c.TokenURL(),
			Description: "the answer is not a token: " + cutRunes(c.red.Redact(err.Error()), maxMessageLen)}
	}
	resp := rErr.Response
	e := &TokenError{
		Status:      resp.StatusCode,
		Code:        cutRunes(c.red.Redact(rErr.ErrorCode), maxMessageLen),
		Description: cutRunes(c.red.Redact(rErr.ErrorDescription), maxMessageLen),
		URL:         c.TokenURL(),
		RetryAfter:  retry.After(resp.Header, c.now()),
	}
	e.Kind = tokenKind(e.Status, e.Code)
	if e.Description == "" {
		e.Description = c.describeTokenBody(resp, rErr.Body, e.Code)
	}
	return e
}

// tokenKind sorts a refusal: invalid_client (or a bare 401) means the
// Client ID or secret, invalid_scope the application's permissions.
func tokenKind(status int, code string) error {
	switch {
	case code == "invalid_client", code == "" && status == http.StatusUnauthorized:
		return ErrInvalidClient
	case code == "invalid_scope":
		return ErrInvalidScope
	}
	return ErrTokenRefused
}

// describeTokenBody says what a refusal without error_description said:
// its messages, an HTML page's title, or where it redirected (a redirect is
// never followed with the credentials).
func (c *Client) describeTokenBody(resp *http.Response, body []byte, code string) string {
	if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
		return "redirected to " + cutRunes(c.red.Redact(loc), maxMessageLen) + ", which halowiz does not follow with the credentials"
	}
	rep := reportBody(c.red, resp.Header.Get("Content-Type"), body)
	if rep.html {
		return fmt.Sprintf("an HTML page titled %q", rep.excerpt)
	}
	msgs := slices.DeleteFunc(rep.messages, func(m string) bool { return m == code })
	return strings.Join(msgs, "; ")
}
