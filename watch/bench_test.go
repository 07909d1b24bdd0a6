package watch_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"halowiz/watch"
	"halowiz/watch/watchtest"
)

// The load: 500 incident reports Huntress sent this week, 5,000
// tickets in Halo from the same week.
const (
	benchReports = 500
	benchTickets = 5000
)

// BenchmarkCycle500Reports5000Tickets runs one cycle against that load with
// 80 ms on every answer of both services, and reports the requests sent to
// each and the wall time per cycle (the goal: under 30 requests, under 5 s).
func BenchmarkCycle500Reports5000Tickets(b *testing.B) {
	const latency = 80 * time.Millisecond
	w := world(b, "healthy", watchtest.WithLatency(latency), watchtest.WithGeneratedFlow(benchReports, benchTickets))
	var halo, huntress int
	var wall time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		c := cycle(b, w, watch.TenantState{})
		wall += time.Since(start)
		if !flowProven(c, benchReports) {
			b.Fatalf("the cycle did not prove the %d reports: %v", benchReports, ids(watchStep(b, c.Report)))
		}
		halo += c.Requests.Halo
		huntress += c.Requests.Huntress
	}
	n := float64(b.N)
	b.ReportMetric(float64(halo)/n, "halo-requests/op")
	b.ReportMetric(float64(huntress)/n, "huntress-requests/op")
	b.ReportMetric(float64(halo+huntress)/n, "requests/op")
	b.ReportMetric(wall.Seconds()/n, "wall-s/op")
}

// TestTheBenchmarkLoadStaysUnder30Requests holds the request count of the
// benchmark's cycle to the goal, without latency (the count does not
// depend on it; the time is the benchmark's to report).
func TestTheBenchmarkLoadStaysUnder30Requests(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 tickets")
	}
	w := world(t, "healthy", watchtest.WithGeneratedFlow(benchReports, benchTickets))
	c := cycle(t, w, watch.TenantState{})
	if !flowProven(c, benchReports) {
		t.Fatalf("not proven: %v", ids(watchStep(t, c.Report)))
	}
	if total := c.Requests.Halo + c.Requests.Huntress; total >= 30 || c.Requests.Halo > watch.PlannedRequests {
		t.Errorf("a cycle sent %d requests to Halo and %d to Huntress; the goal is under 30", c.Requests.Halo, c.Requests.Huntress)
	}
}

// flowProven reports whether the cycle proved each of the n reports.
func flowProven(c watch.Cycle, n int) bool {
	ws, _ := c.Report.Step(watch.Step)
	for _, f := range ws.Findings {
		if f.ID == "watch.flow-proven" {
			return strings.Contains(f.Message, fmt.Sprintf("Each of the %d incident reports", n))
		}
	}
	return false
}
