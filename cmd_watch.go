package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"halowiz/report"
	"halowiz/safefile"
	"halowiz/scrub"
	"halowiz/steps"
	"halowiz/watch"
)

// watchOptions are the flags of `halowiz watch`.
type watchOptions struct {
	values         valueFlags
	once           bool
	every          time.Duration
	json           bool
	reportFile     string
	notify         string // the address, or env:NAME or file:PATH holding it
	sendTestTicket bool
	debug          bool
	verbose        bool
	demo           bool
	scenario       string
}

// parseWatchFlags parses watch's flags; done reports that the command ends
// here with code (after -h, or a usage error already printed).
func (a *app) parseWatchFlags(args []string) (o watchOptions, code int, done bool) {
	fs := flag.NewFlagSet("halowiz watch", flag.ContinueOnError)
	o.values.register(fs)
	fs.BoolVar(&o.once, "once", false, "run one cycle and exit (for cron, a systemd timer or an RMM script); the default")
	fs.DurationVar(&o.every, "every", 0, "run a cycle every `DURATION` (at least "+watch.MinEvery.String()+") until Ctrl+C")
	fs.BoolVar(&o.json, "json", false, "print each cycle as a JSON document (contract version 1, with a sixth step watch) on stdout")
	fs.StringVar(&o.reportFile, "report", "", "also write the last cycle as a Markdown report to `FILE` (secrets redacted)")
	fs.StringVar(&o.notify, "notify", "", "POST a summary to a webhook when a finding changes: its https address, or (kept out of shell history) `env:NAME` or file:PATH holding it")
	fs.BoolVar(&o.sendTestTicket, "send-test-ticket", false, "also create, read back and close one real test ticket each cycle")
	fs.BoolVar(&o.debug, "debug", false, "trace every request to stderr (secrets redacted)")
	fs.BoolVar(&o.verbose, "verbose", false, "show every finding and its evidence, not only warnings and failures")
	fs.BoolVar(&o.verbose, "v", false, "short for --verbose")
	fs.BoolVar(&o.demo, "demo", false, "watch the simulated tenant and Huntress account built into halowiz")
	fs.StringVar(&o.scenario, "scenario", "healthy", "with --demo: the simulated world's `scenario` (list: halowiz demo --scenario list)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: halowiz watch [--once | --every DURATION] [flags]\n\nProves that Huntress's incident reports keep becoming Halo tickets, and catches what\nbreaks them: Huntress's platform actions, changes in Halo since the last good cycle,\nand each report's ticket. Read-only unless --send-test-ticket.\nExit status: 0 nothing failed, 1 something failed, 2 the cycle could not run, 130 interrupted.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := a.parseFlags(fs, args); done {
		return o, code, true
	}
	o.values.noteSet(fs)
	var err error
	switch {
	case o.once && o.values.set["every"]:
		err = errors.New("choose one of --once and --every")
	case o.values.set["every"]:
		err = watch.CheckEvery(o.every)
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "halowiz: %v; see %s -h\n", err, fs.Name())
		return o, exitUsage, true
	}
	return o, exitOK, false
}

// watchRun is a watch ready to cycle: its Config and Env, where its state
// lives, and what to undo at the end.
type watchRun struct {
	cfg       steps.Config
	env       steps.Env
	statePath string
	note      string // said once on stderr before the first cycle
	cleanup   func()
}

// runWatch runs cycles: one, or one every --every until interrupted.
func (a *app) runWatch(ctx context.Context, args []string) int {
	o, code, done := a.parseWatchFlags(args)
	if done {
		return code
	}
	notifier, err := a.watchNotifier(o, o.values.timeout)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return exitUsage
	}
	if o.reportFile != "" {
		// A path that cannot be written must not cost a cycle.
		if err := safefile.Check(o.reportFile); err != nil {
			fmt.Fprintln(a.stderr, "halowiz: --report:", err)
			return exitUsage
		}
	}
	r, err := a.watchSetup(ctx, o)
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	defer r.cleanup()
	r.cfg.SendTestTicket = o.sendTestTicket
	if o.debug {
		r.env.Debug = a.stderr
	}
	if !o.values.set["every"] && !o.json && a.isTerminal(a.stderr) {
		r.env.Progress = progressPrinter(a.stderr)
	}
	if r.note != "" {
		fmt.Fprintln(a.stderr, r.note)
	}
	for {
		c, code := a.watchCycle(ctx, o, r, notifier)
		if code != exitOK && code != exitFailed || !o.values.set["every"] {
			return code
		}
		wait := watch.NextWait(o.every, c.Requests.Halo)
		if wait > o.every {
			fmt.Fprintf(a.stderr, "halowiz: this cycle sent %d requests to Halo; the next waits %s so that watch keeps to a tenth of Halo's limit\n",
				c.Requests.Halo, wait.Round(time.Second))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			fmt.Fprintln(a.stderr, "halowiz: interrupted")
			return exitInterrupted
		case <-t.C:
		}
	}
}

// watchCycle runs one cycle, prints it, writes the report, notifies and
// keeps its state; the exit code is the cycle's. The state is kept after
// the notification, so that a change whose notification failed goes with
// the next one.
func (a *app) watchCycle(ctx context.Context, o watchOptions, r watchRun, n *watch.Notifier) (watch.Cycle, int) {
	st, err := watch.LoadState(r.statePath)
	if errors.Is(err, watch.ErrNewerState) {
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return watch.Cycle{}, exitUsage
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz:", err)
	}
	host, clientID := steps.CleanHost(r.cfg.Host), r.cfg.ClientID
	c := watch.Run(ctx, watch.Config{Steps: r.cfg}, watch.Env{Steps: r.env}, st.Tenant(host, clientID))
	if ctx.Err() != nil {
		a.interrupted(c.Report.Facts.TestTicket)
		return c, exitInterrupted
	}
	code := a.showCycle(o, c)
	a.notify(ctx, n, &c)
	st.SetTenant(host, clientID, c.State)
	if err := watch.SaveState(r.statePath, st); err != nil {
		fmt.Fprintln(a.stderr, "halowiz: the next cycle cannot compare with this one:", err)
	}
	if ctx.Err() != nil { // during the notification, which goes with the next cycle's
		a.interrupted(nil)
		return c, exitInterrupted
	}
	return c, code
}

// showCycle prints the cycle and writes the report; the exit code is the
// cycle's, or exitUsage when the output could not be written.
func (a *app) showCycle(o watchOptions, c watch.Cycle) int {
	next := watch.NextStep(c.Report)
	if o.reportFile != "" {
		a.writeWatchReport(o.reportFile, c, next)
	}
	var err error
	switch {
	case o.json:
		err = report.JSON(a.stdout, c.Report)
	case o.values.set["every"]:
		err = a.printCycleLine(c, o.every)
	default:
		err = report.Text(a.stdout, c.Report, report.TextOptions{Color: a.colorFor(a.stdout), Width: a.textWidth(a.stdout), Verbose: o.verbose, Command: "watch", Next: next, HideValues: true})
	}
	switch {
	case err != nil:
		fmt.Fprintln(a.stderr, "halowiz:", err)
		return exitUsage
	case !c.Report.OK():
		return exitFailed
	}
	return exitOK
}

// notify sends the changes since the last notification that went out, and
// marks them sent when they were (or when there is no webhook to send them
// to); a failed send leaves them for the next cycle.
func (a *app) notify(ctx context.Context, n *watch.Notifier, c *watch.Cycle) {
	if n == nil {
		c.Notified()
		return
	}
	m, ok := watch.NewMessage(*c, n.Style())
	if !ok {
		c.Notified()
		return
	}
	if err := n.Send(ctx, m); err != nil {
		if ctx.Err() == nil {
			fmt.Fprintln(a.stderr, "halowiz:", err, "(the change goes with the next notification)")
		}
		return
	}
	c.Notified()
}

// printCycleLine is --every's output: one line per cycle, then each
// warning or failure that appeared, cleared or changed since the cycle
// before (the changes a notification carries).
func (a *app) printCycleLine(c watch.Cycle, every time.Duration) error {
	fails, warns := c.Report.Failures(), c.Report.Warnings()
	state := "ok"
	if fails > 0 {
		state = fmt.Sprintf("%d failing", fails)
	}
	if warns > 0 {
		state += ", " + steps.Plural(warns, "warning", "warnings")
	}
	var changes []watch.Change
	for _, ch := range c.Changes {
		if ch.Notable() {
			changes = append(changes, ch)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %s · %s to Halo, %d to Huntress · %s\n", c.Started.UTC().Format("2006-01-02 15:04:05Z"),
		scrub.Line(c.Report.Host), report.Mark(statusOf(c.Report)), state, steps.Plural(c.Requests.Halo, "request", "requests"), c.Requests.Huntress,
		steps.Plural(len(changes), "change", "changes"))
	for _, ch := range changes {
		mark := report.Mark(string(ch.Now))
		if ch.Cleared() {
			mark = report.Mark("pass")
		}
		fmt.Fprintf(&b, "    %s %s\n", mark, scrub.Line(watch.ChangeLine(ch)))
	}
	_, err := io.WriteString(a.stdout, b.String())
	return err
}

func statusOf(r steps.Report) string {
	switch {
	case !r.OK():
		return "fail"
	case r.Warnings() > 0:
		return "warn"
	}
	return "pass"
}

// writeWatchReport writes the cycle as the Markdown report, through
// safefile, replacing the last cycle's.
func (a *app) writeWatchReport(path string, c watch.Cycle, next string) {
	if err := writeReport(path, c.Report, report.MarkdownOptions{Time: c.Started, Next: next, HideValues: true}); err != nil {
		fmt.Fprintln(a.stderr, "halowiz: could not write the report:", err)
	}
}

// watchSetup turns the flags into the cycles' Config and Env: the
// simulated world with --demo, otherwise flags, environment, saved setup
// and keyring, with the state next to the saved settings.
func (a *app) watchSetup(ctx context.Context, o watchOptions) (watchRun, error) {
	if o.demo {
		return a.watchDemo(ctx, o)
	}
	saved, _, err := a.loadSettings()
	if err != nil {
		fmt.Fprintf(a.stderr, "halowiz: not using the saved setup: %v\n", err)
	}
	res, err := resolveConfig(o.values, a.getenv, saved, a.keyring(), true)
	if err != nil {
		return watchRun{}, err
	}
	settings, err := a.settingsPath()
	if err != nil {
		return watchRun{}, usageError("no place for the watch state: %v", err)
	}
	return watchRun{cfg: res.cfg, statePath: filepath.Join(filepath.Dir(settings), watch.StateFile), cleanup: func() {}}, nil
}

// watchNotifier reads the webhook's address from where --notify says:
// env:NAME or file:PATH, or the address itself as the contract allows. The
// address is a secret (whoever has it can post to the channel): given on
// the command line it is taken, with a warning, and never repeated in any
// output or error.
func (a *app) watchNotifier(o watchOptions, timeout time.Duration) (*watch.Notifier, error) {
	if o.notify == "" {
		return nil, nil
	}
	var raw string
	switch kind, where, _ := strings.Cut(o.notify, ":"); kind {
	case "https", "http":
		raw = o.notify
		fmt.Fprintln(a.stderr, "halowiz: warning: the webhook address given to --notify stays in your shell history and is visible in ps; --notify env:NAME or file:PATH keeps it out of both")
		n, err := watch.NewNotifier(raw, nil, timeout)
		if err != nil {
			return nil, fmt.Errorf("--notify: %w", err)
		}
		return n, nil
	case "env":
		if raw = strings.TrimSpace(a.getenv(where)); raw == "" {
			return nil, fmt.Errorf("--notify env:%s: the environment variable is not set", where)
		}
	case "file":
		b, err := readHookFile(where)
		if err != nil {
			return nil, fmt.Errorf("--notify file:%s: %w", where, err)
		}
		raw = strings.TrimSpace(string(b))
	default:
		return nil, errors.New("--notify takes the webhook's https address, or better env:NAME or file:PATH, the variable or file that holds it (an address on the command line lands in shell history and ps, and it is the webhook's password)")
	}
	n, err := watch.NewNotifier(raw, nil, timeout)
	if err != nil {
		return nil, fmt.Errorf("--notify %s: %w", o.notify, err)
	}
	return n, nil
}

// maxHookFile bounds what --notify file:PATH reads: the file holds one
// address, and a path to something endless (/dev/zero, a pipe) must not
// read forever.
const maxHookFile = 64 << 10

// readHookFile reads the file that holds the webhook's address.
func readHookFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHookFile+1))
	switch {
	case err != nil:
		return nil, err
	case len(b) > maxHookFile:
		return nil, fmt.Errorf("the file is over %d KiB: it should hold only the webhook's address", maxHookFile>>10)
	}
	return b, nil
}
