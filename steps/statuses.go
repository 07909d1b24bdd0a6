package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"halowiz/halo"
)

// StatusOption is a ticket status as the mapping step judged it.
type StatusOption struct {
	ID     int
	Name   string
	Closed bool // Halo counts it closed (see Facts.ClosedBy for how that was decided)
}

// Verdict is how a list of statuses marks this one: passing when closed, a
// note when the ticket would stay open.
func (s StatusOption) Verdict() (Severity, string) {
	if s.Closed {
		return Pass, "closed"
	}
	return Info, "open: the ticket stays open until something closes it"
}

// How the closed statuses were told apart, for the evidence and the facts.
const (
	closedByFilter  = "Halo's own excludeclosed filter (the statuses it leaves out are the closed ones)"
	closedByBuiltin = "the built-in Closed (id 9), because Halo's excludeclosed filter left every status in"
	closedByNothing = "nothing: Halo's excludeclosed filter left every status in (or was refused) and there is no built-in Closed (id 9)"
	// closedByBuiltinRefused is closedByBuiltin where Halo refused the filter.
	closedByBuiltinRefused = "the built-in Closed (id 9), because Halo refused the excludeclosed filter"
)

// statusLists are the two answers the closed statuses are read from.
type statusLists struct {
	all, open       []halo.Status
	allErr, openErr error
}

// readStatuses asks Halo for every ticket status and for those it counts
// open, concurrently. Halo sends no closed flag; the difference is the
// closed statuses.
func (s *session) readStatuses(ctx context.Context, c *halo.Client) statusLists {
	var l statusLists
	var wg sync.WaitGroup
	wg.Go(func() {
		l.allErr = s.call(ctx, Mapping, "Listing ticket statuses (GET /api/Status)", func(ctx context.Context) error {
			var err error
			l.all, err = c.Statuses(ctx)
			return err
		})
	})
	wg.Go(func() {
		l.openErr = s.call(ctx, Mapping, "Asking Halo which statuses are open (GET /api/Status?excludeclosed=true)", func(ctx context.Context) error {
			var err error
			l.open, err = c.OpenStatuses(ctx)
			return err
		})
	})
	wg.Wait()
	return l
}

// closedStatuses judges every status open or closed the way Halo tells it:
// closed are the statuses excludeclosed leaves out. Where the filter left
// every status in (a build that ignores it), or Halo refused it outright,
// the built-in Closed (id 9) is the only closed status halowiz can vouch
// for. The result is ordered closed first, then in Halo's order. The caller
// handles an excludeclosed request that failed for any other reason.
func closedStatuses(l statusLists) (opts []StatusOption, by string) {
	open := map[int]bool{}
	for _, st := range l.open {
		open[st.ID] = true
	}
	leftOut := 0
	for _, st := range l.all {
		if !open[st.ID] {
			leftOut++
		}
	}
	filtered := l.openErr == nil && leftOut > 0
	by = closedByFilter
	if !filtered {
		by = closedByNothing
	}
	for _, st := range l.all {
		o := StatusOption{ID: st.ID, Name: st.Name}
		switch {
		case filtered:
			o.Closed = !open[st.ID]
		case st.ID == halo.BuiltinClosedStatusID:
			o.Closed, by = true, closedByBuiltin
			if l.openErr != nil {
				by = closedByBuiltinRefused
			}
		}
		opts = append(opts, o)
	}
	slices.SortStableFunc(opts, func(a, b StatusOption) int {
		switch {
		case a.Closed == b.Closed:
			return 0
		case a.Closed:
			return -1
		}
		return 1
	})
	return opts, by
}

// judgeStatuses finds the closed statuses, resolves the status after
// resolution, and picks the closed status the test ticket ends on.
func judgeStatuses(c Config, l statusLists, out *Facts) []Finding {
	if l.allErr != nil {
		return []Finding{readFailure("mapping.cannot-read-statuses", "list ticket statuses", "GET /api/Status", l.allErr)}
	}
	if l.openErr != nil && !halo.Refused(l.openErr) {
		// Which statuses close a ticket is Halo's to say; without its
		// answer halowiz guesses none, and sends no test ticket.
		out.Statuses = openOnly(l.all)
		return []Finding{callFailure(Mapping, "say which ticket statuses are open", "GET /api/Status?excludeclosed=true", l.openErr)}
	}
	opts, by := closedStatuses(l)
	out.Statuses, out.ClosedBy = opts, by
	ev := statusEvidence(opts, l, by)
	var closed []string
	for _, o := range opts {
		if o.Closed {
			closed = append(closed, o.Name)
		}
	}
	var findings []Finding
	if len(closed) == 0 {
		findings = append(findings, Finding{
			ID: "mapping.no-closed-status", Severity: Fail,
			Message: "Halo shows no closed ticket status. Huntress needs one to close tickets when an incident is resolved, and halowiz will not send a test ticket it could not close.",
			Fix: []string{
				"In Halo, open Configuration > Tickets > Status.",
				"Check that a status that closes tickets (such as the built-in Closed) exists and is active, or create one that closes tickets, then save.",
				"Make sure the ticket type Huntress uses allows that status.",
			},
			Evidence: ev,
		})
	}
	want := strings.TrimSpace(c.ResolutionStatus)
	if want == "" {
		out.ClosedStatus = closingStatus(opts, nil)
		fix := []string{"Choose the status Huntress sets when an incident is resolved (" + how(taskChooseStatus) + "), and set the same one as Status after Huntress Resolution on Huntress's map tickets tab."}
		if len(closed) > 0 {
			fix = append(fix, "Closed statuses: "+strings.Join(closed, ", ")+".")
		}
		return append(findings, Finding{ID: "mapping.resolution-status-unset", Severity: Warn,
			Message: "No status after resolution is chosen: resolved incidents would leave their tickets open.", Fix: fix, Evidence: ev})
	}
	st, near := findByIDOrName(opts, want, func(s StatusOption) int { return s.ID }, func(s StatusOption) string { return s.Name })
	if st == nil {
		out.ClosedStatus = closingStatus(opts, nil)
		fix := []string{"Choose an existing status (" + how(taskChooseStatus) + ")."}
		if len(near) > 0 {
			fix = append(fix, "Did you mean: "+strings.Join(near, ", ")+"?")
		}
		return append(findings, Finding{ID: "mapping.resolution-status-missing", Severity: Fail,
			Message: fmt.Sprintf("There is no ticket status %q.", want), Fix: fix, Evidence: ev})
	}
	out.ResolutionStatus = st
	out.ClosedStatus = closingStatus(opts, st)
	if !st.Closed {
		fix := []string{"If nothing in Halo closes tickets in " + quote(st.Name) + " (a workflow or an automatic close after some days), choose a closed status as Status after Huntress Resolution, in halowiz and on Huntress's map tickets tab."}
		if len(closed) > 0 {
			fix = append(fix, "Closed statuses: "+strings.Join(closed, ", ")+".")
		}
		return append(findings, Finding{ID: "mapping.resolution-status-not-closed", Severity: Warn,
			Message:  fmt.Sprintf("Status %q is an open status: tickets Huntress resolves will stay open in Halo until something else closes them.", st.Name),
			Fix:      fix,
			Evidence: ev})
	}
	return append(findings, Finding{ID: "mapping.resolution-status", Severity: Pass,
		Message: fmt.Sprintf("Status after resolution %q (id %d) is a closed status: resolving an incident closes its ticket.", st.Name, st.ID), Fix: []string{}, Evidence: ev})
}

// openOnly lists the statuses with none judged closed, for a picker when
// Halo did not say which close.
func openOnly(all []halo.Status) []StatusOption {
	opts := make([]StatusOption, 0, len(all))
	for _, st := range all {
		opts = append(opts, StatusOption{ID: st.ID, Name: st.Name})
	}
	return opts
}

// closingStatus is the closed status the test ticket is closed with: the
// status after resolution when it is closed, else the built-in Closed, else
// the first closed status; nil when none is known.
func closingStatus(opts []StatusOption, chosen *StatusOption) *StatusOption {
	if chosen != nil && chosen.Closed {
		return chosen
	}
	var first *StatusOption
	for i := range opts {
		if !opts[i].Closed {
			continue
		}
		if opts[i].ID == halo.BuiltinClosedStatusID {
			return &opts[i]
		}
		if first == nil {
			first = &opts[i]
		}
	}
	return first
}

func statusEvidence(opts []StatusOption, l statusLists, by string) string {
	parts := make([]string, 0, len(opts))
	for _, o := range opts {
		state := "open"
		if o.Closed {
			state = "closed"
		}
		parts = append(parts, fmt.Sprintf("%s (id %d, %s)", o.Name, o.ID, state))
	}
	filter := fmt.Sprintf("%d statuses", len(l.open))
	if l.openErr != nil {
		filter = "refused: " + l.openErr.Error()
	}
	return fmt.Sprintf("GET /api/Status: %d statuses; GET /api/Status?excludeclosed=true: %s; closed told by %s: %s",
		len(l.all), filter, by, strings.Join(parts, ", "))
}
