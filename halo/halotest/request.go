package halotest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// query returns the request's query parameters under lower-cased names:
// Halo (ASP.NET) binds parameters whatever their case.
func query(r *http.Request) url.Values {
	q := url.Values{}
	for name, values := range r.URL.Query() {
		key := strings.ToLower(name)
		q[key] = append(q[key], values...)
	}
	return q
}

// intParam is the integer parameter name, or def when it is absent or not
// a number.
func intParam(q url.Values, name string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(q.Get(name)))
	if err != nil {
		return def
	}
	return n
}

// boolParam reports whether the parameter name is "true" (any case) or "1".
func boolParam(q url.Values, name string) bool {
	v := strings.TrimSpace(q.Get(name))
	return strings.EqualFold(v, "true") || v == "1"
}

// pathID is the {id} of the route, when it is a number.
func pathID(r *http.Request) (int, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	return id, err == nil
}

// Halo's paging: without pageinate every row comes back, or the first count;
// with it, pages of page_size rows but never more than maxPageSize, whatever
// page_size asked for. The answer repeats the page_size asked for, which is
// how clients that trust it lose every row after the first hundred (the
// HaloAPI PowerShell module did).
const (
	defaultPageSize = 50
	maxPageSize     = 100
)

// page is the window of a list one request gets.
type page struct {
	from, to int // the rows, as slice bounds
	no, size int // page_no and page_size to answer
}

func pageOf(q url.Values, total int) page {
	if !boolParam(q, "pageinate") {
		to := total
		if n := intParam(q, "count", 0); n > 0 {
			to = min(n, total)
		}
		return page{from: 0, to: to, no: 1, size: to}
	}
	size := intParam(q, "page_size", defaultPageSize)
	if size <= 0 {
		size = defaultPageSize
	}
	no := max(intParam(q, "page_no", 1), 1)
	rows := min(size, maxPageSize)
	from := min((no-1)*rows, total)
	return page{from: from, to: min(from+rows, total), no: no, size: size}
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
