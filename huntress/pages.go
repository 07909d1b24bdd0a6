package huntress

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"strconv"
)

// listPages follows the pages of a list answer, {"<key>": [...],
// "pagination": {...}}, from query: limit 500, then each next page with
// query's own filters and sorting kept. It stops after the last page, after
// maxPages (truncated is then true), or as soon as enough says the items so
// far reach back far enough. Every page shares ctx's deadline.
func listPages[T any](ctx context.Context, c *Client, path, key string, query url.Values, maxPages int, enough func(page []T) bool) (all []T, truncated bool, err error) {
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
			return nil, false, c.unexpected(path, fmt.Sprintf("the pages do not end (page %d asks again for %q)", page, query.Encode()))
		}
		seen[query.Encode()] = true
		var answer map[string]json.RawMessage
		if err := c.get(ctx, path, query, &answer); err != nil {
			return nil, false, fmt.Errorf("list %s, page %d: %w", key, page, err)
		}
		var rows *[]T
		if err := json.Unmarshal(answer[key], &rows); err != nil || rows == nil {
			return nil, false, c.unexpected(path, fmt.Sprintf("the answer has no list %q", key))
		}
		all = append(all, *rows...)
		var p pagination
		_ = json.Unmarshal(answer["pagination"], &p) // absent or odd: no next page
		next := p.next(query)
		switch {
		case next == nil || enough(*rows):
			return all, false, nil
		case page == maxPages:
			return all, true, nil
		}
		query.Del("page")
		query.Del("page_token")
		maps.Copy(query, next)
	}
}
