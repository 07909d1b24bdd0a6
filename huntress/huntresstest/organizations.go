package huntresstest

import (
	"fmt"
	"strings"

	"halowiz/huntress"
)

// DemoAccountID is the account every simulated organization belongs to.
const DemoAccountID = 4242

// DefaultOrganizations are the organizations of a healthy account. Each one
// exercises a matching case against the simulated Halo tenant's clients
// ("Acme IT Services", "Contoso Ltd", "Northwind Traders", "Fabrikam, Inc.",
// "Globex Corporation", "Initech LLC", "Umbrella Corp" (inactive),
// "Soylent Green Co"); keep the two lists in step.
func DefaultOrganizations() []huntress.Organization {
	return []huntress.Organization{
		organization(101, "Contoso Ltd", "contoso", 42),         // exact
		organization(102, "Northwind Traders", "northwind", 17), // exact
		organization(103, "Fabrikam Inc", "fabrikam", 23),       // near miss: punctuation
		organization(104, "globex corporation", "globex", 8),    // near miss: case
		organization(105, "Initech", "initech", 12),             // near miss: the suffix LLC
		organization(106, "Umbrella Corp", "umbrella", 5),       // exact, but the Halo client is inactive
		organization(107, "Wayne Enterprises", "wayne", 31),     // no Halo client
		organization(108, "Stark Industries", "stark", 19),      // no Halo client
	}
}

// MatchingOrganizations are the organizations of an account whose every
// organization is named exactly as an active client of the simulated Halo
// tenant, so that Huntress pairs each one on its own: the healthy demo's.
// DefaultOrganizations is the account that needs a hand.
func MatchingOrganizations() []huntress.Organization {
	return []huntress.Organization{
		organization(101, "Contoso Ltd", "contoso", 42),
		organization(102, "Northwind Traders", "northwind", 17),
		organization(103, "Fabrikam, Inc.", "fabrikam", 23),
		organization(104, "Globex Corporation", "globex", 8),
		organization(105, "Initech LLC", "initech", 12),
		organization(109, "Soylent Green Co", "soylent", 9),
	}
}

// generatedOrganizations returns n organizations: the defaults first, then
// invented ones with unique, plausible names.
func generatedOrganizations(n int) []huntress.Organization {
	orgs := DefaultOrganizations()
	if n <= len(orgs) {
		return orgs[:max(n, 0)]
	}
	places := []string{"Cedar", "Harbor", "Summit", "Riverside", "Oakwood", "Lakeside", "Granite", "Maple", "Pioneer", "Silverline"}
	trades := []string{"Dental", "Logistics", "Accounting", "Builders", "Veterinary", "Legal", "Bakery", "Engineering", "Realty", "Clinic"}
	suffixes := []string{"LLC", "Inc.", "Ltd", "", "Group", "Partners"}
	for i := len(orgs); i < n; i++ {
		name := fmt.Sprintf("%s %s %04d %s", places[i%len(places)], trades[(i/len(places))%len(trades)], i, suffixes[i%len(suffixes)])
		orgs = append(orgs, organization(int64(101+i), strings.TrimSpace(name), fmt.Sprintf("org%04d", i), i%50))
	}
	return orgs
}

func organization(id int64, name, key string, agents int) huntress.Organization {
	return huntress.Organization{
		ID:          id,
		Name:        name,
		Key:         key,
		AccountID:   DemoAccountID,
		AgentsCount: agents,
		CreatedAt:   "2025-01-15T09:30:00Z",
		UpdatedAt:   "2025-06-02T14:05:00Z",
	}
}
