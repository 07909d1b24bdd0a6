package huntress

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

const (
	// pageSize is the largest page Huntress serves.
	pageSize = 500
	// maxPages stops a server that keeps answering "there is more".
	maxPages = 1000
)

// orgPage is one answer of GET /v1/organizations.
type orgPage struct {
	Organizations *[]Organization `json:"organizations"`
	Pagination    pagination      `json:"pagination"`
}

// read gives listPages the page's rows, its pagination, and what to say
// when the rows are missing.
func (p orgPage) read() (*[]Organization, pagination, string) {
	return p.Organizations, p.Pagination, `the answer has no "organizations"`
}

// pagination holds both paging styles: the current page_token one and the
// legacy page-number one older clients were written against.
type pagination struct {
	NextPageToken string          `json:"next_page_token"`
	NextPageURL   string          `json:"next_page_url"`
	NextPage      json.RawMessage `json:"next_page"` // legacy: a number, a string or null
}

// next returns the query that asks for the following page, or nil after the
// last one. next_page_url is read only for its query: following it would send
// the credentials to whatever host it names.
func (p pagination) next(query url.Values) url.Values {
	token, page := p.NextPageToken, legacyPage(p.NextPage)
	if token == "" && page == "" && p.NextPageURL != "" {
		if u, err := url.Parse(p.NextPageURL); err == nil {
			token, page = u.Query().Get("page_token"), u.Query().Get("page")
		}
	}
	next := url.Values{"limit": {strconv.Itoa(pageSize)}}
	switch {
	case token != "":
		next.Set("page_token", token)
	case page != "" && page != query.Get("page"):
		next.Set("page", page)
	default:
		return nil
	}
	return next
}

func legacyPage(raw json.RawMessage) string {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return s
	}
	return ""
}

// Organizations returns every organization of the account, following the
// pages (GET /v1/organizations, 500 at a time). Pages past maxPages are an
// error: they do not end.
func (c *Client) Organizations(ctx context.Context) ([]Organization, error) {
	const path = "/v1/organizations"
	all, rest, err := listPages(ctx, c, path, "Huntress organizations", nil, maxPages, orgPage.read,
		func([]Organization) bool { return false })
	if rest != nil {
		return nil, c.endless(path, maxPages+1, rest)
	}
	return all, err
}
