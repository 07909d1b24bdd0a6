package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"halowiz/huntress"
	"halowiz/steps"
)

// psaText tells a platform action about the PSA integration by its words:
// Huntress documents no type or subtype for it, only the case "unable to
// send incident reports to your PSA system ... reconfigure the
// integration".
var psaText = regexp.MustCompile(`(?i)\bpsa\b|halo\s*psa|\bhalo\b|ticketing|incident reports? to your|reconfigure the integration`)

// aboutPSA reports whether an action is about sending to the PSA.
func aboutPSA(a huntress.PlatformAction) bool {
	return psaText.MatchString(strings.Join([]string{a.Subject, a.Type, a.Subtype, a.Description}, " \n "))
}

// actionsResult is what Huntress said about its platform actions.
type actionsResult struct {
	open    []huntress.PlatformAction // open and overdue, by id
	overdue map[int64]bool
	err     error
}

// readActions lists the open and the overdue platform actions, both at
// once.
func readActions(ctx context.Context, c *huntress.Client, timeout time.Duration, p progress) actionsResult {
	r := actionsResult{overdue: map[int64]bool{}}
	var lists [2][]huntress.PlatformAction
	var errs [2]error
	var wg sync.WaitGroup
	for i, status := range []string{"open", "overdue"} {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			done := p.wait("Listing Huntress's "+status+" platform actions (GET /v1/platform_actions?status="+status+")", timeout)
			lists[i], errs[i] = c.PlatformActions(ctx, status)
			done(errs[i])
		})
	}
	wg.Wait()
	if r.err = errors.Join(errs[0], errs[1]); r.err != nil {
		return r
	}
	for _, a := range lists[1] {
		r.overdue[a.ID] = true
	}
	seen := map[int64]bool{}
	for _, a := range slices.Concat(lists[0], lists[1]) {
		if !seen[a.ID] {
			seen[a.ID] = true
			r.open = append(r.open, a)
		}
	}
	slices.SortFunc(r.open, func(a, b huntress.PlatformAction) int { return cmp.Compare(a.ID, b.ID) })
	return r
}

// psaActionID is the finding of Huntress's platform actions.
const psaActionID = "watch.huntress-psa-action"

// actionFindings is watch.huntress-psa-action for each open or overdue
// action about the PSA, in one finding; none when there is none, so that
// it clears when Huntress resolves the action.
func actionFindings(r actionsResult) []finding {
	if r.err != nil {
		return nil // the Huntress finding says why
	}
	var names, ev, keys []string
	for _, a := range r.open {
		if !aboutPSA(a) {
			continue
		}
		state := "open"
		if r.overdue[a.ID] {
			state = "overdue"
		}
		opened := a.CreatedAt
		if t, ok := huntress.ParseTime(a.CreatedAt); ok {
			opened = stamp(t)
		}
		names = append(names, fmt.Sprintf("%q (%s since %s, id %d)", a.Subject, state, opened, a.ID))
		ev = append(ev, fmt.Sprintf("id %d, type %q, subtype %q, severity %s, status %s, created_at %s, subject %q: %s",
			a.ID, a.Type, a.Subtype, a.Severity, state, a.CreatedAt, a.Subject, a.Link()))
		keys = append(keys, strconv.FormatInt(a.ID, 10))
	}
	if len(names) == 0 {
		return nil
	}
	return []finding{{Finding: steps.Finding{
		ID: psaActionID, Severity: steps.Fail,
		Message: "Huntress says it cannot send to your PSA: platform action " + strings.Join(names, "; ") + ". Until it is resolved, incidents may not become tickets.",
		Fix: []string{
			"In the Huntress portal, open the platform action and follow what it asks; it usually means Integrations > HaloPSA must be reconnected with the application's current Client ID and Client Secret.",
			"Fix what the steps above report on the Halo side, then send a test ticket from Huntress's Integrations > HaloPSA action menu.",
			"This finding clears when Huntress resolves the action.",
		},
		Evidence: "GET /v1/platform_actions?status=open and ?status=overdue: " + strings.Join(ev, "; "),
	}, keys: keys}}
}

// huntressFinding reports that Huntress could not be asked, or not all it
// was asked: no key, or a refusal or an outage of the platform actions,
// the incident reports or both. The Halo side is not at fault, so it warns.
func huntressFinding(h huntressRead) []finding {
	if !h.configured {
		return []finding{{Finding: steps.Finding{ID: "watch.huntress-not-checked", Severity: steps.Warn,
			Message: "No Huntress API key was given, so Huntress's platform actions and incident reports were not read: watch cannot prove that tickets flow.",
			Fix: []string{
				"In Huntress, open your account's API Credentials page (<account>.huntress.io/account/api_credentials) and generate a key pair; the secret is shown once.",
				"Give halowiz the key (--huntress-key or HUNTRESS_API_KEY) and the secret (HUNTRESS_API_SECRET, or the wizard).",
			}}}}
	}
	var what, missed string
	var errs []string
	switch actions, reports := h.actions.err, h.reportsErr; {
	case actions != nil && reports != nil:
		what, missed = "Huntress's platform actions and incident reports", "whether Huntress says it cannot send, and whether its reports became tickets, were not checked"
		errs = append(errs, "platform actions: "+actions.Error(), "incident reports: "+reports.Error())
	case actions != nil:
		what, missed = "Huntress's platform actions", "whether Huntress says it cannot send was not checked"
		errs = append(errs, actions.Error())
	case reports != nil:
		what, missed = "Huntress's incident reports", "whether its reports became tickets was not checked"
		errs = append(errs, reports.Error())
	default:
		return nil
	}
	fix := []string{"Check that api.huntress.io is reachable from this machine (proxy: HTTPS_PROXY), then run the cycle again."}
	if errors.Is(h.actions.err, huntress.ErrUnauthorized) || errors.Is(h.reportsErr, huntress.ErrUnauthorized) {
		fix = []string{"In Huntress, open your account's API Credentials page and check the key pair, or generate a new one; give halowiz the key and secret again."}
	}
	return []finding{{Finding: steps.Finding{ID: "watch.huntress-unreadable", Severity: steps.Warn,
		Message: fmt.Sprintf("%s could not be read (%s), so %s.", what, strings.Join(errs, "; "), missed),
		Fix:     fix, Evidence: strings.Join(errs, "; ")}}}
}
