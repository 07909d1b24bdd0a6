package steps

import "testing"

func TestHaloPageURLOnlyForAKnownPageOfAHostedTenant(t *testing.T) {
	for _, tc := range []struct{ host, text, want string }{
		{"acme.halopsa.com", applicationOpen, "https://acme.halopsa.com/config/integrations/api"},
		{"acme.halopsa.com", HostnameInstructions, "https://acme.halopsa.com/config/integrations/api"},
		{"acme.halopsa.com", "In Halo, open Configuration > Tickets > Ticket Types and open Incident.", ""},
		{"support.acme-it.com", applicationOpen, ""},
		{"", applicationOpen, ""},
	} {
		if got := HaloPageURL(tc.host, tc.text); got != tc.want {
			t.Errorf("HaloPageURL(%q, %.40q) = %q, want %q", tc.host, tc.text, got, tc.want)
		}
	}
}
