package orgmap

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"halowiz/halo"
	"halowiz/huntress"
)

// Mapping is a saved pairing of a Huntress organization with a Halo client.
type Mapping struct {
	OrgID    int64 `json:"huntress_org_id"`
	ClientID int   `json:"halo_client_id"`
}

// Result is what orgmap found for one organization.
type Result struct {
	Org  huntress.Organization
	Kind Kind
	// Candidates are the clients it pairs with or nearly does, by id: one
	// for Exact, NearMiss and Saved, several for Ambiguous, the inactive
	// ones for Inactive, the saved one for SavedMissing (only its ID when
	// it no longer exists), none for None.
	Candidates []halo.Customer
	// Reason says why, in a few words a person can act on.
	Reason string
}

// Match tells, for each organization in order, how Huntress's automatic
// mapping will treat it: a saved mapping first, then an identical name,
// then a near miss. It runs in time linear in the number of organizations
// and clients.
func Match(orgs []huntress.Organization, clients []halo.Customer, saved []Mapping) []Result {
	idx := newIndex(clients)
	savedFor := make(map[int64]int, len(saved))
	for _, m := range saved {
		if _, dup := savedFor[m.OrgID]; !dup {
			savedFor[m.OrgID] = m.ClientID
		}
	}
	results := make([]Result, len(orgs))
	for i, org := range orgs {
		if clientID, ok := savedFor[org.ID]; ok {
			results[i] = idx.saved(org, clientID)
		} else {
			results[i] = idx.byName(org)
		}
	}
	return results
}

func (x *index) saved(org huntress.Organization, clientID int) Result {
	at, ok := x.byID[clientID]
	switch {
	case !ok:
		return Result{Org: org, Kind: SavedMissing, Candidates: []halo.Customer{{ID: clientID}},
			Reason: fmt.Sprintf("the saved Halo client %d no longer exists", clientID)}
	case !x.clients[at].Active():
		c := x.clients[at]
		return Result{Org: org, Kind: SavedMissing, Candidates: []halo.Customer{c},
			Reason: fmt.Sprintf("the saved Halo client %q (%d) is inactive", c.Name, c.ID)}
	}
	return Result{Org: org, Kind: Saved, Candidates: []halo.Customer{x.clients[at]}, Reason: "saved mapping"}
}

// byName matches on the name: identical active clients, then near misses
// among the active ones, then inactive ones, which Huntress does not see.
func (x *index) byName(org huntress.Organization) Result {
	r := Result{Org: org}
	name := strings.TrimSpace(org.Name)
	if name == "" {
		r.Reason = "the organization has no name"
		return r
	}
	exact, exactInactive := x.split(x.exact.find(name), nil)
	switch len(exact) {
	case 1:
		r.Kind, r.Candidates, r.Reason = Exact, exact, "identical name: Huntress pairs them automatically"
		return r
	case 0:
	default:
		r.Kind, r.Candidates = Ambiguous, exact
		r.Reason = fmt.Sprintf("%d active Halo clients are named exactly %q; Huntress cannot tell which one", len(exact), name)
		return r
	}
	a := analyse(name)
	near, nearInactive := x.split(x.normal.find(a.key), exactInactive)
	switch {
	case len(near) == 1:
		r.Kind, r.Candidates, r.Reason = NearMiss, near, explain(a, analyse(near[0].Name))
		if len(exactInactive) > 0 {
			r.Reason += fmt.Sprintf("; the client named exactly %q is inactive", name)
		}
	case len(near) > 1:
		r.Kind, r.Candidates = Ambiguous, near
		r.Reason = fmt.Sprintf("%d active Halo clients are near misses: %s", len(near), quoteNames(near))
	case len(exactInactive) > 0:
		r.Kind, r.Candidates = Inactive, exactInactive
		r.Reason = fmt.Sprintf("the Halo client named exactly %q is inactive", name)
	case len(nearInactive) > 0:
		r.Kind, r.Candidates = Inactive, nearInactive
		r.Reason = fmt.Sprintf("the only near miss, %q, is inactive (it %s)", nearInactive[0].Name, explain(a, analyse(nearInactive[0].Name)))
	default:
		r.Reason = "no active Halo client has this name or a near one"
	}
	return r
}

// quoteNames lists up to three names, then how many more there are.
func quoteNames(clients []halo.Customer) string {
	var names []string
	for _, c := range clients[:min(len(clients), 3)] {
		names = append(names, fmt.Sprintf("%q", c.Name))
	}
	if more := len(clients) - len(names); more > 0 {
		names = append(names, fmt.Sprintf("%d more", more))
	}
	return joinAnd(names)
}

// index finds clients by id, by exact name and by Normalize key.
type index struct {
	clients []halo.Customer
	byID    map[int]int
	exact   chains
	normal  chains
}

func newIndex(clients []halo.Customer) *index {
	x := &index{
		clients: clients,
		byID:    make(map[int]int, len(clients)),
		exact:   newChains(len(clients)),
		normal:  newChains(len(clients)),
	}
	for i, c := range clients {
		x.byID[c.ID] = i
		if name := strings.TrimSpace(c.Name); name != "" {
			x.exact.add(name, i)
			if key := Normalize(name); key != "" {
				x.normal.add(key, i)
			}
		}
	}
	return x
}

// split returns the clients at these positions, active and inactive apart,
// each sorted by id, leaving out any already in skip.
func (x *index) split(at []int, skip []halo.Customer) (active, inactive []halo.Customer) {
	for _, i := range at {
		c := x.clients[i]
		switch {
		case slices.ContainsFunc(skip, func(s halo.Customer) bool { return s.ID == c.ID }):
		case c.Active():
			active = append(active, c)
		default:
			inactive = append(inactive, c)
		}
	}
	byID := func(a, b halo.Customer) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(active, byID)
	slices.SortFunc(inactive, byID)
	return active, inactive
}

// chains maps a string to every client position that has it, without a
// slice per key: head holds the last position added, next links each
// position to the one added before it with the same string.
type chains struct {
	head map[string]int
	next []int
}

func newChains(n int) chains {
	return chains{head: make(map[string]int, n), next: make([]int, n)}
}

func (c chains) add(key string, at int) {
	c.next[at] = -1
	if prev, ok := c.head[key]; ok {
		c.next[at] = prev
	}
	c.head[key] = at
}

func (c chains) find(key string) []int {
	at, ok := c.head[key]
	if !ok {
		return nil
	}
	var found []int
	for ; at >= 0; at = c.next[at] {
		found = append(found, at)
	}
	return found
}
