package steps

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"halowiz/halo"
)

// detailLimit caps how many ticket types' fields are read to rank them;
// detailWave of them are read at once.
const (
	detailLimit = 24
	detailWave  = 4
)

// mappingData is what the mapping check reads from Halo before judging it.
type mappingData struct {
	types        []halo.TicketType
	statuses     statusLists
	customers    []halo.Customer
	typesErr     error
	customersErr error
	orgs         orgFetch
}

// checkMapping checks what Huntress's mapping screen asks for: the default
// ticket type (and whether Halo will accept tickets of it), the status after
// resolution, the clients mapped to Huntress organizations and the client
// the test ticket goes to.
func checkMapping(ctx context.Context, s *session, out *Facts) []Finding {
	d := s.readMapping(ctx)
	var findings []Finding
	findings = append(findings, s.judgeTicketTypes(ctx, d, out)...)
	findings = append(findings, judgeStatuses(s.cfg, d.statuses, out)...)
	findings = append(findings, judgeClients(s.cfg, d, out)...)
	findings = append(findings, judgeOrgs(s.cfg, d, out)...)
	return findings
}

// readMapping reads ticket types, statuses, clients and Huntress's
// organizations concurrently.
func (s *session) readMapping(ctx context.Context) mappingData {
	c := s.halo()
	var d mappingData
	var wg sync.WaitGroup
	wg.Add(4)
	go func() {
		defer wg.Done()
		d.statuses = s.readStatuses(ctx, c)
	}()
	go func() {
		defer wg.Done()
		d.typesErr = s.call(ctx, Mapping, "Listing ticket types (GET /api/TicketType)", func(ctx context.Context) error {
			var err error
			d.types, err = c.TicketTypes(ctx)
			return err
		})
	}()
	go func() {
		defer wg.Done()
		d.customersErr = s.call(ctx, Mapping, "Listing every client (GET /api/Client, 100 per page)", func(ctx context.Context) error {
			var err error
			d.customers, err = c.Customers(ctx)
			return err
		})
	}()
	go func() {
		defer wg.Done()
		d.orgs = s.fetchOrgs(ctx)
	}()
	wg.Wait()
	return d
}

// judgeTicketTypes resolves the default ticket type, predicts whether Halo
// will refuse tickets of it, and ranks the others for Huntress.
func (s *session) judgeTicketTypes(ctx context.Context, d mappingData, out *Facts) []Finding {
	if d.typesErr != nil {
		return []Finding{readFailure("mapping.cannot-read-ticket-types", "list ticket types", "GET /api/TicketType", d.typesErr)}
	}
	var chosen *halo.TicketType
	var findings []Finding
	want := strings.TrimSpace(s.cfg.TicketType)
	if want != "" {
		var near []string
		chosen, near = findByIDOrName(d.types, want, func(t halo.TicketType) int { return t.ID }, func(t halo.TicketType) string { return t.Name })
		if chosen == nil {
			findings = append(findings, ticketTypeMissing(want, near, d.types))
		}
	}
	opts := s.rankTypes(ctx, d.types, chosen)
	out.TicketTypes = opts
	if want == "" {
		findings = append(findings, Finding{
			ID: "mapping.ticket-type-unset", Severity: Warn,
			Message:  "No default ticket type is chosen yet. Huntress logs every ticket with it.",
			Fix:      chooseTicketTypeFix(opts),
			Evidence: fmt.Sprintf("GET /api/TicketType: %d types", len(d.types)),
		})
		return findings
	}
	if chosen == nil {
		return findings
	}
	for i := range opts {
		if opts[i].ID == chosen.ID {
			o := opts[i]
			out.TicketType = &o
		}
	}
	if out.TicketType == nil {
		o := TicketTypeOption{ID: chosen.ID, Name: chosen.Name, Unknown: true}
		out.TicketType = &o
	}
	return append(findings, judgeChosenType(*out.TicketType, opts))
}

// rankTypes reads the fields of the chosen type and of the others (at most
// detailLimit, four at a time) and ranks them for Huntress.
func (s *session) rankTypes(ctx context.Context, types []halo.TicketType, chosen *halo.TicketType) []TicketTypeOption {
	c := s.halo()
	order := make([]halo.TicketType, 0, len(types))
	if chosen != nil {
		order = append(order, *chosen)
	}
	for _, t := range types {
		if chosen == nil || t.ID != chosen.ID {
			order = append(order, t)
		}
	}
	opts := make([]TicketTypeOption, len(order))
	sem := make(chan struct{}, detailWave)
	var wg sync.WaitGroup
	for i, t := range order {
		if i >= detailLimit {
			opts[i] = TicketTypeOption{ID: t.ID, Name: t.Name, Unknown: true}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The chosen type is on the test ticket's critical path: it
			// does not queue behind the ranking of the others.
			if chosen == nil || i > 0 {
				sem <- struct{}{}
				defer func() { <-sem }()
			}
			var full halo.TicketType
			err := s.call(ctx, Mapping, fmt.Sprintf("Reading the fields of ticket type %q (GET /api/TicketType/%d)", t.Name, t.ID), func(ctx context.Context) error {
				var err error
				full, err = c.TicketType(ctx, t.ID)
				return err
			})
			if err != nil {
				opts[i] = TicketTypeOption{ID: t.ID, Name: t.Name, Unknown: true}
				return
			}
			if full.Name == "" {
				full.Name = t.Name
			}
			opts[i] = judgeTicketType(full)
		}()
	}
	wg.Wait()
	rankTicketTypes(opts)
	return opts
}

func judgeChosenType(t TicketTypeOption, all []TicketTypeOption) Finding {
	ev := fmt.Sprintf("GET /api/TicketType/%d?includedetails=true", t.ID)
	if t.Fields != "" {
		ev += ": fields " + t.Fields
	}
	switch {
	case len(t.Blocking) > 0:
		return Finding{
			ID: "mapping.mandatory-fields", Severity: Fail,
			Message:  fmt.Sprintf("Ticket type %q requires %s with no default. Huntress does not send them, so Halo will refuse its tickets with \"%s is mandatory\".", t.Name, strings.Join(t.Blocking, ", "), t.Blocking[0]),
			Fix:      mandatoryFix(t, all),
			Evidence: ev + "; mandatory without default: " + strings.Join(t.Blocking, ", "),
		}
	case t.Unknown:
		return Finding{
			ID: "mapping.ticket-type-fields-unknown", Severity: Warn,
			Message: fmt.Sprintf("Halo did not show the fields of ticket type %q, so halowiz cannot predict whether it has mandatory fields without defaults.", t.Name),
			Fix: []string{
				"In Halo, open Configuration > Tickets > Ticket Types > " + t.Name + " and check that Category, Impact, Urgency and any custom field are either optional or have a default.",
				"Prove it with a test ticket: " + how(taskSendTestTicket) + ".",
			},
			Evidence: ev,
		}
	}
	return Finding{
		ID: "mapping.ticket-type", Severity: Pass,
		Message:  fmt.Sprintf("Ticket type %q (id %d): its field list marks no field mandatory without a default, so halowiz predicts Halo will accept Huntress's tickets. A prediction: per-type settings the API does not explain can still make a field mandatory, and only a test ticket proves it.", t.Name, t.ID),
		Fix:      []string{},
		Evidence: ev,
	}
}

// mandatoryFix is the setup article's way out of "<field> is mandatory" on
// ticket type t.
func mandatoryFix(t TicketTypeOption, all []TicketTypeOption) []string {
	fix := []string{
		"In Halo, open Configuration > Tickets > Ticket Types and open " + t.Name + ".",
		"On its Field List (or the field group it uses) find " + strings.Join(t.Blocking, ", ") + ".",
		"For each of them, either make it not mandatory or give it a default value, so a ticket can be created through the API without anyone filling it in.",
		"If they must stay mandatory for your technicians, create a dedicated Huntress ticket type with those defaults and choose it as the default ticket type.",
		"Save, then check again.",
	}
	if safe := safeNames(all, t.ID); len(safe) > 0 {
		fix = append(fix, "Ticket types whose field lists show nothing in Huntress's way: "+strings.Join(safe, ", ")+".")
	}
	return fix
}

func ticketTypeMissing(want string, near []string, types []halo.TicketType) Finding {
	fix := []string{"In Halo, open Configuration > Tickets > Ticket Types and check the name of the type Huntress should use; it must be visible to the API-only agent."}
	if len(near) > 0 {
		fix = append(fix, "Did you mean: "+strings.Join(near, ", ")+"?")
	}
	fix = append(fix, "Choose the default ticket type again ("+how(taskChooseTicketType)+").")
	names := make([]string, 0, len(types))
	for _, t := range types {
		names = append(names, fmt.Sprintf("%s (%d)", t.Name, t.ID))
	}
	return Finding{
		ID: "mapping.ticket-type-missing", Severity: Fail,
		Message:  fmt.Sprintf("There is no ticket type %q that the agent can see.", want),
		Fix:      fix,
		Evidence: "GET /api/TicketType: " + strings.Join(names, ", "),
	}
}

func chooseTicketTypeFix(opts []TicketTypeOption) []string {
	fix := []string{"Choose the ticket type Huntress should log tickets with (" + how(taskChooseTicketType) + "), and select the same one as Default Ticket Type in Huntress."}
	if safe := safeNames(opts, 0); len(safe) > 0 {
		fix = append(fix, "Types Halo will accept from Huntress as they are: "+strings.Join(safe, ", ")+".")
	}
	return fix
}

func safeNames(opts []TicketTypeOption, except int) []string {
	var names []string
	for _, o := range opts {
		if o.Safe() && o.ID != except {
			names = append(names, o.Name)
		}
	}
	return names
}

// readFailure reports a list Huntress's setup screen reads that Halo refused.
func readFailure(id, action, request string, err error) Finding {
	if !refused(err) {
		return callFailure(Mapping, action, request, err)
	}
	fix := append([]string{"Huntress's setup screen needs to " + action + " as the API-only agent; Halo refused it."}, agentPermissionFix("")...)
	return Finding{ID: id, Severity: Fail, Message: "The agent cannot " + action + ": " + err.Error(), Fix: fix, Evidence: request + ": " + err.Error()}
}
