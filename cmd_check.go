package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"halowiz/scrub"
	"io"
	"strings"
	"sync"
	"time"

	"halowiz/demo"
	"halowiz/report"
	"halowiz/safefile"
	"halowiz/steps"
)

// checkOptions are the flags of `halowiz check`.
type checkOptions struct {
	values         valueFlags
	json           bool
	steps          []steps.ID
	sendTestTicket bool
	reportFile     string
	debug          bool
	verbose        bool
	demo           bool
	scenario       string
	capture        captureFlags
	replay         string
}

// stepList collects repeated --step flags.
type stepList struct{ ids *[]steps.ID }

func (s stepList) String() string {
	if s.ids == nil {
		return ""
	}
	parts := make([]string, len(*s.ids))
	for i, id := range *s.ids {
		parts[i] = string(id)
	}
	return strings.Join(parts, ",")
}

func (s stepList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		id := steps.ID(strings.TrimSpace(part))
		if !id.Valid() {
			return fmt.Errorf("unknown step %q (the steps are agent, hostname, application, mapping, ticket)", part)
		}
		*s.ids = append(*s.ids, id)
	}
	return nil
}

// parseCheckFlags parses check's flags; done reports that the command ends
// here with code (after -h, or a usage error already printed).
func (a *app) parseCheckFlags(args []string) (o checkOptions, code int, done bool) {
	fs := flag.NewFlagSet("halowiz check", flag.ContinueOnError)
	o.values.register(fs)
	fs.BoolVar(&o.json, "json", false, "print the results as JSON (contract version 1) on stdout")
	fs.Var(stepList{&o.steps}, "step", "run only this `step` (repeatable): agent, hostname, application, mapping, ticket")
	fs.BoolVar(&o.sendTestTicket, "send-test-ticket", false, "create, read back, resolve and close one real test ticket in Halo")
	fs.StringVar(&o.reportFile, "report", "", "also write a Markdown report for a support ticket to `FILE` (secrets redacted)")
	fs.BoolVar(&o.debug, "debug", false, "trace every request to stderr (secrets redacted)")
	fs.BoolVar(&o.verbose, "verbose", false, "show every finding and its evidence, not only warnings and failures")
	fs.BoolVar(&o.verbose, "v", false, "short for --verbose")
	fs.BoolVar(&o.demo, "demo", false, "check the simulated tenant built into halowiz instead of a real one")
	fs.StringVar(&o.scenario, "scenario", "healthy", "with --demo: the simulated tenant's `scenario` (list: halowiz demo --scenario list)")
	o.capture.register(fs)
	fs.StringVar(&o.replay, "replay", "", "check a capture written by --capture instead of a tenant: its values, its answers, no network (`FILE`)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: halowiz check [flags]\n\nRuns the setup checks without asking questions, for scripts, CI and support.\nExit status: 0 no step failed, 1 a step failed, 2 the checks could not run, 130 interrupted.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := a.parseFlags(fs, args); done {
		return o, code, true
	}
	o.values.noteSet(fs)
	err := o.capture.validate(o.replay)
	if o.replay != "" && o.demo {
		err = usageError("--replay and --demo cannot be used together")
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "halowiz: %s; see %s -h\n", strings.TrimPrefix(err.Error(), "usage: "), fs.Name())
		return o, exitUsage, true
	}
	return o, exitOK, false
}

// runCheck runs the checks once and prints the results.
func (a *app) runCheck(ctx context.Context, args []string) int {
	o, code, done := a.parseCheckFlags(args)
	if done {
		return code
	}
	cfg, env, cleanup, err := a.checkSetup(o)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	defer cleanup()
	// The report's path is checked before anything is: a path that cannot
	// be written must not cost a run (or a test ticket). The report itself
	// is written at the end, atomically.
	if o.reportFile != "" {
		if err := safefile.Check(o.reportFile); err != nil {
			fmt.Fprintln(a.stderr, "halowiz: --report:", err)
			return exitUsage
		}
	}
	scenario := ""
	if o.demo {
		scenario = o.scenario
	}
	capt, err := startCapture(o.capture, &env, scenario)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	if len(o.steps) > 0 || o.replay == "" {
		cfg.Only = o.steps
	}
	cfg.SendTestTicket = o.sendTestTicket
	if o.debug {
		env.Debug = a.stderr
	}
	if a.isTerminal(a.stderr) {
		env.Progress = progressPrinter(a.stderr)
	}
	started := time.Now()
	capt.run(cfg, env)
	rep := steps.Run(ctx, cfg, env)
	capt.save(a.stderr, &rep)
	if ctx.Err() != nil {
		a.interrupted(rep.Facts.TestTicket)
		return exitInterrupted
	}
	if o.reportFile != "" {
		if err := writeReport(o.reportFile, rep, report.MarkdownOptions{Time: started}); err != nil {
			fmt.Fprintln(a.stderr, "halowiz: could not write the report:", err)
		}
	}
	if o.json {
		err = report.JSON(a.stdout, rep)
	} else {
		err = report.Text(a.stdout, rep, report.TextOptions{Color: a.colorFor(a.stdout), Width: a.textWidth(a.stdout), Verbose: o.verbose})
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return exitUsage
	}
	if o.reportFile != "" && !o.json {
		fmt.Fprintf(a.stderr, "Report written to %s\n", o.reportFile)
	}
	if !rep.OK() {
		return exitFailed
	}
	return exitOK
}

// writeReport writes the Markdown report of rep to path through safefile.
func writeReport(path string, rep steps.Report, opts report.MarkdownOptions) error {
	var b bytes.Buffer
	opts.Version = versionString()
	if err := report.Markdown(&b, rep, opts); err != nil {
		return err
	}
	return safefile.Write(path, b.Bytes())
}

// checkSetup turns the flags into the run's Config and Env: the simulated
// tenant with --demo, otherwise flags, environment, saved setup and keyring.
func (a *app) checkSetup(o checkOptions) (steps.Config, steps.Env, func(), error) {
	if o.replay != "" {
		cfg, env, err := a.replaySetup(o)
		return cfg, env, func() {}, err
	}
	if o.demo {
		d, err := demo.Start(o.scenario)
		if err != nil {
			return steps.Config{}, steps.Env{}, nil, usageError("%v", err)
		}
		cfg := d.Config()
		if o.values.set["timeout"] {
			cfg.Timeout = o.values.timeout
		}
		return cfg, d.Env(), d.Close, nil
	}
	needSecret := len(o.steps) == 0
	for _, id := range o.steps {
		needSecret = needSecret || id != steps.Hostname
	}
	saved, _, err := a.loadSettings()
	if err != nil {
		fmt.Fprintf(a.stderr, "halowiz: not using the saved setup: %v\n", err)
	}
	r, err := resolveConfig(o.values, a.getenv, saved, a.keyring(), needSecret)
	if err != nil {
		return steps.Config{}, steps.Env{}, nil, err
	}
	return r.cfg, steps.Env{}, func() {}, nil
}

// progressPrinter says on a terminal what each step waits for and until
// when, and every wait for Halo's rate limit. What it prints may name
// tenant text (a client's name in "Creating the test ticket for ..."), so
// it passes the sanitiser.
func progressPrinter(w io.Writer) func(steps.Event) {
	var mu sync.Mutex
	return func(e steps.Event) {
		var line string
		switch e.Kind {
		case steps.Activity:
			line = fmt.Sprintf("… %s (gives up after %s)", e.What, e.Deadline.Sub(e.Started).Round(time.Second))
		case steps.Waiting:
			line = "… " + e.What
		default:
			return
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(w, scrub.Line(line))
	}
}

// interrupted says, on stderr, that the run was stopped and what became of
// its test ticket, if it sent one (issue 10 §3: the ticket id if known,
// otherwise the marker to search for, and whether it was closed).
func (a *app) interrupted(t *steps.TestTicket) {
	fmt.Fprintln(a.stderr, "halowiz: interrupted")
	if left := t.Left(); left != "" {
		fmt.Fprintln(a.stderr, "halowiz: "+scrub.Line(left))
	}
}
