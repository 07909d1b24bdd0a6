package halo

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// clientPages serves a tenant's clients the way Halo pages them: at most
// capRows rows a page whatever page_size asks for, with record_count the
// whole number. Pages are encoded once so that the server adds little to a
// benchmark's allocations.
type clientPages struct {
	pages       [][]byte
	latency     time.Duration
	requests    atomic.Int32
	inFlight    atomic.Int32
	maxInFlight atomic.Int32
	badPage     int // answers 500 for this page when not 0
}

func newClientPages(total, capRows int, latency time.Duration) *clientPages {
	p := &clientPages{latency: latency}
	for start := 0; start < total; start += capRows {
		var rows []map[string]any
		for id := start + 1; id <= min(start+capRows, total); id++ {
			rows = append(rows, map[string]any{"id": id, "name": fmt.Sprintf("Client %04d", id), "inactive": id%50 == 0})
		}
		b, _ := json.Marshal(map[string]any{"record_count": total, "clients": rows})
		p.pages = append(p.pages, b)
	}
	return p
}

func (p *clientPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	now := p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	for seen := p.maxInFlight.Load(); now > seen && !p.maxInFlight.CompareAndSwap(seen, now); seen = p.maxInFlight.Load() {
	}
	time.Sleep(p.latency)
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page_no"))
	switch {
	case q.Get("pageinate") != "true" || q.Get("page_size") != "100" || q.Get("includeinactive") != "true":
		writeText(w, 400, "text/plain", "unexpected query "+r.URL.RawQuery)
	case page == p.badPage:
		writeText(w, 500, "text/plain", "Something went wrong")
	case page < 1 || page > len(p.pages):
		writeJSON(w, 200, map[string]any{"record_count": 0, "clients": []any{}})
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(p.pages[page-1])
	}
}

func TestCustomersReadsEveryPageOfAFiveThousandClientTenant(t *testing.T) {
	t.Parallel()
	for _, capRows := range []int{100, 60} { // Halo's cap, and a server capping below what was asked
		f := newFake(t)
		pages := newClientPages(5000, capRows, 10*time.Millisecond)
		f.on("GET /api/Client", pages.ServeHTTP)
		customers, err := f.client().Customers(timeout(t, 15*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if len(customers) != 5000 {
			t.Fatalf("cap %d: %d customers, want 5000", capRows, len(customers))
		}
		for i, c := range customers {
			if c.ID != i+1 {
				t.Fatalf("cap %d: customer %d has id %d: out of order", capRows, i, c.ID)
			}
		}
		if n, want := int(pages.requests.Load()), (5000+capRows-1)/capRows; n != want {
			t.Errorf("cap %d: %d requests, want %d", capRows, n, want)
		}
		if m := pages.maxInFlight.Load(); m > maxPagesInFlight || m < 2 {
			t.Errorf("cap %d: %d pages in flight at most, want 2 to %d", capRows, m, maxPagesInFlight)
		}
	}
}

func TestCustomersDropsAClientSeenOnTwoPages(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Client", func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page_no")
		rows := map[string][]map[string]any{
			"1": {{"id": 1}, {"id": 2}},
			"2": {{"id": 2}, {"id": 3}}, // client 2 moved down while paging
		}[page]
		writeJSON(w, 200, map[string]any{"record_count": 4, "clients": rows})
	})
	customers, err := f.client().Customers(timeout(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(customers) != 3 || customers[0].ID != 1 || customers[1].ID != 2 || customers[2].ID != 3 {
		t.Errorf("customers = %+v", customers)
	}
}

func TestCustomersFailsWithTheFirstFailedPage(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	pages := newClientPages(1000, 100, 0)
	pages.badPage = 7
	f.on("GET /api/Client", pages.ServeHTTP)
	_, err := f.client().Customers(timeout(t, 5*time.Second))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 500 || apiErr.Path != "/api/Client?includeinactive=true&page_no=7&page_size=100&pageinate=true" {
		t.Fatalf("err = %v, want page 7's 500", err)
	}
}

func TestCustomersMakesOneRequestWhenHaloIgnoresPaging(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	pages := newClientPages(250, 250, 0)
	f.on("GET /api/Client", pages.ServeHTTP)
	customers, err := f.client().Customers(timeout(t, 5*time.Second))
	if err != nil || len(customers) != 250 || pages.requests.Load() != 1 {
		t.Errorf("%d customers in %d requests, %v", len(customers), pages.requests.Load(), err)
	}
}

func TestCustomersRefusesAnImplausibleRecordCount(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Client", answerJSON(200, map[string]any{"record_count": 1 << 30, "clients": []map[string]any{{"id": 1}}}))
	_, err := f.client().Customers(timeout(t, 5*time.Second))
	if err == nil || f.count("GET /api/Client") != 1 {
		t.Errorf("err = %v after %d requests", err, f.count("GET /api/Client"))
	}
}

func TestProbeCustomersReadsTheRecordCount(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("GET /api/Client", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "count=1" {
			t.Errorf("query = %q", r.URL.RawQuery)
		}
		writeJSON(w, 200, map[string]any{"record_count": 321, "clients": []map[string]any{{"id": 1}}})
	})
	if n, err := f.client().ProbeCustomers(timeout(t, 5*time.Second)); n != 321 || err != nil {
		t.Errorf("ProbeCustomers = %d, %v", n, err)
	}
}

// BenchmarkCustomers5000 lists a 5,000-client tenant whose every answer
// takes 80 ms. The goal is under 1.5 s and at most 50 requests per list.
func BenchmarkCustomers5000(b *testing.B) {
	f := newFake(b)
	pages := newClientPages(5000, 100, 80*time.Millisecond)
	f.on("GET /api/Client", pages.ServeHTTP)
	b.ReportAllocs()
	var requests int32
	for b.Loop() {
		b.StopTimer()
		c := f.readyClient(b) // a fresh rate-limit bucket and a token, untimed
		before := pages.requests.Load()
		b.StartTimer()
		customers, err := c.Customers(timeout(b, 15*time.Second))
		if err != nil || len(customers) != 5000 {
			b.Fatalf("%d customers, %v", len(customers), err)
		}
		requests += pages.requests.Load() - before
	}
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
}
