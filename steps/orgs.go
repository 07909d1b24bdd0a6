package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"halowiz/huntress"
	"halowiz/orgmap"
)

// OrgMatch is one Huntress organization and the Halo client(s) it pairs with.
type OrgMatch = orgmap.Result

// orgFetch is what Huntress said about its organizations.
type orgFetch struct {
	asked bool // Huntress credentials were given
	orgs  []huntress.Organization
	err   error
}

// listedNames caps how many organizations a finding names; the wizard's
// table and the CSV export have them all.
const listedNames = 10

// fetchOrgs reads every Huntress organization when Huntress credentials were
// given.
func (s *session) fetchOrgs(ctx context.Context) orgFetch {
	if s.cfg.HuntressKey == "" || s.cfg.HuntressSecret == "" {
		return orgFetch{}
	}
	c := huntress.New(huntress.Options{
		BaseURL:    s.env.HuntressURL,
		Key:        s.cfg.HuntressKey,
		Secret:     s.cfg.HuntressSecret,
		HTTPClient: s.env.HuntressHTTPClient,
		Debug:      s.env.Debug,
		Timeout:    s.cfg.timeout(),
		OnWait:     s.onHuntressWait,
	})
	f := orgFetch{asked: true}
	f.err = s.call(ctx, Mapping, "Listing Huntress organizations (GET /v1/organizations, 500 per page)", func(ctx context.Context) error {
		var err error
		f.orgs, err = c.Organizations(ctx)
		return err
	})
	return f
}

// judgeOrgs previews Huntress's automatic mapping: exact names pair, near
// misses and organizations without a client need a hand.
func judgeOrgs(c Config, d mappingData, out *Facts) []Finding {
	if !d.orgs.asked {
		return []Finding{{
			ID: "mapping.huntress-not-checked", Severity: Info,
			Message: "The organization mapping was not previewed: give a Huntress API key and secret to see which organizations Huntress will pair with Halo clients.",
			Fix:     []string{},
		}}
	}
	out.HuntressChecked = true
	if err := d.orgs.err; err != nil {
		return []Finding{huntressFailure(err)}
	}
	out.HuntressRead = true
	if d.customersErr != nil {
		return nil // the clients' own finding says why
	}
	saved := make([]orgmap.Mapping, 0, len(c.Mapping))
	for _, m := range c.Mapping {
		saved = append(saved, orgmap.Mapping{OrgID: m.OrgID, ClientID: m.ClientID})
	}
	results := orgmap.Match(d.orgs.orgs, d.customers, saved)
	out.Orgs = results
	sum := orgmap.Summarize(results)
	ev := fmt.Sprintf("GET /v1/organizations: %d organizations; GET /api/Client: %d clients", sum.Total, len(d.customers))
	findings := []Finding{{
		ID: "mapping.orgs", Severity: Pass,
		Message: orgsMessage(sum),
		Fix:     []string{}, Evidence: ev,
	}}
	if near := describe(results, orgmap.NearMiss, orgmap.Ambiguous); len(near) > 0 {
		findings = append(findings, Finding{
			ID: "mapping.near-miss-orgs", Severity: Warn,
			Message: fmt.Sprintf("%s a Halo client, but Huntress pairs only exact names: %s.", Plural(len(near), "organization nearly matches", "organizations nearly match"), capList(near)),
			Fix: []string{
				"Rename each Halo client to exactly its Huntress organization's name (in Halo, open Customers, then the client, and edit its Name).",
				"Or map the organization by hand on Huntress's HaloPSA mapping screen (Integrations > HaloPSA).",
				"The wizard's mapping table lists them all and exports them as CSV.",
			},
			Evidence: ev,
		})
	}
	if none := describe(results, orgmap.None, orgmap.Inactive); len(none) > 0 {
		findings = append(findings, Finding{
			ID: "mapping.unmapped-orgs", Severity: Warn,
			Message: fmt.Sprintf("%s no active Halo client: %s. %s be logged against the right client.", Plural(len(none), "Huntress organization has", "Huntress organizations have"), capList(none), PluralWord(len(none), "Its incidents cannot", "Their incidents cannot")),
			Fix: []string{
				"In Halo, create (or reactivate) a client for each, named exactly as in Huntress.",
				"Or map each by hand to an existing client on Huntress's HaloPSA mapping screen (Integrations > HaloPSA).",
			},
			Evidence: ev,
		})
	}
	return findings
}

// orgsMessage says how Huntress's organizations pair, leaving out the
// kinds there are none of.
func orgsMessage(sum orgmap.Summary) string {
	attention := sum.NearMiss + sum.Ambiguous + sum.Inactive + sum.None + sum.SavedMissing
	var parts []string
	if sum.Exact > 0 {
		parts = append(parts, fmt.Sprintf("%d %s automatically by exact name", sum.Exact, PluralWord(sum.Exact, "pairs", "pair")))
	}
	if sum.Saved > 0 {
		parts = append(parts, fmt.Sprintf("%d %s mapped by hand", sum.Saved, PluralWord(sum.Saved, "is", "are")))
	}
	if attention > 0 {
		parts = append(parts, fmt.Sprintf("%d %s attention", attention, PluralWord(attention, "needs", "need")))
	}
	if len(parts) == 0 {
		return "Huntress has no organizations yet."
	}
	return "Huntress has " + Plural(sum.Total, "organization", "organizations") + ": " + JoinAnd(parts) + "."
}

// OrgsWith is how Huntress will pair the organizations the check read if
// mapping replaces the one it ran with: the same matching over the same
// organizations and clients, for a front end to show a pairing the admin
// makes at once. The next mapping check proves it.
func (f Facts) OrgsWith(mapping []SavedMapping) []OrgMatch {
	orgs := make([]huntress.Organization, len(f.Orgs))
	for i, r := range f.Orgs {
		orgs[i] = r.Org
	}
	saved := make([]orgmap.Mapping, 0, len(mapping))
	for _, m := range mapping {
		saved = append(saved, orgmap.Mapping{OrgID: m.OrgID, ClientID: m.ClientID})
	}
	return orgmap.Match(orgs, f.Customers, saved)
}

// describe names the organizations of the given kinds, with why.
func describe(results []orgmap.Result, kinds ...orgmap.Kind) []string {
	var out []string
	for _, r := range results {
		for _, k := range kinds {
			if r.Kind != k {
				continue
			}
			line := r.Org.Name
			if len(r.Candidates) > 0 && r.Kind != orgmap.Inactive {
				names := make([]string, len(r.Candidates))
				for i, c := range r.Candidates {
					names[i] = c.Name
				}
				line += " ≈ " + strings.Join(names, " / ")
			}
			if r.Reason != "" {
				line += " (" + r.Reason + ")"
			}
			out = append(out, line)
		}
	}
	return out
}

func capList(items []string) string {
	if len(items) <= listedNames {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:listedNames], "; ") + fmt.Sprintf("; and %d more", len(items)-listedNames)
}

// huntressFailure reports that Huntress's organizations could not be read.
// The Halo side is not at fault, so it is a warning.
func huntressFailure(err error) Finding {
	switch {
	case errors.Is(err, huntress.ErrUnauthorized):
		return Finding{ID: "mapping.huntress-refused", Severity: Warn,
			Message: "Huntress refused the API key or secret, so the organization mapping was not previewed: " + err.Error(),
			Fix: []string{
				HuntressCredentials,
				"Give halowiz the key and its secret (" + how(taskGiveHuntressKeys) + "), then check again.",
			}}
	case errors.Is(err, huntress.ErrTimeout):
		return Finding{ID: huntressTimeout, Severity: Warn,
			Message: "Huntress did not answer within the deadline, so the organization mapping was not previewed.",
			Fix:     []string{"Check again; if it keeps happening, " + how(taskLongerTimeout) + "."}}
	}
	return Finding{ID: "mapping.huntress-unreachable", Severity: Warn,
		Message: "Huntress's organizations could not be read, so the mapping was not previewed: " + err.Error(),
		Fix:     []string{"Check that api.huntress.io is reachable from this machine (proxy: HTTPS_PROXY), then check again."}}
}
