package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"sort"
	"strings"

	"halowiz/halo/halotest"
	"halowiz/huntress/huntresstest"
	"halowiz/steps"
	"halowiz/ui"
	"halowiz/watch/watchtest"
)

// demo is a simulated Halo tenant and a simulated Huntress API, both served
// on loopback inside this process. Nothing it does reaches the network, the
// real keyring or the real settings.
type demo struct {
	scenario halotest.Scenario
	halo     *halotest.Server
	huntress *httptest.Server
}

// startDemo starts the simulated services for a scenario.
func startDemo(name string) (*demo, error) {
	sc, ok := halotest.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q; the scenarios are: %s", name, strings.Join(scenarioNames(), ", "))
	}
	srv, err := halotest.Start(sc)
	if err != nil {
		return nil, fmt.Errorf("start the simulated tenant: %w", err)
	}
	hunt := httptest.NewUnstartedServer(huntresstest.NewServer())
	hunt.Config.ErrorLog = quietLog()
	hunt.StartTLS()
	return &demo{scenario: sc, halo: srv, huntress: hunt}, nil
}

func (d *demo) close() {
	d.huntress.Close()
	d.halo.Close()
}

// config is what an admin of the simulated tenant would give halowiz: the
// values of a finished setup.
func (d *demo) config() steps.Config {
	return steps.Config{
		Host:             d.scenario.HostName(),
		Tenant:           halotest.TenantID,
		ClientID:         halotest.ClientID,
		ClientSecret:     halotest.ClientSecret,
		TicketType:       "Incident",
		ResolutionStatus: d.scenario.Resolution(),
		HuntressKey:      huntresstest.DemoKey,
		HuntressSecret:   huntresstest.DemoSecret,
		Timeout:          steps.DefaultTimeout,
	}
}

// env points the checks at the simulated services.
func (d *demo) env() steps.Env {
	return steps.Env{
		HTTPClient:         d.halo.Client(),
		HuntressHTTPClient: d.huntress.Client(),
		HuntressURL:        d.huntress.URL,
	}
}

// banner names the scenario on the wizard's screens.
func (d *demo) banner() ui.Demo {
	return ui.Demo{Scenario: d.scenario.Name, Summary: d.scenario.Summary}
}

func scenarioNames() []string {
	var names []string
	for _, sc := range halotest.Scenarios() {
		names = append(names, sc.Name)
	}
	sort.Strings(names)
	return names
}

// runDemo runs the wizard against the simulated tenant.
func (a *app) runDemo(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("halowiz demo", flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	scenario := fs.String("scenario", "healthy", "the simulated tenant's `scenario`; \"list\" prints them all")
	accessible := fs.Bool("accessible", false, "plain prompts and progress lines instead of a full-screen interface (also ACCESSIBLE=1)")
	replay := fs.String("replay", "", "run the wizard against a capture written by --capture instead of the simulated tenant (`FILE`)")
	var capt captureFlags
	capt.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(a.stderr, "Usage: halowiz demo [--scenario NAME]\n\nThe wizard against a simulated Halo tenant built into halowiz: no account,\nno network, and nothing read from or written to the real keyring or settings.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *scenario == "list" {
		a.printScenarios()
		return exitOK
	}
	if err := capt.validate(*replay); err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	accessibleMode := *accessible || a.getenv("ACCESSIBLE") != ""
	if *replay != "" {
		r, err := loadReplayTenant(*replay)
		if err != nil {
			fmt.Fprintln(a.stderr, "halowiz: --replay:", err)
			return exitUsage
		}
		return a.wizard(ctx, wizardRun{demo: r, accessible: accessibleMode})
	}
	d, err := startDemo(*scenario)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return exitUsage
	}
	defer d.close()
	return a.wizard(ctx, wizardRun{demo: d, accessible: accessibleMode, capture: capt, scenario: d.scenario.Name})
}

func (a *app) printScenarios() {
	fmt.Fprintln(a.stdout, "Scenarios of the simulated tenant (halowiz demo --scenario NAME):")
	for _, sc := range halotest.Scenarios() {
		fmt.Fprintf(a.stdout, "  %-20s %s\n", sc.Name, sc.Summary)
	}
	fmt.Fprintln(a.stdout, "\nScenarios of halowiz watch --demo --scenario NAME (the tenant's work too):")
	for _, sc := range watchtest.Scenarios() {
		fmt.Fprintf(a.stdout, "  %-22s %s\n", sc.Name, sc.Summary)
	}
}

// quietLog keeps the simulated services' connection chatter off the screen.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
