package keystore

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// savedTwice saves acme's setup, then globex's over it, with both tenants'
// secrets in k: the backup names a tenant the current file no longer does.
func savedTwice(t *testing.T, k *Keyring) string {
	t.Helper()
	path := settingsFile(t)
	acme, globex := acmeSettings(), acmeSettings()
	globex.Host, globex.HuntressKey = "globex.halopsa.com", ""
	for _, s := range []Settings{acme, globex} {
		if err := SaveSettings(path, s); err != nil {
			t.Fatal(err)
		}
		if err := k.SetHaloSecret(s.Host, s.ClientID, "secret-for-"+s.Host); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.SetHuntressSecret(acme.HuntressKey, "huntress-secret"); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestForgetPlanListsWhatWillBeRemoved(t *testing.T) {
	path := savedTwice(t, NewMemoryKeyring())
	plan := PlanForget(path)
	want := []string{
		"the Halo client secret for globex.halopsa.com (client ID 0f8fad5b-d9cb-469f-a165-70867728950e), in the keyring",
		"the Halo client secret for acme.halopsa.com (client ID 0f8fad5b-d9cb-469f-a165-70867728950e), in the keyring",
		"the Huntress API secret for API key hk_0123456789abcdef, in the keyring",
		"the saved setup " + path,
		"the backup of the saved setup " + path + ".bak",
	}
	if got := plan.Items(); !reflect.DeepEqual(got, want) {
		t.Errorf("Items() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if plan.Empty() || len(plan.Notes()) != 0 {
		t.Errorf("Empty() = %v, Notes() = %q; want a plan with no notes", plan.Empty(), plan.Notes())
	}
}

func TestForgetRemovesTheSetupAndItsSecrets(t *testing.T) {
	k := NewMemoryKeyring()
	path := savedTwice(t, k)
	report, err := Forget(PlanForget(path), k)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range report.Lines() {
		if !strings.HasPrefix(line, "removed: ") {
			t.Errorf("line %q, want everything removed", line)
		}
	}
	for _, host := range []string{"acme.halopsa.com", "globex.halopsa.com"} {
		if _, err := k.HaloSecret(host, acmeSettings().ClientID); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s secret: err = %v, want ErrNotFound", host, err)
		}
	}
	if _, err := k.HuntressSecret(acmeSettings().HuntressKey); !errors.Is(err, ErrNotFound) {
		t.Errorf("Huntress secret: err = %v, want ErrNotFound", err)
	}
	for _, f := range []string{path, path + ".bak"} {
		if _, err := os.Lstat(f); !os.IsNotExist(err) {
			t.Errorf("%s still there (%v)", f, err)
		}
	}
	if !PlanForget(path).Empty() {
		t.Error("a second plan still finds something to forget")
	}
}

func TestForgetReportsWhatWasNotThere(t *testing.T) {
	path := settingsFile(t)
	if err := SaveSettings(path, acmeSettings()); err != nil {
		t.Fatal(err)
	}
	report, err := Forget(PlanForget(path), NewMemoryKeyring())
	if err != nil {
		t.Fatalf("err = %v; an entry that was not there is no failure", err)
	}
	want := []string{
		"not there: the Halo client secret for acme.halopsa.com (client ID 0f8fad5b-d9cb-469f-a165-70867728950e), in the keyring",
		"not there: the Huntress API secret for API key hk_0123456789abcdef, in the keyring",
		"removed: the saved setup " + path,
	}
	if got := report.Lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("Lines() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestForgetRemovesFilesWhenTheKeyringIsUnavailable(t *testing.T) {
	path := settingsFile(t)
	if err := SaveSettings(path, acmeSettings()); err != nil {
		t.Fatal(err)
	}
	k := testKeyring(failingBackend{errors.New(`exec: "dbus-launch": executable file not found in $PATH`)})
	report, err := Forget(PlanForget(path), k)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
	lines := report.Lines()
	if len(lines) != 3 || lines[2] != "removed: the saved setup "+path {
		t.Fatalf("Lines() = %q, want two keyring failures, then the file removed", lines)
	}
	for _, line := range lines[:2] {
		if !strings.HasPrefix(line, "NOT removed: ") || !strings.Contains(line, "gnome-keyring") ||
			!strings.Contains(line, "secret-tool clear service halowiz username ") {
			t.Errorf("line %q should say it failed, how to get a keyring and how to remove the entry by hand", line)
		}
	}
}

func TestForgetRemovesADamagedSetupAndSaysWhatItCannotKnow(t *testing.T) {
	path := settingsFile(t)
	writeFile(t, path, "{ not json")
	aside, err := SetAsideSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, `{"version": 1, "host": `)
	plan := PlanForget(path)
	if got, want := plan.Items(), []string{"the saved setup " + path, "the damaged setup set aside as " + aside}; !reflect.DeepEqual(got, want) {
		t.Errorf("Items() = %q, want %q", got, want)
	}
	notes := plan.Notes()
	if len(notes) != 2 || !strings.Contains(notes[0], path) || !strings.Contains(notes[0], `service "halowiz"`) {
		t.Errorf("Notes() = %q, want one per unreadable file, naming it and the keyring service", notes)
	}
	if _, err := Forget(plan, NewMemoryKeyring()); err != nil {
		t.Fatal(err)
	}
	if !PlanForget(path).Empty() {
		t.Error("files are left after forgetting")
	}
}

func TestForgetReadsASetupFromANewerHalowiz(t *testing.T) {
	path := settingsFile(t)
	writeFile(t, path, `{"version": 9, "host": "acme.halopsa.com", "client_id": "42", "webhooks": []}`)
	items := PlanForget(path).Items()
	if len(items) != 2 || !strings.Contains(items[0], "acme.halopsa.com (client ID 42)") {
		t.Errorf("Items() = %q, want the Halo secret it names and the file", items)
	}
}

func TestForgetWithNothingSaved(t *testing.T) {
	plan := PlanForget(settingsFile(t))
	if !plan.Empty() || len(plan.Items()) != 0 {
		t.Errorf("Empty() = %v, Items() = %q; want nothing to forget", plan.Empty(), plan.Items())
	}
}

// A plan made for a keyring that cannot be reached promises only the files,
// says up front how to remove each secret by hand, and Forget leaves the
// keyring alone.
func TestForgetPlanPromisesNothingFromAnUnreachableKeyring(t *testing.T) {
	tests := []struct {
		name    string
		backend backend
		kind    error
	}{
		{"no keyring service", failingBackend{errors.New(`exec: "dbus-launch": executable file not found in $PATH`)}, ErrUnavailable},
		{"locked", failingBackend{errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")}, ErrLocked},
		{"never answers", newBlockingBackend(t), ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := settingsFile(t)
			if err := SaveSettings(path, acmeSettings()); err != nil {
				t.Fatal(err)
			}
			k := testKeyring(tt.backend)
			k.timeout = shortTimeout
			plan := PlanForget(path).CheckKeyring(k)
			if !errors.Is(plan.KeyringUnreachable(), tt.kind) {
				t.Errorf("KeyringUnreachable() = %v, want %v", plan.KeyringUnreachable(), tt.kind)
			}
			if got, want := plan.Items(), []string{"the saved setup " + path}; !reflect.DeepEqual(got, want) {
				t.Errorf("Items() = %q, want only the file %q", got, want)
			}
			notes := strings.Join(plan.Notes(), "\n")
			for _, want := range []string{
				"the keyring cannot be reached",
				"secret-tool clear service halowiz username halo/acme.halopsa.com/0f8fad5b-d9cb-469f-a165-70867728950e",
				"secret-tool clear service halowiz username huntress/hk_0123456789abcdef",
			} {
				if !strings.Contains(notes, want) {
					t.Errorf("notes lack %q:\n%s", want, notes)
				}
			}
			report, err := Forget(plan, k)
			if !errors.Is(err, tt.kind) {
				t.Errorf("Forget err = %v, want %v: the secrets may still be there", err, tt.kind)
			}
			lines := report.Lines()
			want := []string{
				"left alone: the Halo client secret for acme.halopsa.com (client ID 0f8fad5b-d9cb-469f-a165-70867728950e), in the keyring (the keyring cannot be reached)",
				"left alone: the Huntress API secret for API key hk_0123456789abcdef, in the keyring (the keyring cannot be reached)",
				"removed: the saved setup " + path,
			}
			if !reflect.DeepEqual(lines, want) {
				t.Errorf("Lines() =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestForgetPlanKeepsTheSecretsOfAReachableKeyring(t *testing.T) {
	k := NewMemoryKeyring()
	path := savedTwice(t, k)
	plan := PlanForget(path).CheckKeyring(k)
	if plan.KeyringUnreachable() != nil || len(plan.Items()) != 5 || len(plan.Notes()) != 0 {
		t.Errorf("unreachable %v, items %q, notes %q; want the secrets and files, no notes", plan.KeyringUnreachable(), plan.Items(), plan.Notes())
	}
}
