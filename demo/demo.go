// Package demo is the simulated setup halowiz runs against without an
// account: a simulated Halo tenant and a simulated Huntress API, both served
// on loopback inside the process, and the values an admin of that tenant
// would give halowiz. `halowiz demo`, `halowiz check --demo` and the tests
// that walk a whole setup all start it here, so there is one finished setup
// of the simulated tenant, not one per caller.
//
// Nothing it does may reach the network, the real keyring or the real
// settings.
package demo

import (
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"sort"
	"strings"

	"halowiz/halo/halotest"
	"halowiz/huntress"
	"halowiz/huntress/huntresstest"
	"halowiz/steps"
)

// Tenant is one running simulated setup.
type Tenant struct {
	Scenario halotest.Scenario
	halo     *halotest.Server
	huntress *httptest.Server
}

// Start serves the scenario named name, with the simulated tenant's options.
func Start(name string, opts ...halotest.Option) (*Tenant, error) {
	sc, ok := halotest.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q; the scenarios are: %s", name, strings.Join(Names(), ", "))
	}
	srv, err := halotest.Start(sc, opts...)
	if err != nil {
		return nil, fmt.Errorf("start the simulated tenant: %w", err)
	}
	hunt := httptest.NewUnstartedServer(huntresstest.NewServer(huntresstest.WithOrganizationList(Organizations(sc))))
	// Connections cut short by a run that ends are no news.
	hunt.Config.ErrorLog = log.New(io.Discard, "", 0)
	hunt.StartTLS()
	return &Tenant{Scenario: sc, halo: srv, huntress: hunt}, nil
}

// Organizations are the Huntress organizations beside scenario sc's tenant:
// each named exactly as an active Halo client, unless the scenario is about
// organizations that are not.
func Organizations(sc halotest.Scenario) []huntress.Organization {
	if sc.UnmatchedOrganizations {
		return huntresstest.DefaultOrganizations()
	}
	return huntresstest.MatchingOrganizations()
}

// Close stops both simulated services.
func (t *Tenant) Close() {
	t.huntress.Close()
	t.halo.Close()
}

// Config is what an admin of the simulated tenant would give halowiz: the
// values of a finished setup.
func (t *Tenant) Config() steps.Config { return Config(t.Scenario) }

// Config is the finished setup of scenario sc's tenant, for whoever serves
// the scenario another way (a test that starts the simulated services with
// its own options).
func Config(sc halotest.Scenario) steps.Config {
	return steps.Config{
		Host:             sc.HostName(),
		Tenant:           halotest.TenantID,
		ClientID:         halotest.ClientID,
		ClientSecret:     halotest.ClientSecret,
		TicketType:       sc.DefaultTicketType(),
		ResolutionStatus: sc.Resolution(),
		HuntressKey:      huntresstest.DemoKey,
		HuntressSecret:   huntresstest.DemoSecret,
		Timeout:          steps.DefaultTimeout,
	}
}

// Banner names the scenario and says what it simulates, for a front end
// to show that nothing it sees is real.
func (t *Tenant) Banner() (name, summary string) { return t.Scenario.Name, t.Scenario.Summary }

// Env points the checks at the simulated services.
func (t *Tenant) Env() steps.Env {
	return steps.Env{
		HTTPClient:         t.halo.Client(),
		HuntressHTTPClient: t.huntress.Client(),
		HuntressURL:        t.huntress.URL,
	}
}

// Names lists the scenarios, sorted.
func Names() []string {
	var names []string
	for _, sc := range halotest.Scenarios() {
		names = append(names, sc.Name)
	}
	sort.Strings(names)
	return names
}
