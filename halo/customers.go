package halo

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

const (
	// customerPageSize is Halo's cap on a page: it answers at most 100
	// rows whatever page_size asks for, so pages are counted from the rows
	// actually returned.
	customerPageSize = 100
	// maxPagesInFlight bounds the concurrent page requests.
	maxPagesInFlight = 4
	// maxCustomerPages stops a list that Halo's rate limit (300 requests
	// per 5 minutes) could not serve anyway, or a nonsensical record_count.
	maxCustomerPages = 250
)

// Customers lists every Halo client, inactive ones included, in Halo's
// order and without duplicates (a client can move between pages while they
// are read). Page 1 says how many there are; the other pages are fetched at
// most four at a time, all within ctx's deadline.
func (c *Client) Customers(ctx context.Context) ([]Customer, error) {
	first, total, err := c.customerPage(ctx, 1)
	if err != nil {
		return nil, err
	}
	perPage := len(first)
	if perPage == 0 || total <= perPage {
		return uniqueCustomers(first), nil
	}
	pages := (total + perPage - 1) / perPage
	if pages > maxCustomerPages {
		return nil, fmt.Errorf("list clients: Halo reports %d clients, more than the %d that halowiz reads within Halo's rate limit",
			total, maxCustomerPages*perPage)
	}
	rest, err := c.customerPages(ctx, 2, pages)
	if err != nil {
		return nil, err
	}
	all := first
	for _, rows := range rest {
		all = append(all, rows...)
	}
	return uniqueCustomers(all), nil
}

// customerPages fetches pages from..to, at most maxPagesInFlight at once,
// and returns them in page order. The first failure cancels the others.
func (c *Client) customerPages(parent context.Context, from, to int) ([][]Customer, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	results := make([][]Customer, to-from+1)
	turn := make(chan struct{}, maxPagesInFlight)
	var (
		wg       sync.WaitGroup
		failOnce sync.Once
		failure  error
	)
spawn:
	for page := from; page <= to; page++ {
		select {
		case turn <- struct{}{}:
		case <-ctx.Done():
			break spawn
		}
		wg.Go(func() {
			defer func() { <-turn }()
			rows, _, err := c.customerPage(ctx, page)
			if err != nil {
				failOnce.Do(func() { failure = err; cancel() })
				return
			}
			results[page-from] = rows
		})
	}
	wg.Wait()
	if failure == nil && parent.Err() != nil {
		failure = c.transportError(parent, parent.Err())
	}
	return results, failure
}

// customerPage is GET /api/Client for one page of 100.
func (c *Client) customerPage(ctx context.Context, page int) ([]Customer, int, error) {
	q := url.Values{
		"pageinate":       {"true"}, // sic: Halo's spelling
		"page_size":       {strconv.Itoa(customerPageSize)},
		"page_no":         {strconv.Itoa(page)},
		"includeinactive": {"true"},
	}
	return getList[Customer](ctx, c, request{method: http.MethodGet, path: "/api/Client", query: q}, "clients")
}

// uniqueCustomers keeps the first row of each client id, in order.
func uniqueCustomers(rows []Customer) []Customer {
	seen := make(map[int]bool, len(rows))
	out := rows[:0:0]
	for _, r := range rows {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}
