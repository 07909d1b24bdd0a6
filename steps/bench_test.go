package steps_test

import (
	"context"
	"testing"
	"time"

	"halowiz/halo/halotest"
	"halowiz/steps"
)

// BenchmarkHealthyCheckWithTestTicket runs a full check, test ticket
// included, against the healthy tenant with 80 ms of latency on every
// answer. It reports the requests sent, the critical path in round trips
// (wall time over the latency) and wall / (80 ms x requests): the share of
// the serial time the concurrency leaves.
func BenchmarkHealthyCheckWithTestTicket(b *testing.B) {
	const latency = 80 * time.Millisecond
	f := newFixture(b, halotest.Healthy(), halotest.WithLatency(latency))
	cfg := demoConfig(halotest.Healthy())
	cfg.Timeout = 10 * time.Second
	var requests int
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		before := f.halo.Tenant.Stats().Requests
		rep := steps.Run(context.Background(), cfg, f.env)
		if !rep.OK() {
			b.Fatalf("healthy check failed:\n%s", outline(rep))
		}
		requests += f.halo.Tenant.Stats().Requests - before
	}
	wall := time.Since(start) / time.Duration(b.N)
	perRun := float64(requests) / float64(b.N)
	b.ReportMetric(perRun, "requests/op")
	b.ReportMetric(float64(wall)/float64(latency), "round-trips/op")
	b.ReportMetric(float64(wall)/(float64(latency)*perRun), "wall/serial")
}

// BenchmarkNeverAnsweringTenant reports the wall time of a check against a
// tenant that never answers, with a 2 s deadline.
func BenchmarkNeverAnsweringTenant(b *testing.B) {
	sc, _ := halotest.Lookup("never-answers")
	f := newFixture(b, sc)
	cfg := demoConfig(sc)
	for i := 0; i < b.N; i++ {
		steps.Run(context.Background(), cfg, f.env)
	}
}
