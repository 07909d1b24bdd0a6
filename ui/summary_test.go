package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"halowiz/steps"
)

// A value for Huntress is copied from the screen: at any width it is
// whole, on its label's line when both fit and on its own line when not.
func TestAValueForHuntressIsNeverCut(t *testing.T) {
	c := &Common{Width: 60, Styles: NewStyles(lipgloss.DefaultRenderer()), Keys: DefaultKeyMap()}
	host := "a-very-long-company-name-for-a-tenant.halopsa.com"
	row := valueRow(c, steps.Value{Label: "Server Host", Value: host}, c.contentWidth())
	if !strings.Contains(row, "\n    "+host+"\n") {
		t.Errorf("a long host at 60 columns reads:\n%s\nwant it whole on a line of its own", row)
	}
	for _, line := range strings.Split(row, "\n") {
		if len(line) > c.contentWidth() {
			t.Errorf("line %q is wider than %d columns", line, c.contentWidth())
		}
	}
	if row := valueRow(c, steps.Value{Label: "Server Host", Value: "acme.halopsa.com"}, c.contentWidth()); strings.Count(row, "\n") != 1 {
		t.Errorf("a short host takes %d lines, want its label's", strings.Count(row, "\n"))
	}
}
