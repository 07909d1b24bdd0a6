package keystore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"halowiz/safefile"
)

// acmeSettings is a full setup, as the wizard would save it.
func acmeSettings() Settings {
	return Settings{
		Host:             "acme.halopsa.com",
		Tenant:           "acme",
		ClientID:         "0f8fad5b-d9cb-469f-a165-70867728950e",
		TicketType:       "Huntress Incident",
		ResolutionStatus: "9",
		TestClient:       "Acme Internal",
		Mapping:          []OrgMapping{{OrgID: 1042, OrgName: "Acme Corp", ClientID: 12, ClientName: "Acme Corporation"}},
		HuntressKey:      "hk_0123456789abcdef",
	}
}

// settingsFile is where a test saves: a fresh halowiz directory that does not
// exist yet, the way a first run finds it.
func settingsFile(t *testing.T) string {
	return filepath.Join(t.TempDir(), "halowiz", "config.json")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSettingsRoundTrip(t *testing.T) {
	path := settingsFile(t)
	before := time.Now().Add(-time.Second)
	if err := SaveSettings(path, acmeSettings()); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.SavedAt.Before(before) || got.SavedAt.After(time.Now()) {
		t.Errorf("SavedAt = %v, want the time of saving", got.SavedAt)
	}
	want := acmeSettings()
	want.Version, want.SavedAt = 1, got.SavedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("loaded\n%+v\nwant\n%+v", got, want)
	}
}

// An unfinished walk keeps its marks, as version 2; once finished, the same
// file is version 1 again, which every halowiz reads.
func TestUnfinishedSettingsAreVersion2AndFinishedOnesVersion1(t *testing.T) {
	path := settingsFile(t)
	draft := Settings{Host: "acme.halopsa.com", ClientID: "first-run", Unverified: []string{"host", "client-id"}, ResumeAt: "application"}
	if err := SaveSettings(path, draft); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || !got.Unfinished() || !reflect.DeepEqual(got.Unverified, draft.Unverified) || got.ResumeAt != "application" {
		t.Errorf("an unfinished walk loaded as %+v", got)
	}
	// A halowiz that reads only version 1 is told the file is newer,
	// rather than reading the values without their marks.
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"version": 2`) {
		t.Errorf("the unfinished walk was not written as version 2:\n%s", data)
	}
	finished := draft
	finished.Unverified, finished.ResumeAt = nil, ""
	if err := SaveSettings(path, finished); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadSettings(path); err != nil || got.Version != 1 || got.Unfinished() {
		t.Errorf("a finished setup loaded as %+v (%v), want version 1 without marks", got, err)
	}
}

// The on-disk format is a contract with every saved setup out there:
// this halowiz must go on reading what version 1 wrote.
func TestSettingsReadsVersion1File(t *testing.T) {
	got, err := LoadSettings(filepath.Join("testdata", "config-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := acmeSettings()
	want.Version, want.SavedAt = 1, time.Date(2025, 11, 27, 16, 0, 0, 0, time.UTC)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("loaded\n%+v\nwant\n%+v", got, want)
	}
}

func TestSettingsHaveNoSecretField(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[Settings](), reflect.TypeFor[OrgMapping]()} {
		for f := range typ.Fields() {
			name := strings.ToLower(f.Name + " " + f.Tag.Get("json"))
			for _, word := range []string{"secret", "password", "token"} {
				if strings.Contains(name, word) {
					t.Errorf("%s.%s (%s) looks like a secret; secrets belong in the keyring", typ.Name(), f.Name, f.Tag)
				}
			}
		}
	}
}

// The secrets travel beside the settings through a whole save; none of them
// may end up in any file.
func TestSavedFilesNeverContainASecret(t *testing.T) {
	const haloSecret, huntressSecret = "halo-s3cret-7f3a9c", "huntress-s3cret-0b2e4d"
	path := settingsFile(t)
	s := acmeSettings()
	k := NewMemoryKeyring()
	if err := k.SetHaloSecret(s.Host, s.ClientID, haloSecret); err != nil {
		t.Fatal(err)
	}
	if err := k.SetHuntressSecret(s.HuntressKey, huntressSecret); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second save writes the backup too
		if err := SaveSettings(path, s); err != nil {
			t.Fatal(err)
		}
	}
	err := filepath.WalkDir(filepath.Dir(path), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content := readFile(t, p)
		if strings.Contains(content, haloSecret) || strings.Contains(content, huntressSecret) {
			t.Errorf("%s contains a secret", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSavedSettingsArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	path := settingsFile(t)
	for range 2 { // the first save creates, the second replaces and backs up
		if err := SaveSettings(path, acmeSettings()); err != nil {
			t.Fatal(err)
		}
	}
	assertMode(t, filepath.Dir(path), 0o700)
	assertMode(t, path, 0o600)
	assertMode(t, path+".bak", 0o600)
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %#o, want %#o", path, got, want)
	}
}

func TestSaveNeverLoosensAnExistingDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "halowiz")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil { // stricter than 0700: owner may not even write
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	_ = SaveSettings(filepath.Join(dir, "config.json"), acmeSettings())
	assertMode(t, dir, 0o500)
}

func TestSaveRefusesASymlinkedSettingsFile(t *testing.T) {
	path := settingsFile(t)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "elsewhere.json")
	writeFile(t, elsewhere, `{"version": 1, "host": "other.halopsa.com", "client_id": "x", "saved_at": "2026-01-01T00:00:00Z"}`)
	if err := os.Symlink(elsewhere, path); err != nil {
		t.Skipf("cannot create a symbolic link here: %v", err)
	}
	err := SaveSettings(path, acmeSettings())
	if !errors.Is(err, safefile.ErrSymlink) {
		t.Fatalf("err = %v, want a refusal of the link", err)
	}
	if _, err := os.Stat(path + ".bak"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a backup was made through the link (%v)", err)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced (%v)", err)
	}
}

func TestSaveLeavesNoTemporaryFiles(t *testing.T) {
	path := settingsFile(t)
	for range 3 {
		if err := SaveSettings(path, acmeSettings()); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"config.json", "config.json.bak"}; !reflect.DeepEqual(names, want) {
		t.Errorf("directory holds %q, want %q", names, want)
	}
}

func TestSaveKeepsThePreviousSetupAsBackup(t *testing.T) {
	path := settingsFile(t)
	first, second := acmeSettings(), acmeSettings()
	second.Host = "globex.halopsa.com"
	for _, s := range []Settings{first, second} {
		if err := SaveSettings(path, s); err != nil {
			t.Fatal(err)
		}
	}
	backup, err := LoadSettings(path + ".bak")
	if err != nil {
		t.Fatal(err)
	}
	current, err := LoadSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	if backup.Host != first.Host || current.Host != second.Host {
		t.Errorf("backup host %q, current host %q; want %q, %q", backup.Host, current.Host, first.Host, second.Host)
	}
}

func TestMissingSettingsAreDistinguishable(t *testing.T) {
	_, err := LoadSettings(settingsFile(t))
	if !errors.Is(err, ErrNoSettings) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want ErrNoSettings and fs.ErrNotExist", err)
	}
}

func TestDamagedSettingsSayWhereAndAreNotReplaced(t *testing.T) {
	tests := []struct {
		name    string
		content string
		line    int
		column  int
		problem string
	}{
		{"syntax error", "{\n  \"version\": 1,\n  \"host\": \"acme.halopsa.com\",,\n}\n", 3, 30, "not valid JSON: invalid character ','"},
		{"wrong type", "{\n  \"version\": 1,\n  \"host\": 42\n}\n", 3, 12, `"host" must be text in quotes, not a JSON number`},
		{"wrong type deep", "{\"version\": 1, \"mapping\": [{\"halo_client_id\": \"12\"}]}", 1, 50, `"mapping.halo_client_id" must be a whole number, not a JSON string`},
		{"a secret added by hand", "{\"version\": 1, \"client_secret\": \"s3cret\"}", 0, 0, `unknown field "client_secret"`},
		{"empty", "", 0, 0, "the file is empty"},
		{"cut short", "{\"version\": 1, \"host\": \"acme", 1, 28, "unexpected end of JSON input"},
		{"no version", "{\"host\": \"acme.halopsa.com\"}", 0, 0, `"version" is missing`},
		{"trailing data", "{\"version\": 1} {}", 1, 16, "invalid character '{' after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := settingsFile(t)
			writeFile(t, path, tt.content)
			_, err := LoadSettings(path)
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *CorruptError", err)
			}
			if ce.Path != path || ce.Line != tt.line || ce.Column != tt.column || !strings.Contains(ce.Problem, tt.problem) {
				t.Errorf("got %s at %d:%d %q, want %s at %d:%d %q", ce.Path, ce.Line, ce.Column, ce.Problem,
					path, tt.line, tt.column, tt.problem)
			}
			if msg := err.Error(); !strings.Contains(msg, path) {
				t.Errorf("message does not name the file: %s", msg)
			}
			if err := SaveSettings(path, acmeSettings()); !errors.As(err, &ce) {
				t.Errorf("SaveSettings over it: err = %v, want it refused with *CorruptError", err)
			}
			if got := readFile(t, path); got != tt.content {
				t.Errorf("the damaged file was changed to %q", got)
			}
		})
	}
}

func TestNewerSettingsAreNotReadNorReplaced(t *testing.T) {
	path := settingsFile(t)
	const newer = `{"version": 3, "host": "acme.halopsa.com", "webhooks": []}`
	writeFile(t, path, newer)
	_, err := LoadSettings(path)
	if !errors.Is(err, ErrNewerSettings) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "update halowiz") {
		t.Errorf("err = %v, want ErrNewerSettings naming the file and the way out", err)
	}
	if err := SaveSettings(path, acmeSettings()); !errors.Is(err, ErrNewerSettings) {
		t.Errorf("SaveSettings over it: err = %v, want ErrNewerSettings", err)
	}
	if got := readFile(t, path); got != newer {
		t.Errorf("the newer file was changed to %q", got)
	}
}

func TestUnreadableSettingsSayWhy(t *testing.T) {
	t.Run("a directory", func(t *testing.T) {
		path := settingsFile(t)
		if err := os.MkdirAll(path, 0o700); err != nil {
			t.Fatal(err)
		}
		_, err := LoadSettings(path)
		if err == nil || errors.Is(err, ErrNoSettings) || !strings.Contains(err.Error(), path) {
			t.Errorf("err = %v, want a read error naming %s", err, path)
		}
	})
	t.Run("permission denied", func(t *testing.T) {
		if runtime.GOOS == "windows" || os.Geteuid() == 0 {
			t.Skip("needs Unix permissions and a user they apply to (not root)")
		}
		path := settingsFile(t)
		writeFile(t, path, `{"version": 1}`)
		if err := os.Chmod(path, 0o000); err != nil {
			t.Fatal(err)
		}
		_, err := LoadSettings(path)
		if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), path) {
			t.Errorf("err = %v, want permission denied naming %s", err, path)
		}
	})
}

func TestSetAsideMakesRoomForAFreshSetup(t *testing.T) {
	path := settingsFile(t)
	const damaged = "{ not json"
	writeFile(t, path, damaged)
	aside, err := SetAsideSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aside, path+".corrupt-") {
		t.Errorf("set aside as %s, want %s.corrupt-<time>", aside, path)
	}
	if got := readFile(t, aside); got != damaged {
		t.Errorf("set-aside copy holds %q, want the damaged content", got)
	}
	if err := SaveSettings(path, acmeSettings()); err != nil {
		t.Fatalf("save after setting aside: %v", err)
	}
}

func TestSettingsPathHonoursXDGConfigHome(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skipf("os.UserConfigDir ignores XDG_CONFIG_HOME on %s", runtime.GOOS)
	}
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	got, err := SettingsPath()
	if want := filepath.Join(dir, "halowiz", "config.json"); err != nil || got != want {
		t.Errorf("SettingsPath() = %q, %v; want %q", got, err, want)
	}
}
