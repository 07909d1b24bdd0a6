package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"halowiz/capture"
	"halowiz/safefile"
	"halowiz/scrub"
	"halowiz/steps"
)

// captureFlags are --capture and --anonymize, on check and the wizard.
type captureFlags struct {
	path      string
	anonymize bool
}

func (c *captureFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.path, "capture", "", "write every exchange with Halo and Huntress to `FILE` for a support request (no secrets; see --anonymize)")
	fs.BoolVar(&c.anonymize, "anonymize", false, "with --capture: replace client, site, user, agent and organization names and e-mail addresses")
}

// validate says what is wrong with the capture flags, given what else was
// asked for.
func (c captureFlags) validate(replay string) error {
	switch {
	case c.anonymize && c.path == "":
		return usageError("--anonymize needs --capture FILE")
	case c.path != "" && replay != "":
		return usageError("--capture and --replay cannot be used together")
	}
	return nil
}

// capturing is a run being captured.
type capturing struct {
	flags    captureFlags
	rec      *capture.Recorder
	scenario string
}

// startCapture checks that the capture's path can be written (before any
// request is sent) and points env's clients through a recorder. It
// returns nil when no capture was asked for.
func startCapture(c captureFlags, env *steps.Env, scenario string) (*capturing, error) {
	if c.path == "" {
		return nil, nil
	}
	if err := safefile.Check(c.path); err != nil {
		return nil, usageError("--capture: %v", err)
	}
	rec := capture.NewRecorder()
	env.HTTPClient = rec.Client(capture.Halo, env.HTTPClient)
	env.HuntressHTTPClient = rec.Client(capture.Huntress, env.HuntressHTTPClient)
	return &capturing{flags: c, rec: rec, scenario: scenario}, nil
}

// run records a run's values before it starts; a nil capturing does nothing.
func (c *capturing) run(cfg steps.Config, env steps.Env) {
	if c != nil {
		c.rec.SetRun(cfg, env.HuntressURL)
	}
}

// save writes the capture and says where, or why it could not.
func (c *capturing) save(stderr io.Writer, rep *steps.Report) {
	if c == nil {
		return
	}
	if rep != nil {
		c.rec.SetOutcome(*rep)
	}
	err := c.rec.Save(c.flags.path, capture.Options{Anonymize: c.flags.anonymize, Program: versionString(), Scenario: c.scenario})
	if err != nil {
		fmt.Fprintln(stderr, "halowiz: the capture was not written:", err)
		return
	}
	what := "Capture (no secrets)"
	if c.flags.anonymize {
		what = "Anonymized capture (no secrets, no names)"
	}
	fmt.Fprintf(stderr, "%s written to %s\n", what, c.flags.path)
}

// replaySetup is the Config and Env of `check --replay FILE`: every value
// from the capture, every answer from it, no network.
func (a *app) replaySetup(o checkOptions) (steps.Config, steps.Env, error) {
	for _, name := range []string{"host", "tenant", "client-id", "ticket-type", "resolution-status", "test-client", "huntress-key"} {
		if o.values.set[name] {
			return steps.Config{}, steps.Env{}, usageError("--%s cannot be given with --replay: a replay takes its values from the capture", name)
		}
	}
	t, err := capture.Load(o.replay)
	if err != nil {
		return steps.Config{}, steps.Env{}, usageError("--replay: %v", err)
	}
	cfg, err := t.Run.Config()
	if err != nil {
		return steps.Config{}, steps.Env{}, usageError("--replay %s: %v", o.replay, err)
	}
	if o.values.set["timeout"] {
		cfg.Timeout = o.values.timeout
	}
	if o.values.set["rate-limit-wait"] {
		cfg.RateLimitWait = o.values.rateLimitWait
	}
	if len(o.steps) == 0 {
		if cfg.Only, err = t.Run.StepsAsked(); err != nil {
			return steps.Config{}, steps.Env{}, usageError("--replay %s: %v", o.replay, err)
		}
	}
	if t.Run.SendTestTicket && !o.sendTestTicket {
		fmt.Fprintln(a.stderr, "halowiz: the captured run sent a test ticket; add --send-test-ticket to replay that too.")
	}
	return cfg, replayEnv(t), nil
}

// replayEnv answers the checks' requests from t.
func replayEnv(t *capture.Transcript) steps.Env {
	p := capture.NewReplayer(t)
	return steps.Env{
		HTTPClient:         p.Client(capture.Halo),
		HuntressHTTPClient: p.Client(capture.Huntress),
		HuntressURL:        t.Run.HuntressURL,
	}
}

// replayTenant is a capture the wizard runs against (`halowiz demo
// --replay FILE`), as it runs against the simulated tenant.
type replayTenant struct {
	path string
	t    *capture.Transcript
	cfg  steps.Config
}

func loadReplayTenant(path string) (*replayTenant, error) {
	t, err := capture.Load(path)
	if err != nil {
		return nil, err
	}
	cfg, err := t.Run.Config()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &replayTenant{path: path, t: t, cfg: cfg}, nil
}

func (r *replayTenant) Config() steps.Config { return r.cfg }
func (r *replayTenant) Env() steps.Env       { return replayEnv(r.t) }

// Banner names the capture and says what it replays, for the wizard's
// banner.
func (r *replayTenant) Banner() (name, summary string) {
	when := "an unknown time"
	if !r.t.CapturedAt.IsZero() {
		when = r.t.CapturedAt.Format("2006-01-02 15:04 MST")
	}
	return "replay of " + scrub.Line(filepath.Base(r.path)),
		fmt.Sprintf("the answers %s gave at %s, replayed", scrub.Line(r.cfg.Host), when)
}
