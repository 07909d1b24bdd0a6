package halo

import (
	"testing"
	"time"
)

func TestTicketOpenedReadsHalosDateForms(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	cases := []struct {
		name  string
		t     Ticket
		zoned bool
		ok    bool
	}{
		{"RFC 3339 with Z", Ticket{DateCreated: "2026-11-20T09:30:00Z"}, true, true},
		{"an offset", Ticket{DateCreated: "2026-11-20T10:30:00+01:00"}, true, true},
		{"no zone, read as UTC", Ticket{DateCreated: "2026-11-20T09:30:00"}, false, true},
		{"fractions of a second", Ticket{DateCreated: "2026-11-20T09:30:00.000"}, false, true},
		{"dateoccurred when datecreated is empty", Ticket{DateOccurred: "2026-11-20T09:30:00Z"}, true, true},
		{"Halo's empty date falls back", Ticket{DateCreated: "0001-01-01T00:00:00", DateOccurred: "2026-11-20T09:30:00Z"}, true, true},
		{"nothing readable", Ticket{DateCreated: "yesterday", DateOccurred: "1900-01-01T00:00:00"}, false, false},
	}
	for _, c := range cases {
		got, zoned, ok := c.t.Opened()
		if ok != c.ok || zoned != c.zoned || (ok && !got.Equal(want)) {
			t.Errorf("%s: Opened() = %v, zoned %t, %t; want %v, zoned %t, %t", c.name, got, zoned, ok, want, c.zoned, c.ok)
		}
	}
}
