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
)

// tokenEarly is how long before its expiry a token is replaced, so that it
// never runs out in the middle of a check.
const tokenEarly = 60 * time.Second

// Token makes sure the Client holds a usable access token: it fetches one
// when there is none, or when the one held expires within a minute. Its
// error is a *TokenError (ErrInvalidClient, ErrInvalidScope,
// ErrTokenRefused) or a *NetError.
func (c *Client) Token(ctx context.Context) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	_, err := c.accessToken(ctx)
	return err
}

// Scopes are the scopes the Client asks the token endpoint for.
func (c *Client) Scopes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.scopes)
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
	tok, scopes := c.tok, slices.Clone(c.scopes)
	c.mu.Unlock()
	if tok != nil && (tok.Expiry.IsZero() || c.now().Add(tokenEarly).Before(tok.Expiry)) {
		return tok.AccessToken, nil
	}
	tok, err := c.fetchToken(ctx, scopes)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if slices.Equal(scopes, c.scopes) { // SetScopes did not run meanwhile
		c.tok = tok
	}
	c.mu.Unlock()
	return tok.AccessToken, nil
}

// fetchToken runs the client-credentials grant. The secret goes in the
// form body (AuthStyleInParams), so that a wrong secret costs one request
// and not the two that auto-detection makes. A 429 or 5xx is retried like
// an idempotent API call: no grant can create anything.
func (c *Client) fetchToken(ctx context.Context, scopes []string) (*oauth2.Token, error) {
	tokenURL := c.tokenURL()
	cfg := clientcredentials.Config{
		ClientID:     c.clientID,
		ClientSecret: c.secret,
		TokenURL:     tokenURL,
		Scopes:       scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	octx := context.WithValue(ctx, oauth2.HTTPClient, c.hc)
	for attempt := 1; ; attempt++ {
		tok, err := cfg.Token(octx)
		if err == nil {
			c.red.Add(tok.AccessToken)
			return tok, nil
		}
		err = c.tokenError(ctx, tokenURL, err)
		wait, again := retryable(request{replay: replayIdempotent}, err)
		if !again || attempt == maxAttempts || !c.pause(ctx, attempt, wait, err) {
			return nil, err
		}
	}
}

// tokenError turns what the oauth2 package returned into a *TokenError or
// a *NetError, with every text redacted.
func (c *Client) tokenError(ctx context.Context, tokenURL string, err error) error {
	var rErr *oauth2.RetrieveError
	if !errors.As(err, &rErr) || rErr.Response == nil {
		var urlErr *url.Error
		if ctx.Err() != nil || errors.As(err, &urlErr) || strings.HasPrefix(err.Error(), "oauth2: cannot fetch token") {
			return c.transportError(ctx, err)
		}
		// A 2xx answer that is not a token (oauth2 reports only these so).
		return &TokenError{Kind: ErrTokenRefused, Status: http.StatusOK, URL: tokenURL,
			Description: "the answer is not a token: " + c.red.Redact(err.Error())}
	}
	resp := rErr.Response
	e := &TokenError{
		Status:      resp.StatusCode,
		Code:        c.red.Redact(rErr.ErrorCode),
		Description: c.red.Redact(rErr.ErrorDescription),
		URL:         tokenURL,
		RetryAfter:  retryAfter(resp.Header, c.now()),
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
// its messages, an HTML page's title, or where it redirected.
func (c *Client) describeTokenBody(resp *http.Response, body []byte, code string) string {
	if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
		return "redirected to " + cutRunes(c.red.Redact(loc), maxMessageLen)
	}
	rep := reportBody(c.red, resp.Header.Get("Content-Type"), body)
	if rep.html {
		return fmt.Sprintf("an HTML page titled %q", rep.excerpt)
	}
	msgs := slices.DeleteFunc(rep.messages, func(m string) bool { return m == code })
	return strings.Join(msgs, "; ")
}
