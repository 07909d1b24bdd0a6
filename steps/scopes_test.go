package steps

import (
	"strings"
	"testing"
)

func TestLoginScopesAreTheOnesTheChecksGotTheirTokenWith(t *testing.T) {
	refused := Report{Steps: []Result{NewResult(Application, Application.Title(), 0, []Finding{{ID: "application.scope-all-refused", Severity: Info}})}}
	cases := []struct {
		name string
		cfg  Config
		rep  Report
		want string
	}{
		{"the default, all", Config{}, Report{}, ""},
		{"all refused: Huntress's own permissions", Config{}, refused, "read:tickets edit:tickets read:customers"},
		{"the scopes asked for", Config{Scopes: []string{"read:tickets"}}, refused, "read:tickets"},
	}
	for _, c := range cases {
		if got := strings.Join(LoginScopes(c.cfg, c.rep), " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
