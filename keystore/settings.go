package keystore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"halowiz/safefile"
)

// SettingsVersion is the newest schema version LoadSettings reads.
//
// Version 2 adds the marks of a walk the wizard has not finished
// (Unverified, ResumeAt). SaveSettings writes version 2 only when the setup
// carries them, and version 1 otherwise, so that a finished setup stays
// readable by a halowiz that knows only version 1, and an unfinished one
// is refused by it as "from a newer halowiz" rather than read without its
// marks.
const SettingsVersion = 2

// versionOf is the oldest version that holds everything s carries.
func versionOf(s Settings) int {
	if len(s.Unverified) > 0 || s.ResumeAt != "" {
		return 2
	}
	return 1
}

// Settings is the saved setup that a re-run starts from. It holds no secret,
// and must never gain a field that does: secrets live in the keyring.
type Settings struct {
	Version          int          `json:"version"` // schema version, set by SaveSettings
	Host             string       `json:"host"`
	Tenant           string       `json:"tenant,omitempty"`
	ClientID         string       `json:"client_id"`
	TicketType       string       `json:"ticket_type,omitempty"`       // id or exact name
	ResolutionStatus string       `json:"resolution_status,omitempty"` // id or exact name
	TestClient       string       `json:"test_client,omitempty"`       // id or exact name
	Mapping          []OrgMapping `json:"mapping,omitempty"`           // Huntress organization -> Halo client
	HuntressKey      string       `json:"huntress_api_key,omitempty"`  // the key, never its secret
	SavedAt          time.Time    `json:"saved_at"`                    // set by SaveSettings

	// Unverified names the values above that no check has accepted yet,
	// by their names in the CLI contract ("host", "client-id", ...): the
	// wizard keeps what the admin types as soon as it is entered, so that
	// a first run that fails or is cut short can be taken up again. Empty
	// in a setup the wizard finished. (Version 2.)
	Unverified []string `json:"unverified,omitempty"`
	// ResumeAt is the step (its contract id, "application") the admin was
	// on when the wizard kept an unfinished walk; "" once it was finished.
	// (Version 2.)
	ResumeAt string `json:"resume_at,omitempty"`
}

// Unfinished reports whether s is a walk the wizard kept before it was
// finished: the next run offers to take it up again.
func (s Settings) Unfinished() bool { return versionOf(s) > 1 }

// OrgMapping pairs a Huntress organization with the Halo client its tickets go to.
type OrgMapping struct {
	OrgID      int64  `json:"huntress_org_id"`
	OrgName    string `json:"huntress_org_name"`
	ClientID   int    `json:"halo_client_id"`
	ClientName string `json:"halo_client_name"`
}

// ErrNoSettings is wrapped by LoadSettings when nothing has been saved yet.
// The error also wraps fs.ErrNotExist.
var ErrNoSettings = errors.New("no saved setup")

// ErrNewerSettings is wrapped when the file was written by a newer halowiz,
// whose schema this one does not understand.
var ErrNewerSettings = errors.New("the saved setup is from a newer halowiz")

// CorruptError says a settings file exists but cannot be understood, and where.
type CorruptError struct {
	Path    string
	Line    int // 1-based; 0 when the problem has no position
	Column  int
	Problem string
	Err     error // the decoder's own error
}

func (e *CorruptError) Error() string {
	at := ""
	if e.Line > 0 {
		at = fmt.Sprintf(" at line %d, column %d", e.Line, e.Column)
	}
	return fmt.Sprintf("saved setup %s is damaged%s: %s; fix it by hand, or run halowiz forget to start over",
		e.Path, at, e.Problem)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// SettingsPath is where the setup is saved: halowiz/config.json in the user's
// config directory ($XDG_CONFIG_HOME or ~/.config on Linux, Application
// Support on macOS, %AppData% on Windows).
func SettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory for the saved setup: %w", err)
	}
	return filepath.Join(dir, "halowiz", "config.json"), nil
}

// LoadSettings reads the setup saved at path. When there is none the error
// wraps ErrNoSettings; a file that cannot be understood gives a *CorruptError;
// one from a newer halowiz an error wrapping ErrNewerSettings.
func LoadSettings(path string) (Settings, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Settings{}, fmt.Errorf("%w: %w", ErrNoSettings, err)
	}
	if err != nil {
		return Settings{}, fmt.Errorf("read saved setup: %w", err)
	}
	return parseSettings(path, data)
}

func parseSettings(path string, data []byte) (Settings, error) {
	// The version first, on its own: a newer file may have fields this
	// halowiz does not know, and should say "newer", not "unknown field".
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Settings{}, corrupt(path, data, err)
	}
	switch {
	case head.Version > SettingsVersion:
		return Settings{}, fmt.Errorf("%w: %s has schema version %d and this halowiz reads up to %d; "+
			"update halowiz, or run halowiz forget to start over", ErrNewerSettings, path, head.Version, SettingsVersion)
	case head.Version < 1:
		return Settings{}, &CorruptError{Path: path, Problem: `"version" is missing or not a positive number`}
	}
	var s Settings
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a hand-added "client_secret" must not pass unnoticed
	if err := dec.Decode(&s); err != nil {
		return Settings{}, corrupt(path, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Settings{}, &CorruptError{Path: path, Problem: "there is more after the closing brace"}
	}
	return s, nil
}

// corrupt turns a JSON decoding error into a *CorruptError that says where
// and what, in words a person editing the file understands.
func corrupt(path string, data []byte, err error) *CorruptError {
	ce := &CorruptError{Path: path, Problem: strings.TrimPrefix(err.Error(), "json: "), Err: err}
	var syntax *json.SyntaxError
	var wrongType *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		ce.Problem = "the file is empty"
	case errors.As(err, &syntax):
		ce.Line, ce.Column = position(data, syntax.Offset)
		ce.Problem = "not valid JSON: " + syntax.Error()
	case errors.As(err, &wrongType):
		ce.Line, ce.Column = position(data, wrongType.Offset)
		ce.Problem = fmt.Sprintf("%q must be %s, not a JSON %s", wrongType.Field, describeType(wrongType.Type), wrongType.Value)
	}
	return ce
}

// describeType names a Go type the way the settings file spells it.
func describeType(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return "a time in quotes"
	case t.Kind() == reflect.String:
		return "text in quotes"
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		return "a whole number"
	case t.Kind() == reflect.Slice:
		return "a list"
	case t.Kind() == reflect.Struct:
		return "an object"
	}
	return t.String()
}

// position turns the decoder's offset, the number of bytes it had read when
// it stopped, into the 1-based line and column of the last byte it read.
func position(data []byte, offset int64) (line, column int) {
	offset = max(1, min(offset, int64(len(data))))
	before := data[:offset-1]
	line = 1 + bytes.Count(before, []byte("\n"))
	column = len(before) - bytes.LastIndexByte(before, '\n')
	return line, column
}

// SaveSettings saves s at path, stamped with its version and the time.
// The directory is created 0700 and the file written through safefile
// (0600, atomically, never through a link or over another user's file). A
// file already there is kept as path+".bak" first; one that cannot be
// understood is not overwritten at all (see SetAsideSettings).
func SaveSettings(path string, s Settings) error {
	s.Version = versionOf(s)
	s.SavedAt = time.Now().UTC().Truncate(time.Second)
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save setup: %w", err)
	}
	data = append(data, '\n')
	if err := safefile.EnsureDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("save setup: %w", err)
	}
	// Checked before the backup, which reads path: a link there is
	// refused before anything is read through it.
	if err := safefile.Check(path); err != nil {
		return fmt.Errorf("save setup: %w", err)
	}
	if err := backUp(path); err != nil {
		return fmt.Errorf("save setup: %w", err)
	}
	if err := safefile.Write(path, data); err != nil {
		return fmt.Errorf("save setup: %w", err)
	}
	return nil
}

// backUp copies the settings at path to path+".bak", after checking that
// they are worth keeping: a file this halowiz cannot understand is refused,
// so that saving never silently destroys it.
func backUp(path string) error {
	old, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the current file before replacing it: %w", err)
	}
	if _, err := parseSettings(path, old); err != nil {
		return fmt.Errorf("nothing written: %w", err)
	}
	return safefile.Write(path+".bak", old)
}

// SetAsideSettings renames the settings file at path to
// path+".corrupt-<UTC time>" so that a fresh setup can be saved, and returns
// the new name for the caller to tell the user. It is the explicit step that
// SaveSettings refuses to take on its own.
func SetAsideSettings(path string) (string, error) {
	aside := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405Z")
	if _, err := os.Lstat(aside); err == nil {
		return "", fmt.Errorf("set aside %s: %s already exists; try again in a second", path, aside)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("set aside the saved setup: %w", err)
	}
	return aside, nil
}
