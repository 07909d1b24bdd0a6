package main

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"halowiz/keystore"
)

// runForget deletes the saved setup and the keyring entries it names, after
// confirmation (typed, piped, or --yes). What the keyring cannot be asked
// to remove is said before the question, with how to remove it by hand.
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
	plan := keystore.PlanForget(path).CheckKeyring(a.keyring())
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
		if code, confirmed := a.confirmForget(); !confirmed {
			return code
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

// confirmForget asks on stdout and reads the answer from stdin, a terminal
// or a pipe (echo y | halowiz forget). A pipe that ends without an answer
// is no confirmation: exit 2, with what to do instead.
func (a *app) confirmForget() (code int, confirmed bool) {
	fmt.Fprint(a.stdout, "Remove them? [y/N] ")
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	yes := answer == "y" || answer == "yes"
	if !a.isTerminal(a.stdin) && answer != "" {
		// No terminal echoed a piped answer; say how it was read, not
		// what it was, in case something else was piped in.
		fmt.Fprintln(a.stdout, map[bool]string{true: "y", false: "n"}[yes], "(from standard input)")
	}
	switch {
	case yes:
		return exitOK, true
	case answer == "" && err != nil:
		fmt.Fprintln(a.stdout) // end the question's line
		fmt.Fprintln(a.stderr, "halowiz: nothing was removed: no answer came on standard input; type y on a terminal, pipe it in (echo y | halowiz forget), or add --yes.")
		return exitUsage, false
	}
	fmt.Fprintln(a.stdout, "Nothing was removed.")
	return exitOK, false
}
