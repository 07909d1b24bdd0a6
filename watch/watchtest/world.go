package watchtest

import (
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"time"

	"halowiz/demo"
	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/steps"
)

// World is a scenario served: the simulated Halo tenant and the simulated
// Huntress API, each over TLS on loopback.
type World struct {
	Scenario Scenario
	Halo     *halotest.Server
	Huntress *huntresstest.Server
	huntress *httptest.Server
}

// Option changes how Start builds a world.
type Option func(*options)

type options struct {
	latency      time.Duration
	reports      int // > 0: this many generated reports instead of the healthy ones
	otherTickets int
}

// WithLatency delays every answer of both services by d.
func WithLatency(d time.Duration) Option { return func(o *options) { o.latency = d } }

// WithGeneratedFlow replaces the healthy reports with n generated ones sent
// over the week, each with its ticket, and adds tickets no integration
// logged until Halo holds total tickets from the week: the benchmark's
// world.
func WithGeneratedFlow(n, total int) Option {
	return func(o *options) { o.reports, o.otherTickets = n, max(total-n, 0) }
}

// Parts are what a scenario's world is built from at now: the Halo
// scenario and the options of both simulations, for a caller that serves
// them its own way (through a proxy, with its own certificates).
func Parts(sc Scenario, now time.Time, opts ...Option) (halotest.Scenario, []halotest.Option, []huntresstest.Option, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	haloSc, ok := halotest.Lookup(sc.Halo)
	if sc.Halo == "" {
		haloSc, ok = halotest.Healthy(), true
	}
	if !ok {
		return halotest.Scenario{}, nil, nil, fmt.Errorf("watch scenario %s: no Halo scenario %q", sc.Name, sc.Halo)
	}
	reports := healthyReports(now)
	switch {
	case o.reports > 0:
		reports = generatedReports(now, o.reports)
	case sc.Flow.NoReports:
		reports = reports[:1] // only the one sent before the window
	}
	tickets := append(ticketsFor(reports, sc.Flow), otherTickets(now, max(o.otherTickets, 12))...)
	haloOpts := []halotest.Option{halotest.WithTickets(tickets...), halotest.WithAppVersion(sc.HaloVersion)}
	if o.latency > 0 {
		haloOpts = append(haloOpts, halotest.WithLatency(o.latency))
	}
	huntOpts := []huntresstest.Option{huntresstest.WithOrganizationList(demo.Organizations(haloSc)),
		huntresstest.WithIncidentReports(reports...),
		huntresstest.WithPlatformActions(platformActions(now, sc.Flow.PSAAction)...),
		huntresstest.WithScenario(huntresstest.Scenario{Latency: o.latency})}
	return haloSc, haloOpts, huntOpts, nil
}

// Start serves sc's world as it stands at now. Close it when done.
func Start(sc Scenario, now time.Time, opts ...Option) (*World, error) {
	haloSc, haloOpts, huntOpts, err := Parts(sc, now, opts...)
	if err != nil {
		return nil, err
	}
	srv, err := halotest.Start(haloSc, haloOpts...)
	if err != nil {
		return nil, fmt.Errorf("start the simulated tenant: %w", err)
	}
	sim := huntresstest.NewServer(huntOpts...)
	hunt := httptest.NewUnstartedServer(sim)
	hunt.Config.ErrorLog = log.New(io.Discard, "", 0)
	hunt.StartTLS()
	return &World{Scenario: sc, Halo: srv, Huntress: sim, huntress: hunt}, nil
}

// Close stops both services.
func (w *World) Close() {
	w.Huntress.Release()
	w.huntress.Close()
	w.Halo.Close()
}

// Config is what an admin of the simulated tenant gives halowiz: the
// values of a finished setup, with a Huntress key.
func (w *World) Config() steps.Config { return demo.Config(w.Halo.Tenant.Scenario()) }

// Env points the checks at the world's services.
func (w *World) Env() steps.Env {
	return steps.Env{HTTPClient: w.Halo.Client(), HuntressHTTPClient: w.huntress.Client(), HuntressURL: w.huntress.URL}
}
