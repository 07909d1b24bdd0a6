package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ForgetPlan is what Forget will remove for the saved setup at Path: the
// keyring entries named by the setup and its backup, then the files. Make it
// with PlanForget, ask the keyring with CheckKeyring, and show Items (and
// Notes) before asking for confirmation.
type ForgetPlan struct {
	Path      string   // the settings file the plan was made for
	entries   []entry  // keyring entries the files name, without repeats
	files     []string // files that make up the saved setup
	notes     []string // what the plan could not find out
	unreached error    // why the keyring cannot be reached; nil if it can, or was not asked
	keyringOS string   // picks the commands that remove an entry by hand
}

// PlanForget looks at the saved setup at path (the file, its .bak and any
// copies set aside as damaged) and the keyring entries they name. It reads
// the files leniently, so that even a setup from a newer halowiz can be
// forgotten; it does not touch the keyring.
func PlanForget(path string) ForgetPlan {
	p := ForgetPlan{Path: path}
	for _, file := range setupFiles(path) {
		p.files = append(p.files, file)
		names, err := namedEntries(file)
		if err != nil {
			p.notes = append(p.notes, fmt.Sprintf("the keyring entries named in %s are unknown (%v) and stay; "+
				"remove them with your keyring manager (service %q)", file, err, Service))
		}
		p.addEntries(names)
	}
	return p
}

// setupFiles lists the files of the saved setup at path that may exist.
func setupFiles(path string) []string {
	var files []string
	for _, f := range []string{path, path + ".bak"} {
		if _, err := os.Lstat(f); !errors.Is(err, fs.ErrNotExist) {
			files = append(files, f)
		}
	}
	dir, aside := filepath.Dir(path), filepath.Base(path)+".corrupt-"
	found, _ := os.ReadDir(dir) // an unreadable directory has no set-aside copies we could remove
	for _, d := range found {
		if strings.HasPrefix(d.Name(), aside) {
			files = append(files, filepath.Join(dir, d.Name()))
		}
	}
	return files
}

// namedEntries reads the keyring entries a settings file names.
func namedEntries(file string) ([]entry, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var names struct {
		Host        string `json:"host"`
		ClientID    string `json:"client_id"`
		HuntressKey string `json:"huntress_api_key"`
	}
	if err := json.Unmarshal(data, &names); err != nil {
		return nil, errors.New(corrupt(file, data, err).Problem)
	}
	var entries []entry
	if e := haloEntry(names.Host, names.ClientID); e.invalid == nil {
		entries = append(entries, e)
	}
	if e := huntressEntry(names.HuntressKey); e.invalid == nil {
		entries = append(entries, e)
	}
	return entries, nil
}

func (p *ForgetPlan) addEntries(entries []entry) {
	for _, e := range entries {
		if !p.hasEntry(e) {
			p.entries = append(p.entries, e)
		}
	}
}

func (p *ForgetPlan) hasEntry(e entry) bool {
	for _, have := range p.entries {
		if have.account == e.account {
			return true
		}
	}
	return false
}

// CheckKeyring asks the keyring, once and within its timeout, whether it can
// be reached, so that the plan promises only what Forget can do. When it
// cannot, the plan's keyring entries leave Items for Notes, each with the
// command that removes it by hand, and Forget leaves them alone: the
// settings file, the only record of them, is about to go. A plan that names
// no entry asks nothing.
func (p ForgetPlan) CheckKeyring(k *Keyring) ForgetPlan {
	if len(p.entries) == 0 {
		return p
	}
	p.unreached, p.keyringOS = k.reachable(), k.goos
	return p
}

// KeyringUnreachable is why the keyring cannot be reached, or nil.
func (p ForgetPlan) KeyringUnreachable() error { return p.unreached }

// Empty reports whether there is nothing saved to forget.
func (p ForgetPlan) Empty() bool { return len(p.entries) == 0 && len(p.files) == 0 }

// Items lists what Forget will remove, one line each, for "will remove: …".
func (p ForgetPlan) Items() []string {
	var items []string
	for _, e := range p.entries {
		if p.unreached == nil {
			items = append(items, keyringItem(e))
		}
	}
	for _, f := range p.files {
		items = append(items, p.fileItem(f))
	}
	return items
}

// Notes lists what the plan could not find out or will not do, one line each.
func (p ForgetPlan) Notes() []string {
	if p.unreached == nil {
		return p.notes
	}
	notes := append([]string{}, p.notes...)
	notes = append(notes, fmt.Sprintf("the keyring cannot be reached (%v), so halowiz removes nothing from it: "+
		"the secrets this setup names may still be there; remove them by hand", p.unreached))
	for _, e := range p.entries {
		notes = append(notes, fmt.Sprintf("to remove %s by hand: %s", e.label, removeCommand(e.account, p.keyringOS)))
	}
	return notes
}

func keyringItem(e entry) string { return e.label + ", in the keyring" }

func (p ForgetPlan) fileItem(file string) string {
	switch file {
	case p.Path:
		return "the saved setup " + file
	case p.Path + ".bak":
		return "the backup of the saved setup " + file
	}
	return "the damaged setup set aside as " + file
}

// ForgetOutcome is what happened to one thing Forget set out to remove.
type ForgetOutcome int

const (
	ForgetRemoved  ForgetOutcome = iota // it was there and is gone
	ForgetNotThere                      // there was nothing to remove
	ForgetFailed                        // it is still there; Err says why and what to do
	ForgetLeft                          // not tried: the keyring could not be reached (Err); the plan's notes say how to remove it by hand
)

// ForgetResult is one line of a ForgetReport.
type ForgetResult struct {
	Item    string
	Outcome ForgetOutcome
	Err     error // set when Outcome is ForgetFailed
}

// ForgetReport says, thing by thing, what Forget did.
type ForgetReport struct {
	Results []ForgetResult
}

// Forget carries out the plan: it deletes the keyring entries, then the
// files. A keyring that cannot be reached does not stop the files from being
// removed. The error joins every failure; things that were already gone are
// not failures.
func Forget(p ForgetPlan, k *Keyring) (ForgetReport, error) {
	var r ForgetReport
	for _, e := range p.entries {
		if p.unreached != nil {
			r.Results = append(r.Results, ForgetResult{Item: keyringItem(e), Outcome: ForgetLeft, Err: p.unreached})
			continue
		}
		err := k.delete(e)
		r.add(keyringItem(e), err, errors.Is(err, ErrNotFound))
	}
	for _, f := range p.files {
		err := os.Remove(f)
		r.add(p.fileItem(f), err, errors.Is(err, fs.ErrNotExist))
	}
	return r, r.failures()
}

func (r *ForgetReport) add(item string, err error, notThere bool) {
	result := ForgetResult{Item: item, Outcome: ForgetRemoved}
	switch {
	case notThere:
		result.Outcome = ForgetNotThere
	case err != nil:
		result.Outcome, result.Err = ForgetFailed, err
	}
	r.Results = append(r.Results, result)
}

func (r ForgetReport) failures() error {
	var errs []error
	for _, res := range r.Results {
		errs = append(errs, res.Err)
	}
	return errors.Join(errs...)
}

// Lines renders the report for a person, one line per thing.
func (r ForgetReport) Lines() []string {
	lines := make([]string, 0, len(r.Results))
	for _, res := range r.Results {
		switch res.Outcome {
		case ForgetRemoved:
			lines = append(lines, "removed: "+res.Item)
		case ForgetNotThere:
			lines = append(lines, "not there: "+res.Item)
		case ForgetLeft:
			lines = append(lines, "left alone: "+res.Item+" (the keyring cannot be reached)")
		default:
			lines = append(lines, "NOT removed: "+res.Err.Error())
		}
	}
	return lines
}
