package huntress

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"strconv"
)

// listPages follows the pages of a list answer from query: limit 500, then
// each next page with query's own filters and sorting kept. Each page is
// decoded as an A, and read gives its rows, its pagination, and what to say
// when the rows are missing (rows nil). It stops after the last page, after
// maxPages, or as soon as enough says the items so far reach back far
// enough. rest is the query of the first page not read when maxPages cut
// the list, else nil. Errors of a request name the list by label. Every
// page shares ctx's deadline.
func listPages[A, T any](ctx context.Context, c *Client, path, label string, query url.Values, maxPages int,
	read func(A) (rows *[]T, p pagination, missing string), enough func(page []T) bool) (all []T, rest url.Values, err error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	query = maps.Clone(query)
	if query == nil {
		query = url.Values{}
	}
	query.Set("limit", strconv.Itoa(pageSize))
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if seen[query.Encode()] {
			return nil, nil, c.endless(path, page, query)
		}
		seen[query.Encode()] = true
		var answer A
		if err := c.get(ctx, path, query, &answer); err != nil {
			return nil, nil, fmt.Errorf("list %s, page %d: %w", label, page, err)
		}
		rows, p, missing := read(answer)
		if rows == nil {
			return nil, nil, c.unexpected(path, missing)
		}
		all = append(all, *rows...)
		next := p.next(query)
		if next == nil || enough(*rows) {
			return all, nil, nil
		}
		query.Del("page")
		query.Del("page_token")
		maps.Copy(query, next)
		if page == maxPages {
			return all, query, nil
		}
	}
}

// keyed reads a list answer, {"<key>": [...], "pagination": {...}}, decoded
// as a map: rows that do not read as a list of T are missing, and a
// pagination that does not read is no next page.
func keyed[T any](key string) func(map[string]json.RawMessage) (*[]T, pagination, string) {
	return func(answer map[string]json.RawMessage) (*[]T, pagination, string) {
		var rows *[]T
		if err := json.Unmarshal(answer[key], &rows); err != nil || rows == nil {
			return nil, pagination{}, fmt.Sprintf("the answer has no list %q", key)
		}
		var p pagination
		_ = json.Unmarshal(answer["pagination"], &p) // absent or odd: no next page
		return rows, p, ""
	}
}

// endless is the error of pages that keep asking for more: page would ask
// again for query, or for one past the most a list reads.
func (c *Client) endless(path string, page int, query url.Values) error {
	return c.unexpected(path, fmt.Sprintf("the pages do not end (page %d asks again for %q)", page, query.Encode()))
}
