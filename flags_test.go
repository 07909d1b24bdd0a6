package main

import (
	"context"
	"strings"
	"testing"
)

// Every command answers a bad command line with one line on stderr that
// says what was wrong and where to look, and never repeats a secret or a
// stray argument.
func TestBadCommandLinesGetOneClearLine(t *testing.T) {
	const secret = "hunter2-Sup3rSecret"
	tests := []struct {
		name string
		args []string
		want string // the whole of stderr
	}{
		{"bad duration", []string{"check", "--timeout", "abc"},
			`halowiz: --timeout: "abc" is not a duration such as 15s; see halowiz check -h`},
		{"bad duration in the wizard", []string{"--timeout=10"},
			`halowiz: --timeout: "10" is not a duration such as 15s; see halowiz -h`},
		{"bad boolean", []string{"check", "--json=maybe"},
			`halowiz: --json: "maybe" is not true or false (give the flag alone to turn it on); see halowiz check -h`},
		{"unknown step", []string{"check", "--step", "everything"},
			`halowiz: --step: unknown step "everything" (the steps are agent, hostname, application, mapping, ticket); see halowiz check -h`},
		{"unknown flag", []string{"check", "--nope"},
			`halowiz: --nope is not a flag of halowiz check; see halowiz check -h`},
		{"unknown short flag in the wizard", []string{"-x"},
			`halowiz: -x is not a flag of halowiz; see halowiz -h`},
		{"missing value", []string{"check", "--host"},
			`halowiz: --host needs a value; see halowiz check -h`},
		{"bad flag syntax", []string{"check", "---" + secret},
			`halowiz: an argument starts with - but is not a flag; see halowiz check -h`},
		{"client secret as a flag", []string{"check", "--host", "acme.halopsa.com", "--client-secret", secret},
			`halowiz: --client-secret: secrets are never flags, where shell history and ps would show them; set HALO_CLIENT_SECRET in the environment instead; see halowiz check -h`},
		{"client secret with =", []string{"check", "--client-secret=" + secret},
			`halowiz: --client-secret: secrets are never flags, where shell history and ps would show them; set HALO_CLIENT_SECRET in the environment instead; see halowiz check -h`},
		{"secret in the wizard", []string{"--secret=" + secret},
			`halowiz: --secret: secrets are never flags, where shell history and ps would show them; set HALO_CLIENT_SECRET in the environment instead; see halowiz -h`},
		{"Huntress secret in the demo", []string{"demo", "--huntress-secret", secret},
			`halowiz: --huntress-secret: secrets are never flags, where shell history and ps would show them; set HUNTRESS_API_SECRET in the environment instead; see halowiz demo -h`},
		{"password to forget", []string{"forget", "-password=" + secret},
			`halowiz: --password: secrets are never flags, where shell history and ps would show them; set HALO_CLIENT_SECRET in the environment instead; see halowiz forget -h`},
		{"stray argument to check", []string{"check", "--host", "acme.halopsa.com", secret},
			`halowiz: check takes only flags, and 1 argument was given; see halowiz check -h`},
		{"stray arguments to the wizard", []string{"--host", "acme.halopsa.com", secret, "more"},
			`halowiz: the wizard takes only flags, and 2 arguments were given; see halowiz -h`},
		{"stray argument to the demo", []string{"demo", secret},
			`halowiz: demo takes only flags, and 1 argument was given; see halowiz demo -h`},
		{"stray argument to forget", []string{"forget", "--yes", secret},
			`halowiz: forget takes only flags, and 1 argument was given; see halowiz forget -h`},
		{"stray argument to watch", []string{"watch", "--once", secret},
			`halowiz: watch takes only flags, and 1 argument was given; see halowiz watch -h`},
		{"secret to watch", []string{"watch", "--client-secret=" + secret},
			`halowiz: --client-secret: secrets are never flags, where shell history and ps would show them; set HALO_CLIENT_SECRET in the environment instead; see halowiz watch -h`},
		{"bad interval to watch", []string{"watch", "--every", "soon"},
			`halowiz: --every: "soon" is not a duration such as 15s; see halowiz watch -h`},
		{"secret as a command", []string{secret},
			`halowiz: unknown command (the commands are check, demo, watch, forget, version); see halowiz -h`},
		{"mistyped command", []string{"chekc"},
			`halowiz: unknown command (did you mean check?); see halowiz -h`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, out, errOut := testApp(t, nil)
			if code := a.run(context.Background(), tt.args); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if got := strings.TrimSuffix(errOut.String(), "\n"); got != tt.want {
				t.Errorf("stderr:\n  %s\nwant\n  %s", errOut, tt.want)
			}
			if strings.Contains(errOut.String()+out.String(), secret) {
				t.Errorf("the secret was echoed:\n%s%s", out, errOut)
			}
			if out.Len() != 0 {
				t.Errorf("stdout is not empty:\n%s", out)
			}
		})
	}
}

// -h prints the command's usage and flags on stdout and exits 0; the
// wizard's own -h lists the commands and then the wizard's flags.
func TestHelpListsTheFlags(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"-h"}, []string{"halowiz check [flags]", "Wizard flags", "-client-id", "-debug", "-accessible", "-timeout duration"}},
		{[]string{"--help"}, []string{"Wizard flags", "-host"}},
		{[]string{"help"}, []string{"Wizard flags", "-host"}},
		{[]string{"--host", "acme.halopsa.com", "-h"}, []string{"Wizard flags"}},
		{[]string{"check", "-h"}, []string{"Usage: halowiz check [flags]", "-send-test-ticket", "-verbose", "-step step"}},
		{[]string{"demo", "--help"}, []string{"Usage: halowiz demo", "-scenario"}},
		{[]string{"forget", "-h"}, []string{"Usage: halowiz forget", "-yes"}},
		{[]string{"watch", "-h"}, []string{"Usage: halowiz watch", "-every DURATION", "-verbose"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			a, out, errOut := testApp(t, nil)
			if code := a.run(context.Background(), tt.args); code != exitOK {
				t.Errorf("exit %d, want 0", code)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if errOut.Len() != 0 || strings.Contains(out.String(), "panic") {
				t.Errorf("stderr %q; stdout:\n%s", errOut, out)
			}
		})
	}
}

func TestCheckVerboseShowsTheEvidence(t *testing.T) {
	for _, args := range [][]string{{"check", "--demo", "-v"}, {"check", "--demo", "--verbose"}} {
		a, out, _ := testApp(t, nil)
		if code := a.run(context.Background(), args); code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		if !strings.Contains(out.String(), "evidence: GET") || strings.Contains(out.String(), "-v shows") {
			t.Errorf("%v: no evidence in:\n%s", args, out)
		}
	}
	a, out, _ := testApp(t, nil)
	a.run(context.Background(), []string{"check", "--demo"})
	if strings.Contains(out.String(), "evidence:") || !strings.Contains(out.String(), "-v shows") {
		t.Errorf("without -v:\n%s", out)
	}
}
