package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"halowiz/demo"
	"halowiz/halo/halotest"
	"halowiz/watch/watchtest"
)

// runDemo runs the wizard against the simulated tenant.
func (a *app) runDemo(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("halowiz demo", flag.ContinueOnError)
	scenario := fs.String("scenario", "healthy", "the simulated tenant's `scenario`; \"list\" prints them all")
	accessible := fs.Bool("accessible", false, "plain prompts and progress lines instead of a full-screen interface (also ACCESSIBLE=1)")
	replay := fs.String("replay", "", "run the wizard against a capture written by --capture instead of the simulated tenant (`FILE`)")
	var capt captureFlags
	capt.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: halowiz demo [--scenario NAME]\n\nThe wizard against a simulated Halo tenant built into halowiz: no account,\nno network, and nothing read from or written to the real keyring or settings.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := a.parseFlags(fs, args); done {
		return code
	}
	if *scenario == "list" {
		a.printScenarios()
		return exitOK
	}
	if err := capt.validate(*replay); err != nil {
		fmt.Fprintf(a.stderr, "halowiz: %s; see halowiz demo -h\n", strings.TrimPrefix(err.Error(), "usage: "))
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
	d, err := demo.Start(*scenario)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return exitUsage
	}
	defer d.Close()
	return a.wizard(ctx, wizardRun{demo: d, accessible: accessibleMode, capture: capt, scenario: d.Scenario.Name})
}

func (a *app) printScenarios() {
	fmt.Fprintln(a.stdout, "Scenarios of the simulated tenant (halowiz demo --scenario NAME):")
	var names, summaries []string
	for _, sc := range halotest.Scenarios() {
		names, summaries = append(names, sc.Name), append(summaries, sc.Summary)
	}
	a.printNamed(names, summaries)
	fmt.Fprintln(a.stdout, "\nScenarios of halowiz watch --demo --scenario NAME (the tenant's work too):")
	names, summaries = nil, nil
	for _, sc := range watchtest.Scenarios() {
		names, summaries = append(names, sc.Name), append(summaries, sc.Summary)
	}
	a.printNamed(names, summaries)
}

// printNamed prints one indented line per name with its summary, the
// summaries lined up after the longest name.
func (a *app) printNamed(names, summaries []string) {
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for i, n := range names {
		fmt.Fprintf(a.stdout, "  %-*s  %s\n", width, n, summaries[i])
	}
}

// closeDemoFolder removes the demo's folder on exit, unless the demo wrote
// something there worth keeping (a report, a CSV export): then it keeps the
// folder and says what is in it. The simulated settings alone are not.
func (a *app) closeDemoFolder(dir string) {
	kept := demoKeepsakes(dir)
	if len(kept) == 0 {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(a.stderr, "halowiz: could not remove the demo's folder %s: %v\n", dir, err)
		}
		return
	}
	fmt.Fprintf(a.stderr, "The demo wrote %s to %s, beside its simulated settings; delete the folder when you are done with them.\n",
		strings.Join(kept, " and "), dir)
}

// demoKeepsakes lists the files in dir a person may want after the demo:
// the Markdown report and CSV exports.
func demoKeepsakes(dir string) []string {
	entries, _ := os.ReadDir(dir) // a folder that cannot be read has nothing to show
	var kept []string
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); e.Type().IsRegular() && (ext == ".md" || ext == ".csv") {
			kept = append(kept, e.Name())
		}
	}
	return kept
}
