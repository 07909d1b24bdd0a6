package halotest

import "fmt"

// dataset is a tenant's configuration: built once from the scenario and the
// options, then only read, so handlers need no lock to use it.
type dataset struct {
	customers   []customer
	sites       []site
	users       []user
	agents      []agent
	ticketTypes []ticketType
	statuses    []status
	lookups     []lookupValue
	hostile     bool // every name carries a payload (Scenario.HostileText)

	customerByID map[int]*customer
	siteByID     map[int]*site
	userByID     map[int]*user
}

type customer struct {
	id         int
	name       string
	inactive   bool
	mainSiteID int
}

type site struct {
	id, clientID int
	name         string
	mainContact  int // the General User's id, 0 when there is none
}

type user struct {
	id, clientID, siteID int
	name, email          string
}

type team struct {
	id           int
	name         string
	departmentID int
}

// The departments teams belong to; a department member sees every ticket of
// the department's teams.
var departments = map[int]string{1: "Support", 2: "Security"}

// membershipViewAll is the membershiplevel written for "View All". Halo's
// numbering is not documented; checks must not depend on this value.
const membershipViewAll = 1

// The named clients. A simulated Huntress account elsewhere uses the same
// names for its organizations, so they must not change.
var namedCustomers = []customer{
	{id: 1, name: "Acme IT Services"}, // the MSP's own company
	{id: 2, name: "Contoso Ltd"},
	{id: 3, name: "Northwind Traders"},
	{id: 4, name: "Fabrikam, Inc."},
	{id: 5, name: "Globex Corporation"},
	{id: 6, name: "Initech LLC"},
	{id: 7, name: "Umbrella Corp", inactive: true},
	{id: 8, name: "Soylent Green Co"},
}

// generalUserName is Halo's default name for a client's catch-all contact.
const generalUserName = "General User"

func newDataset(sc Scenario, cfg config) *dataset {
	d := &dataset{
		agents:      buildAgents(sc),
		ticketTypes: buildTicketTypes(sc),
		statuses:    buildStatuses(sc),
		lookups:     buildLookups(),
		hostile:     sc.HostileText,
	}
	customers := append([]customer(nil), namedCustomers...)
	for i := range cfg.customers {
		customers = append(customers, customer{id: len(namedCustomers) + 1 + i, name: generatedName(i)})
	}
	d.addCustomers(customers, !sc.NoGeneralUser)
	d.decorate()
	return d
}

// addCustomers gives every client a main site and, withGeneralUser, a
// General User on it, numbering sites and users in order as Halo would.
func (d *dataset) addCustomers(list []customer, withGeneralUser bool) {
	d.customerByID = make(map[int]*customer, len(list))
	d.siteByID = make(map[int]*site, len(list))
	d.userByID = make(map[int]*user, len(list))
	d.customers = make([]customer, 0, len(list))
	d.sites = make([]site, 0, len(list))
	d.users = make([]user, 0, len(list))
	for _, c := range list {
		s := site{id: len(d.sites) + 1, clientID: c.id, name: "Main"}
		if withGeneralUser {
			u := user{id: len(d.users) + 1, clientID: c.id, siteID: s.id, name: generalUserName}
			s.mainContact = u.id
			d.users = append(d.users, u)
		}
		c.mainSiteID = s.id
		d.customers = append(d.customers, c)
		d.sites = append(d.sites, s)
	}
	for i := range d.customers {
		d.customerByID[d.customers[i].id] = &d.customers[i]
	}
	for i := range d.sites {
		d.siteByID[d.sites[i].id] = &d.sites[i]
	}
	for i := range d.users {
		d.userByID[d.users[i].id] = &d.users[i]
	}
}

// generatedName makes distinct, plausible client names, with the suffixes
// (Ltd, Inc., LLC) that make organization matching interesting.
func generatedName(i int) string {
	adjectives := []string{"Blue", "Northern", "Summit", "Silver", "Harbor", "Granite", "Maple", "Pioneer",
		"Crescent", "Evergreen", "Redwood", "Atlas", "Beacon", "Cedar", "Falcon", "Horizon", "Ironwood",
		"Juniper", "Keystone", "Lakeside"}
	nouns := []string{"Dental", "Logistics", "Legal", "Engineering", "Bakery", "Clinic", "Realty",
		"Accounting", "Manufacturing", "Architects", "Veterinary", "Insurance", "Foods", "Plumbing", "Media",
		"Robotics", "Outfitters", "Pharmacy", "Textiles", "Analytics"}
	suffixes := []string{"Ltd", "Inc.", "LLC", "Group", "Co", "Partners"}
	a, n := len(adjectives), len(nouns)
	name := fmt.Sprintf("%s %s %s", adjectives[i%a], nouns[i/a%n], suffixes[i/(a*n)%len(suffixes)])
	if round := i / (a * n * len(suffixes)); round > 0 {
		name += fmt.Sprintf(" %d", round+1)
	}
	return name
}

func (d *dataset) customer(id int) (*customer, bool) {
	c, ok := d.customerByID[id]
	return c, ok
}

func (d *dataset) agent(id int) (agent, bool) {
	for _, a := range d.agents {
		if a.id == id {
			return a, true
		}
	}
	return agent{}, false
}

func (d *dataset) ticketType(id int) (ticketType, bool) {
	for _, tt := range d.ticketTypes {
		if tt.id == id {
			return tt, true
		}
	}
	return ticketType{}, false
}

func (d *dataset) status(id int) (status, bool) {
	for _, s := range d.statuses {
		if s.id == id {
			return s, true
		}
	}
	return status{}, false
}
