package orgmap

import (
	"encoding/json"
	"slices"
	"testing"

	"halowiz/halo"
	"halowiz/huntress"
	"halowiz/huntress/huntresstest"
)

func client(id int, name string) halo.Customer { return halo.Customer{ID: id, Name: name} }

func inactive(id int, name string) halo.Customer {
	yes := true
	return halo.Customer{ID: id, Name: name, Inactive: &yes}
}

func org(id int64, name string) huntress.Organization {
	return huntress.Organization{ID: id, Name: name}
}

// demoClients mirror the simulated Halo tenant's clients, which the
// simulated Huntress account's organizations are written against.
var demoClients = []halo.Customer{
	client(1, "Acme IT Services"),
	client(2, "Contoso Ltd"),
	client(3, "Northwind Traders"),
	client(4, "Fabrikam, Inc."),
	client(5, "Globex Corporation"),
	client(6, "Initech LLC"),
	inactive(7, "Umbrella Corp"),
	client(8, "Soylent Green Co"),
}

func TestDemoOrganizationsCoverEveryNameCase(t *testing.T) {
	want := []struct {
		kind      Kind
		candidate int
		reason    string
	}{
		{Exact, 2, "identical name: Huntress pairs them automatically"},
		{Exact, 3, "identical name: Huntress pairs them automatically"},
		{NearMiss, 4, "differs in punctuation"},
		{NearMiss, 5, "differs in case"},
		{NearMiss, 6, "differs by the suffix LLC"},
		{Inactive, 7, `the Halo client named exactly "Umbrella Corp" is inactive`},
		{None, 0, "no active Halo client has this name or a near one"},
		{None, 0, "no active Halo client has this name or a near one"},
	}
	results := Match(huntresstest.DefaultOrganizations(), demoClients, nil)
	if len(results) != len(want) {
		t.Fatalf("got %d results, want %d", len(results), len(want))
	}
	for i, r := range results {
		w := want[i]
		got := 0
		if len(r.Candidates) == 1 {
			got = r.Candidates[0].ID
		}
		if r.Kind != w.kind || got != w.candidate || r.Reason != w.reason {
			t.Errorf("%q: %s, client %d, %q; want %s, client %d, %q", r.Org.Name, r.Kind, got, r.Reason, w.kind, w.candidate, w.reason)
		}
	}
}

func TestMatchKinds(t *testing.T) {
	tests := []struct {
		name       string
		org        huntress.Organization
		clients    []halo.Customer
		saved      []Mapping
		kind       Kind
		candidates []int
		reason     string
	}{
		{"exact", org(1, "Contoso Ltd"), []halo.Customer{client(10, "Contoso Ltd")}, nil,
			Exact, []int{10}, "identical name: Huntress pairs them automatically"},
		{"exact ignores outer spaces", org(1, " Contoso Ltd  "), []halo.Customer{client(10, "Contoso Ltd ")}, nil,
			Exact, []int{10}, "identical name: Huntress pairs them automatically"},
		{"exact wins over a near miss", org(1, "Contoso Ltd"), []halo.Customer{client(11, "Contoso Limited"), client(10, "Contoso Ltd")}, nil,
			Exact, []int{10}, "identical name: Huntress pairs them automatically"},
		{"active exact wins over an inactive twin", org(1, "Contoso Ltd"), []halo.Customer{inactive(9, "Contoso Ltd"), client(10, "Contoso Ltd")}, nil,
			Exact, []int{10}, "identical name: Huntress pairs them automatically"},
		{"case alone is a near miss", org(1, "CONTOSO LTD"), []halo.Customer{client(10, "Contoso Ltd")}, nil,
			NearMiss, []int{10}, "differs in case"},
		{"two exact names are ambiguous", org(1, "Contoso"), []halo.Customer{client(12, "Contoso"), client(10, "Contoso")}, nil,
			Ambiguous, []int{10, 12}, `2 active Halo clients are named exactly "Contoso"; Huntress cannot tell which one`},
		{"two near misses are ambiguous", org(1, "Contoso"), []halo.Customer{client(12, "Contoso Ltd"), client(10, "CONTOSO"), client(11, "Contoso, Inc.")}, nil,
			Ambiguous, []int{10, 11, 12}, `3 active Halo clients are near misses: "CONTOSO", "Contoso, Inc." and "Contoso Ltd"`},
		{"inactive exact is no target", org(1, "Umbrella Corp"), []halo.Customer{inactive(7, "Umbrella Corp")}, nil,
			Inactive, []int{7}, `the Halo client named exactly "Umbrella Corp" is inactive`},
		{"inactive near miss is no target", org(1, "Umbrella"), []halo.Customer{inactive(7, "Umbrella Corp")}, nil,
			Inactive, []int{7}, `the only near miss, "Umbrella Corp", is inactive (it differs by the suffix Corp)`},
		{"an active near miss beats an inactive exact name", org(1, "Umbrella Corp"), []halo.Customer{inactive(7, "Umbrella Corp"), client(8, "Umbrella Corporation")}, nil,
			NearMiss, []int{8}, `differs in the suffix (Corp versus Corporation); the client named exactly "Umbrella Corp" is inactive`},
		{"none", org(1, "Wayne Enterprises"), demoClients, nil,
			None, nil, "no active Halo client has this name or a near one"},
		{"no name", org(1, "  "), []halo.Customer{client(10, " ")}, nil,
			None, nil, "the organization has no name"},
		{"punctuation only never matches punctuation only", org(1, "!!!"), []halo.Customer{client(10, "???")}, nil,
			None, nil, "no active Halo client has this name or a near one"},
		{"saved", org(1, "Wayne Enterprises"), demoClients, []Mapping{{OrgID: 1, ClientID: 1}},
			Saved, []int{1}, "saved mapping"},
		{"saved wins over an exact name", org(1, "Contoso Ltd"), demoClients, []Mapping{{OrgID: 1, ClientID: 3}},
			Saved, []int{3}, "saved mapping"},
		{"saved client gone", org(1, "Contoso Ltd"), demoClients, []Mapping{{OrgID: 1, ClientID: 99}},
			SavedMissing, []int{99}, "the saved Halo client 99 no longer exists"},
		{"saved client inactive", org(1, "Umbrella Corp"), demoClients, []Mapping{{OrgID: 1, ClientID: 7}},
			SavedMissing, []int{7}, `the saved Halo client "Umbrella Corp" (7) is inactive`},
		{"first saved mapping of an org counts", org(1, "X"), demoClients, []Mapping{{OrgID: 1, ClientID: 2}, {OrgID: 1, ClientID: 3}},
			Saved, []int{2}, "saved mapping"},
		{"another org's saved mapping does not count", org(1, "Contoso Ltd"), demoClients, []Mapping{{OrgID: 2, ClientID: 3}},
			Exact, []int{2}, "identical name: Huntress pairs them automatically"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Match([]huntress.Organization{tt.org}, tt.clients, tt.saved)[0]
			var ids []int
			for _, c := range r.Candidates {
				ids = append(ids, c.ID)
			}
			if r.Kind != tt.kind || !slices.Equal(ids, tt.candidates) || r.Reason != tt.reason {
				t.Errorf("got %s %v %q\nwant %s %v %q", r.Kind, ids, r.Reason, tt.kind, tt.candidates, tt.reason)
			}
			if r.Org.ID != tt.org.ID {
				t.Errorf("result carries org %d, want %d", r.Org.ID, tt.org.ID)
			}
		})
	}
}

func TestSummaryCountsEveryKind(t *testing.T) {
	orgs := append(huntresstest.DefaultOrganizations(), org(201, "Acme IT Services"), org(202, "Ghost"))
	saved := []Mapping{{OrgID: 201, ClientID: 1}, {OrgID: 202, ClientID: 404}}
	got := Summarize(Match(orgs, demoClients, saved))
	want := Summary{Total: 10, Saved: 1, SavedMissing: 1, Exact: 2, NearMiss: 3, Inactive: 1, None: 2}
	if got != want {
		t.Errorf("Summarize = %+v\nwant        %+v", got, want)
	}
	if got.Unpaired() != 7 {
		t.Errorf("Unpaired = %d, want 7 (all but 2 exact and 1 working saved mapping)", got.Unpaired())
	}
}

func TestKindTextRoundTrips(t *testing.T) {
	for k := None; k <= SavedMissing; k++ {
		b, err := json.Marshal(k)
		if err != nil {
			t.Fatal(err)
		}
		var back Kind
		if err := json.Unmarshal(b, &back); err != nil || back != k {
			t.Errorf("%s: JSON %s reads back as %s, %v", k, b, back, err)
		}
	}
	if _, err := Kind(200).MarshalText(); err == nil {
		t.Error("an unknown kind marshals without error")
	}
}
