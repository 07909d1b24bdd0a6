package halotest

import (
	"net/http"
	"strings"
)

// customersRefusedText is what the tenant answers when the agent's
// Customers Access Level lets it see no clients.
const customersRefusedText = "You don't have permission to view Clients."

// customerJSON is the schema Area (a Halo client).
type customerJSON struct {
	ID           int    `json:"id"`
	Name         string `json:"name"`
	Inactive     bool   `json:"inactive"`
	TopLevelID   int    `json:"toplevel_id"`
	TopLevelName string `json:"toplevel_name"`
	MainSiteID   int    `json:"main_site_id"`
	MainSiteName string `json:"main_site_name"`
}

// siteJSON is the schema Site. client_id is a double in the schema.
type siteJSON struct {
	ID              int     `json:"id"`
	Name            string  `json:"name"`
	ClientID        float64 `json:"client_id"`
	ClientName      string  `json:"client_name"`
	ClientSiteName  string  `json:"clientsite_name"`
	Inactive        bool    `json:"inactive"`
	MainContactID   int     `json:"maincontact_id,omitempty"`
	MainContactName string  `json:"maincontact_name,omitempty"`
}

// userJSON is the schema Users. site_id is a double in the schema, so Halo
// adds site_id_int.
type userJSON struct {
	ID           int     `json:"id"`
	Name         string  `json:"name"`
	EmailAddress string  `json:"emailaddress"`
	SiteID       float64 `json:"site_id"`
	SiteIDInt    int     `json:"site_id_int"`
	SiteName     string  `json:"site_name"`
	ClientID     int     `json:"client_id"`
	ClientName   string  `json:"client_name"`
	Inactive     bool    `json:"inactive"`
}

// The top level every client sits under.
const (
	topLevelID   = 1
	topLevelName = "Clients"
)

func (d *dataset) customerWire(c *customer) customerJSON {
	return customerJSON{ID: c.id, Name: c.name, Inactive: c.inactive, TopLevelID: topLevelID,
		TopLevelName: topLevelName, MainSiteID: c.mainSiteID, MainSiteName: d.siteByID[c.mainSiteID].name}
}

func (d *dataset) siteWire(s *site) siteJSON {
	c := d.customerByID[s.clientID]
	j := siteJSON{ID: s.id, Name: s.name, ClientID: float64(c.id), ClientName: c.name,
		ClientSiteName: c.name + "/" + s.name}
	if u, ok := d.userByID[s.mainContact]; ok {
		j.MainContactID, j.MainContactName = u.id, u.name
	}
	return j
}

func (d *dataset) userWire(u *user) userJSON {
	return userJSON{ID: u.id, Name: u.name, EmailAddress: u.email, SiteID: float64(u.siteID),
		SiteIDInt: u.siteID, SiteName: d.siteByID[u.siteID].name, ClientID: u.clientID,
		ClientName: d.customerByID[u.clientID].name}
}

// GET /api/Client: inactive clients only with includeinactive=true, search
// on the name, and Halo's paging (see pageOf).
func (t *Tenant) listCustomers(w http.ResponseWriter, r *http.Request) {
	if t.sc.CustomersRefused {
		writeText(w, http.StatusForbidden, customersRefusedText)
		return
	}
	if t.sc.HugeClientList {
		writeHugeClientList(w)
		return
	}
	q := query(r)
	inactive := boolParam(q, "includeinactive")
	search := strings.ToLower(q.Get("search"))
	var match []customerJSON
	for i := range t.data.customers {
		c := &t.data.customers[i]
		if (c.inactive && !inactive) || !strings.Contains(strings.ToLower(c.name), search) {
			continue
		}
		match = append(match, t.data.customerWire(c))
	}
	writeList(w, q, "clients", match)
}

// GET /api/Client/{id}: inactive clients too, as Halo does.
func (t *Tenant) getCustomer(w http.ResponseWriter, r *http.Request) {
	if t.sc.CustomersRefused {
		writeText(w, http.StatusForbidden, customersRefusedText)
		return
	}
	id, ok := pathID(r)
	c, found := t.data.customer(id)
	if !ok || !found {
		writeText(w, http.StatusNotFound, "Client not found")
		return
	}
	writeJSON(w, http.StatusOK, t.data.customerWire(c))
}

// GET /api/Site[?client_id=]
func (t *Tenant) listSites(w http.ResponseWriter, r *http.Request) {
	if t.sc.CustomersRefused {
		writeText(w, http.StatusForbidden, customersRefusedText)
		return
	}
	q := query(r)
	clientID := intParam(q, "client_id", 0)
	var match []siteJSON
	for i := range t.data.sites {
		s := &t.data.sites[i]
		if clientID == 0 || s.clientID == clientID {
			match = append(match, t.data.siteWire(s))
		}
	}
	writeList(w, q, "sites", match)
}

// GET /api/Users[?client_id=&site_id=&exclude_generaluser=]. Every user of
// the tenant is a client's General User.
func (t *Tenant) listUsers(w http.ResponseWriter, r *http.Request) {
	if t.sc.CustomersRefused {
		writeText(w, http.StatusForbidden, customersRefusedText)
		return
	}
	q := query(r)
	clientID, siteID := intParam(q, "client_id", 0), intParam(q, "site_id", 0)
	var match []userJSON
	for i := range t.data.users {
		u := &t.data.users[i]
		if (clientID != 0 && u.clientID != clientID) || (siteID != 0 && u.siteID != siteID) ||
			(boolParam(q, "exclude_generaluser") && u.name == generalUserName) {
			continue
		}
		match = append(match, t.data.userWire(u))
	}
	writeList(w, q, "users", match)
}
