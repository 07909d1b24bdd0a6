package steps

import (
	"context"
	"fmt"
	"testing"

	"halowiz/halo"
)

func statusList(ids ...int) []halo.Status {
	var l []halo.Status
	for _, id := range ids {
		l = append(l, halo.Status{ID: id, Name: fmt.Sprint("status ", id)})
	}
	return l
}

func TestClosedStatusesAreWhatHalosFilterLeavesOut(t *testing.T) {
	refused := &halo.APIError{Method: "GET", Path: "/api/Status", Status: 400}
	timedOut := &halo.NetError{Kind: halo.NetTimeout, Host: "acme.halopsa.com", Err: context.DeadlineExceeded}
	for _, tt := range []struct {
		name       string
		lists      statusLists
		wantClosed []int
		wantBy     string
		wantFail   string // a finding id instead of a judgement
	}{
		{"the filter leaves the closed ones out", statusLists{all: statusList(1, 8, 9, 10), open: statusList(1, 8)}, []int{9, 10}, closedByFilter, ""},
		{"the filter is ignored: the built-in Closed", statusLists{all: statusList(1, 8, 9), open: statusList(9, 8, 1)}, []int{9}, closedByBuiltin, ""},
		{"the filter is refused: the built-in Closed", statusLists{all: statusList(1, 9), openErr: refused}, []int{9}, closedByBuiltinRefused, ""},
		{"ignored and no built-in Closed: none", statusLists{all: statusList(1, 2), open: statusList(1, 2)}, nil, closedByNothing, "mapping.no-closed-status"},
		{"the filter's request timed out: no guess", statusLists{all: statusList(1, 9), openErr: timedOut}, nil, "", "mapping.timeout"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out Facts
			findings := judgeStatuses(Config{ResolutionStatus: "9"}, tt.lists, &out)
			var closed []int
			for _, o := range out.Statuses {
				if o.Closed {
					closed = append(closed, o.ID)
				}
			}
			if fmt.Sprint(closed) != fmt.Sprint(tt.wantClosed) || out.ClosedBy != tt.wantBy {
				t.Errorf("closed %v by %q, want %v by %q", closed, out.ClosedBy, tt.wantClosed, tt.wantBy)
			}
			if tt.wantFail != "" && (len(findings) == 0 || findings[0].ID != tt.wantFail) {
				t.Errorf("findings %v, want %s first", findingIDList(findings), tt.wantFail)
			}
			if tt.wantFail == "mapping.timeout" && out.ClosedStatus != nil {
				t.Error("a closing status was picked although Halo did not say which statuses close")
			}
		})
	}
}

func findingIDList(fs []Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}
