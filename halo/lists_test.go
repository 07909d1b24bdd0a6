package halo

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestListAnswersMayBeAnArrayOrWrapped(t *testing.T) {
	tests := []struct {
		name, body string
		ids        []int
		count      int
	}{
		{"plain array", `[{"id":1},{"id":2}]`, []int{1, 2}, 2},
		{"wrapped under its name", `{"record_count":5000,"clients":[{"id":1}]}`, []int{1}, 5000},
		{"name in other casing", `{"Record_Count":3,"Clients":[{"id":4}]}`, []int{4}, 3},
		{"any single array", `{"record_count":2,"whatever":[{"id":7},{"id":8}]}`, []int{7, 8}, 2},
		{"named array among others", `{"columns":[{"id":99}],"clients":[{"id":5}]}`, []int{5}, 1},
		{"record count as a string", `{"record_count":"12","clients":[]}`, nil, 12},
		{"nothing found", `{"record_count":0}`, nil, 0},
		{"null", `null`, nil, 0},
		{"whitespace around", "\n [ {\"id\":3} ] \n", []int{3}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := answer{status: 200, header: http.Header{}, body: []byte(tt.body)}
			rows, count, err := decodeList[Customer](t.Context(), &Client{}, get("/api/Client", nil), a, "clients")
			if err != nil {
				t.Fatal(err)
			}
			var ids []int
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, tt.ids) || count != tt.count {
				t.Errorf("ids %v count %d, want %v %d", ids, count, tt.ids, tt.count)
			}
		})
	}
}

func TestListAnswersThatAreNoListAreShownNotGuessed(t *testing.T) {
	for _, body := range []string{
		`{"clients":[{"id":1}],"sites":[{"id":2}]}`, // two lists, neither named
		`"just text"`,
		`{"record_count":1,"clients":[{"id":"one"}]}`,
		`{"record_count":6,"users":"The list is not available right now."}`, // the list named, not a list
		`{"record_count":6,"users":{"id":1}}`,
		``,
	} {
		a := answer{status: 200, header: http.Header{}, body: []byte(body)}
		_, _, err := decodeList[Customer](t.Context(), &Client{}, get("/api/Client", nil), a, "users")
		var decErr *DecodeError
		if !errors.As(err, &decErr) || decErr.Body != strings.TrimSpace(body) {
			t.Errorf("%s: err = %v, want a DecodeError showing the body", body, err)
		}
	}
}

func TestPostAnswersMayBeTheRecordOrAOneElementArray(t *testing.T) {
	t.Parallel()
	for _, body := range []any{
		map[string]any{"id": 42, "summary": "test"},
		[]map[string]any{{"id": 42, "summary": "test"}},
	} {
		f := newFake(t)
		f.on("POST /api/Tickets", func(w http.ResponseWriter, r *http.Request) {
			var sent []NewTicket
			if err := decodeJSONBody(r, &sent); err != nil || len(sent) != 1 || sent[0].Summary != "test" {
				t.Errorf("body = %+v, %v; want a one-element array", sent, err)
			}
			writeJSON(w, 201, body)
		})
		ticket, err := f.client().CreateTicket(timeout(t, 5*time.Second), NewTicket{Summary: "test", ClientID: 3})
		if err != nil || ticket.ID != 42 {
			t.Errorf("answer %v: CreateTicket = %+v, %v", body, ticket, err)
		}
	}
}

func TestPostAnswerWithSeveralRecordsIsNotGuessed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.on("POST /api/Tickets", answerJSON(201, []map[string]any{{"id": 1}, {"id": 2}}))
	_, err := f.client().CreateTicket(timeout(t, 5*time.Second), NewTicket{Summary: "x"})
	var decErr *DecodeError
	if !errors.As(err, &decErr) || !strings.Contains(err.Error(), "2 records where one was expected") {
		t.Errorf("err = %v", err)
	}
}
