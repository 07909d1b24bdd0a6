package halotest_test

import (
	"strconv"
	"testing"

	"halowiz/halo/halotest"
)

// BenchmarkPageThroughFiveThousandClients reads a large MSP's client list
// the way Huntress's editor does, a hundred at a time.
func BenchmarkPageThroughFiveThousandClients(b *testing.B) {
	s := newSession(b, start(b, halotest.Healthy(), halotest.WithCustomers(5000))).login("all")
	for b.Loop() {
		seen := 0
		for page := 1; ; page++ {
			var l struct {
				RecordCount int   `json:"record_count"`
				Clients     []any `json:"clients"`
			}
			s.get("/api/Client?pageinate=true&page_size=100&page_no="+strconv.Itoa(page)).decode(b, &l)
			seen += len(l.Clients)
			if len(l.Clients) == 0 || seen >= l.RecordCount {
				break
			}
		}
		if seen != 5007 {
			b.Fatalf("saw %d clients, want 5007 active", seen)
		}
	}
}

func BenchmarkNewTenantWithFiveThousandClients(b *testing.B) {
	for b.Loop() {
		halotest.NewTenant(halotest.Healthy(), halotest.WithCustomers(5000)).Close()
	}
}
