package main

import (
	"errors"
	"flag"
	"fmt"
	"halowiz/steps"
	"io"
	"strings"
	"time"

	"halowiz/keystore"
)

// parseFlags parses a command's flags the way every halowiz command does.
// -h prints the command's usage on stdout (exit 0). Anything wrong (an
// unknown flag, a bad value, a stray argument) is one line on stderr that
// says what and points to -h (exit 2), instead of the flag package's
// message followed by every flag. done reports that the command must stop
// with code.
//
// No line ever repeats a stray argument or the value of a secret-looking
// flag: a secret pasted in the wrong place must not reach the screen, a
// log or a support ticket.
func (a *app) parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	var bad badValue
	restore := watchValues(fs, &bad)
	err := fs.Parse(args)
	restore()
	fs.Usage = usage
	fs.SetOutput(a.stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return exitOK, true
	case err != nil:
		fmt.Fprintf(a.stderr, "halowiz: %s; see %s -h\n", flagProblem(fs, err, bad), fs.Name())
		return exitUsage, true
	case fs.NArg() > 0:
		what := strings.TrimPrefix(fs.Name(), "halowiz ")
		if what == "halowiz" {
			what = "the wizard"
		}
		fmt.Fprintf(a.stderr, "halowiz: %s takes only flags, and %s given; see %s -h\n",
			what, steps.Plural(fs.NArg(), "argument was", "arguments were"), fs.Name())
		return exitUsage, true
	}
	return exitOK, false
}

// badValue is the first value a flag refused while parsing.
type badValue struct {
	flag  *flag.Flag
	value string
	err   error
}

// watchedValue records the value its flag refuses, so that the message can
// name the flag and say what it wants in words.
type watchedValue struct {
	flag.Value
	f   *flag.Flag
	bad *badValue
}

func (v watchedValue) Set(s string) error {
	err := v.Value.Set(s)
	if err != nil && v.bad.flag == nil {
		*v.bad = badValue{flag: v.f, value: s, err: err}
	}
	return err
}

// IsBoolFlag keeps boolean flags working without a value.
func (v watchedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// watchValues wraps every flag's value for one Parse; restore puts the
// originals back, which -h's list of flags needs to show their types.
func watchValues(fs *flag.FlagSet, bad *badValue) (restore func()) {
	saved := map[*flag.Flag]flag.Value{}
	fs.VisitAll(func(f *flag.Flag) {
		saved[f] = f.Value
		f.Value = watchedValue{Value: f.Value, f: f, bad: bad}
	})
	return func() {
		for f, v := range saved {
			f.Value = v
		}
	}
}

// flagProblem says in one phrase what was wrong with the flags.
func flagProblem(fs *flag.FlagSet, err error, bad badValue) string {
	if bad.flag != nil {
		return flagName(bad.flag.Name) + ": " + valueProblem(bad)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if env, secret := secretFlag(name); secret {
			return fmt.Sprintf("%s: secrets are never flags, where shell history and ps would show them; set %s in the environment instead", flagName(name), env)
		}
		return fmt.Sprintf("%s is not a flag of %s", flagName(name), fs.Name())
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return flagName(name) + " needs a value"
	}
	// "bad flag syntax: ---x" and the like: the argument is not repeated.
	return "an argument starts with - but is not a flag"
}

// valueProblem says why a flag refused its value, in words.
func valueProblem(bad badValue) string {
	if g, ok := bad.flag.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case time.Duration:
			return fmt.Sprintf("%q is not a duration such as 15s", bad.value)
		case bool:
			return fmt.Sprintf("%q is not true or false (give the flag alone to turn it on)", bad.value)
		}
	}
	if strings.HasSuffix(bad.err.Error(), "parse error") {
		return fmt.Sprintf("%q is not a valid value", bad.value)
	}
	return bad.err.Error() // a Value of ours, which says what it wants
}

// secretFlag reports whether an unknown flag name looks like an attempt to
// pass a secret, and which environment variable takes it instead.
func secretFlag(name string) (env string, secret bool) {
	n := strings.ToLower(name)
	for _, word := range []string{"secret", "password", "passwd", "token"} {
		if strings.Contains(n, word) {
			if strings.Contains(n, "huntress") {
				return keystore.HuntressSecretEnv, true
			}
			return keystore.HaloSecretEnv, true
		}
	}
	return "", false
}

// flagName spells a flag as the README does: --timeout, -v.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// commands are the words halowiz takes as its first argument.
var commands = []string{"check", "demo", "watch", "forget", "version", "help"}

// suggestCommand names the command a mistyped one was probably meant to be
// ("did you mean check?"), or says which there are. It never repeats what
// was typed.
func suggestCommand(typed string) string {
	for _, c := range commands {
		if steps.EditDistance(strings.ToLower(typed), c) <= 2 {
			return "did you mean " + c + "?"
		}
	}
	return "the commands are " + strings.Join(commands[:len(commands)-1], ", ")
}
