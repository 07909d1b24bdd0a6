package main

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"halowiz/keystore"
)

// runForget deletes the saved setup and the keyring entries it names, after
// confirmation on a terminal or with --yes.
func (a *app) runForget(args []string) int {
	fs := flag.NewFlagSet("halowiz forget", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "do not ask for confirmation (for scripts)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: halowiz forget [--yes]\n\nDeletes the saved setup and its secrets from the keyring.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := a.parseFlags(fs, args); done {
		return code
	}
	path, err := a.settingsPath()
	if err != nil {
		fmt.Fprintln(a.stderr, "halowiz: cannot find the settings directory:", err)
		return exitUsage
	}
	plan := keystore.PlanForget(path)
	if plan.Empty() {
		fmt.Fprintf(a.stdout, "Nothing to forget: there is no saved setup at %s.\n", path)
		for _, n := range plan.Notes() {
			fmt.Fprintln(a.stdout, "note:", n)
		}
		return exitOK
	}
	fmt.Fprintln(a.stdout, "This removes:")
	for _, item := range plan.Items() {
		fmt.Fprintln(a.stdout, "  -", item)
	}
	for _, n := range plan.Notes() {
		fmt.Fprintln(a.stdout, "note:", n)
	}
	if !*yes {
		if !a.isTerminal(a.stdin) {
			fmt.Fprintln(a.stderr, "halowiz: not removing anything without confirmation: run on a terminal, or add --yes.")
			return exitUsage
		}
		fmt.Fprint(a.stdout, "Remove them? [y/N] ")
		line, _ := bufio.NewReader(a.stdin).ReadString('\n')
		if answer := strings.ToLower(strings.TrimSpace(line)); answer != "y" && answer != "yes" {
			fmt.Fprintln(a.stdout, "Nothing was removed.")
			return exitOK
		}
	}
	rep, err := keystore.Forget(plan, a.keyring())
	for _, l := range rep.Lines() {
		fmt.Fprintln(a.stdout, l)
	}
	if err != nil {
		return exitFailed
	}
	return exitOK
}
