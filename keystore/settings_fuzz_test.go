package keystore

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseSettings feeds the settings parser arbitrary files, as a hand
// edit or a disk fault could leave them: it never panics, and anything it
// refuses is an error that names the file.
func FuzzParseSettings(f *testing.F) {
	for _, seed := range []string{
		`{"version":1,"host":"acme.halopsa.com","client_id":"42","saved_at":"2026-11-27T09:30:00Z"}`,
		`{"version":1,"host":"acme.halopsa.com","client_secret":"x"}`,
		`{"version":99}`,
		`{"version":"1"}`,
		`{"version":1,"mapping":[{"huntress_org_id":1,"halo_client_id":"x"}]}`,
		`{"version":1}{}`,
		"{\n  \"version\": 1,\n  \"host\": \n}",
		``,
		`null`,
	} {
		f.Add([]byte(seed))
	}
	const path = "/home/admin/.config/halowiz/config.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := parseSettings(path, data)
		if err == nil {
			return
		}
		var ce *CorruptError
		if !errors.As(err, &ce) && !errors.Is(err, ErrNewerSettings) {
			t.Fatalf("refusal %T %v is neither corrupt nor newer", err, err)
		}
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
