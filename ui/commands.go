package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"halowiz/orgmap"
	"halowiz/report"
	"halowiz/safefile"
	"halowiz/scrub"
	"halowiz/steps"
)

// Every piece of I/O the wizard does besides the checks (the keyring, the
// settings, the report, the CSV export, the clipboard) is a command here;
// its outcome comes back as a message.

// secretSavedMsg says how saving a verified secret ended.
type secretSavedMsg struct {
	save secretSave
	err  error
}

// saveSecrets saves the secrets the run of cfg has just verified.
func (w *wizard) saveSecrets(cfg steps.Config) tea.Cmd {
	var cmds []tea.Cmd
	for _, v := range w.setup.verifiedSecrets(cfg) {
		store := w.deps.Secrets
		cmds = append(cmds, func() tea.Msg { return secretSavedMsg{save: v, err: v.save(store)} })
	}
	return tea.Batch(cmds...)
}

func (w *wizard) onSecretSaved(msg secretSavedMsg) {
	w.setup.saved(msg.save, msg.err)
	if msg.err != nil {
		w.say("warn", "The secret was verified but not saved: "+msg.err.Error()+" The wizard goes on; the summary says it again.")
	}
}

// fileKind names what a file message is about.
type fileKind int

const (
	fileReport fileKind = iota
	fileCSV
	fileSettings
	fileClipboard
)

// fileMsg says how writing one file (or the clipboard) ended.
type fileMsg struct {
	kind  fileKind
	path  string
	count int // what it held: organizations, values
	err   error
}

// fileState is what the wizard wrote, and where.
type fileState struct {
	reportPath    string
	reportErr     error
	csvPath       string
	csvErr        error
	settingsSaved bool
	settingsErr   error
	draftWarned   bool // keeping the walk failed, and the admin was told
}

// onFile takes in how writing a file (or the clipboard) ended. What the
// admin asked for with a key (the export, the copy) is answered with a note
// on top of the page.
func (w *wizard) onFile(msg fileMsg) {
	f := &w.files
	switch msg.kind {
	case fileReport:
		f.reportPath, f.reportErr = msg.path, msg.err
	case fileCSV:
		f.csvPath, f.csvErr = msg.path, msg.err
		if msg.err != nil {
			w.tell("export", "fail", "The CSV export failed: "+msg.err.Error())
		} else {
			w.tell("export", "pass", fmt.Sprintf("Exported %s to %s.", steps.Plural(msg.count, "organization", "organizations"), msg.path))
		}
	case fileSettings:
		f.settingsSaved, f.settingsErr = msg.err == nil, msg.err
	case fileClipboard:
		if msg.err != nil {
			w.tell("copy", "warn", "Not copied: "+msg.err.Error()+". The values are on this page to copy by hand.")
		} else {
			w.tell("copy", "pass", fmt.Sprintf("Sent %s to the clipboard, one a line, in Huntress's order (OSC 52: some terminals ignore it; the values are on this page either way).", steps.Plural(msg.count, "value", "values")))
		}
	}
}

// stamp names files by the time they were written.
func stamp(t time.Time) string { return t.Format("20060102-150405") }

// createFile writes a file in dir through safefile: atomically, readable
// by its owner only, never through a link or over another user's file.
// dir is halowiz's own settings directory (or the demo's), created if
// missing.
func createFile(dir, name string, write func(io.Writer) error) (string, error) {
	path := filepath.Join(dir, name)
	if err := safefile.EnsureDir(dir); err != nil {
		return path, err
	}
	f, err := safefile.Create(path)
	if err != nil {
		return path, err
	}
	if err := write(f); err != nil {
		f.Abort()
		return path, err
	}
	return path, f.Commit()
}

// writeReportFile writes the Markdown report of rep to dir.
func writeReportFile(dir string, now time.Time, version string, rep steps.Report) (string, error) {
	return createFile(dir, "halowiz-report-"+stamp(now)+".md", func(w io.Writer) error {
		return report.Markdown(w, rep, report.MarkdownOptions{Version: version, Time: now})
	})
}

// writeCSVFile writes the organizations, as the last check matched them,
// to dir.
func writeCSVFile(dir string, now time.Time, orgs []orgmap.Result) (string, error) {
	return createFile(dir, "halowiz-organizations-"+stamp(now)+".csv", func(w io.Writer) error {
		return orgmap.WriteCSV(w, orgs)
	})
}

// exportOrgs exports the organizations in a command.
func (w *wizard) exportOrgs() tea.Cmd {
	// As they pair now, the admin's pairings since the check included.
	dir, now, orgs := w.deps.ReportDir, w.c.Now(), w.setup.facts.OrgsWith(w.setup.cfg.Mapping)
	return func() tea.Msg {
		path, err := writeCSVFile(dir, now, orgs)
		return fileMsg{kind: fileCSV, path: path, count: len(orgs), err: err}
	}
}

// writeReport writes the report of everything checked, in a command.
func (w *wizard) writeReport() tea.Cmd {
	dir, now, version, rep := w.deps.ReportDir, w.c.Now(), w.deps.Version, w.setup.report()
	return func() tea.Msg {
		path, err := writeReportFile(dir, now, version, rep)
		return fileMsg{kind: fileReport, path: path, err: err}
	}
}

// saveSettings saves the finished setup (never its secrets) for the next
// run.
func (w *wizard) saveSettings() tea.Cmd {
	if w.deps.SaveSetup == nil {
		return nil
	}
	write, path := w.keeper.prepare(w.deps.SaveSetup, SavedSetup{Config: w.setup.kept()}), w.deps.SettingsPath
	return func() tea.Msg { return fileMsg{kind: fileSettings, path: path, err: write()} }
}

// copyValues puts the values for Huntress on the clipboard with OSC 52.
// Terminals that do not support it ignore it; the values are on screen
// either way.
func (w *wizard) copyValues() tea.Cmd {
	out := w.clipboard
	vals := typedValues(w.setup.report().HuntressValues())
	if len(vals) == 0 {
		w.tell("copy", "warn", "Nothing to copy yet: no value has passed its check.")
		return nil
	}
	text := valuesText(vals)
	return func() tea.Msg {
		if out == nil {
			return fileMsg{kind: fileClipboard, err: fmt.Errorf("no terminal to send it to")}
		}
		termenv.NewOutput(out).Copy(text)
		return fileMsg{kind: fileClipboard, count: len(vals)}
	}
}

// typedValues are the values Huntress's fields take as they are, in its
// order: not the secret, which halowiz never shows and the admin pastes
// from Halo.
func typedValues(vals []steps.Value) []steps.Value {
	return slices.DeleteFunc(slices.Clone(vals), func(v steps.Value) bool { return v.Secret })
}

// valuesText is the values, one a line, as Huntress's fields take them.
func valuesText(vals []steps.Value) string {
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(scrub.Line(v.Value) + "\n")
	}
	return b.String()
}
