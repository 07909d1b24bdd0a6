package orgmap

import "testing"

func TestExplainSaysWhyANearMissIsOne(t *testing.T) {
	tests := []struct {
		org, client, want string
	}{
		{"globex corporation", "Globex Corporation", "differs in case"},
		{"Fabrikam Inc", "Fabrikam, Inc.", "differs in punctuation"},
		{"Initech", "Initech LLC", "differs by the suffix LLC"},
		{"Initech LLC", "Initech", "differs by the suffix LLC"},
		{"Koala", "Koala Pty Ltd", "differs by the suffix Pty Ltd"},
		{"Acme Inc.", "Acme LLC", "differs in the suffix (Inc. versus LLC)"},
		{"Acme Inc", "ACME L.L.C.", "differs in case and in the suffix (Inc versus L.L.C.)"},
		{"Fabrikam, Inc.", "fabrikam llc", "differs in case and punctuation, and in the suffix (Inc. versus llc)"},
		{"Smith & Jones", "Smith and Jones", `differs by "&" against "and"`},
		{"Smith&Jones", "Smith and Jones", `differs in spacing and by "&" against "and"`},
		{"Hewlett-Packard", "Hewlett Packard", "differs in punctuation and spacing"},
		{"Acme  IT", "Acme IT", "differs in spacing"},
		{"Société Générale", "Societe Generale", "differs in accents"},
		{"SOCIÉTÉ Générale", "Societe Generale", "differs in case and accents"},
		{"Ａｃｍｅ", "Acme", "differs in the form of some characters"},
		{"Müller Straßenbau", "MÜLLER STRASSENBAU", "differs in case"},
	}
	for _, tt := range tests {
		t.Run(tt.org+" ~ "+tt.client, func(t *testing.T) {
			a, b := analyse(tt.org), analyse(tt.client)
			if a.key != b.key {
				t.Fatalf("keys differ: %q, %q", a.key, b.key)
			}
			if got := explain(a, b); got != tt.want {
				t.Errorf("explain = %q, want %q", got, tt.want)
			}
		})
	}
}
