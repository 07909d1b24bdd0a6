package halo

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestErrorBodiesAreDecodedInEveryShapeHaloUses(t *testing.T) {
	mandatory := []string{"Category is mandatory", "Impact is mandatory", "Urgency is mandatory"}
	tests := []struct {
		name, contentType, body string
		want                    []string
		html                    bool
		excerpt                 string // a substring of the excerpt, when set
	}{
		{"plain text, a line per field", "text/plain", "Category is mandatory\nImpact is mandatory\nUrgency is mandatory\n", mandatory, false, ""},
		{"plain text with CRLF", "text/plain", "Category is mandatory\r\nImpact is mandatory\r\nUrgency is mandatory\r\n", mandatory, false, ""},
		{"JSON string holding the lines", "application/json", `"Category is mandatory\nImpact is mandatory\nUrgency is mandatory\n"`, mandatory, false, ""},
		{"text with escaped line breaks", "text/plain", `Category is mandatory\nImpact is mandatory\nUrgency is mandatory\n`, mandatory, false, ""},
		{"byte order mark", "text/plain", "\xef\xbb\xbfPlease select a valid Client/Site/User", []string{"Please select a valid Client/Site/User"}, false, ""},
		{"OAuth error", "application/json", `{"error":"invalid_client"}`, []string{"invalid_client"}, false, ""},
		{"OAuth error with description", "application/json", `{"error":"invalid_client","error_description":"The client credentials are invalid."}`,
			[]string{"invalid_client: The client credentials are invalid."}, false, ""},
		{"nested error object", "application/json", `{"error":{"message":"Ticket not found"}}`, []string{"Ticket not found"}, false, ""},
		{"message", "application/json", `{"message":"An Outcome must be entered for this Action"}`, []string{"An Outcome must be entered for this Action"}, false, ""},
		{"Message", "application/json", `{"Message":"Authorization has been denied for this request."}`, []string{"Authorization has been denied for this request."}, false, ""},
		{".NET exception", "application/json", `{"ClassName":"System.Exception","Message":"CODE:APP03/2 Please select the CAB members to approve"}`,
			[]string{"CODE:APP03/2 Please select the CAB members to approve"}, false, ""},
		{"resultCode and errorMessage", "application/json", `{"resultCode":400,"errorMessage":"Please select a valid Client/Site/User"}`,
			[]string{"Please select a valid Client/Site/User"}, false, ""},
		{"ASP.NET validation problem", "application/problem+json",
			`{"title":"One or more validation errors occurred.","status":400,"errors":{"summary":["The Summary field is required."],"client_id":["Client is required","Client must be active"]}}`,
			[]string{"client_id: Client is required", "client_id: Client must be active", "summary: The Summary field is required."}, false, ""},
		{"flat validation map", "application/json", `{"[0].id":["The value 'x' is not valid."]}`, []string{"[0].id: The value 'x' is not valid."}, false, ""},
		{"problem with title only", "application/json", `{"title":"Not Found","status":404}`, []string{"Not Found"}, false, ""},
		{"array of messages", "application/json", `["first problem","second problem"]`, []string{"first problem", "second problem"}, false, ""},
		{"unknown JSON keeps the body", "application/json", `{"foo":1}`, nil, false, `{"foo":1}`},
		{"HTML page reduced to its title", "text/html", "<!DOCTYPE html><html><head><TITLE>\n Runtime &amp; Error </TITLE></head><body>" + strings.Repeat("stack trace ", 500) + "</body></html>",
			nil, true, "Runtime & Error"},
		{"HTML without a content type", "", "<html><body>nothing</body></html>", nil, true, "an HTML page without a title"},
		{"Halo's refusal inside an HTML page", "text/html; charset=utf-8",
			"<html><head><title>Bad Request</title><script>var x='is mandatory';</script></head><body><h1>Error</h1><p><b>Category</b> is mandatory<br>Impact is <i>mandatory</i></p><div>Please select a valid Client/Site/User</div></body></html>",
			[]string{"Category is mandatory", "Impact is mandatory", "Please select a valid Client/Site/User"}, true, "Bad Request"},
		{"empty", "text/plain", "  \n", nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := reportBody(nil, tt.contentType, []byte(tt.body))
			if !slices.Equal(rep.messages, tt.want) {
				t.Errorf("messages = %q, want %q", rep.messages, tt.want)
			}
			if rep.html != tt.html {
				t.Errorf("html = %v, want %v", rep.html, tt.html)
			}
			if !strings.Contains(rep.excerpt, tt.excerpt) {
				t.Errorf("excerpt = %q, want it to contain %q", rep.excerpt, tt.excerpt)
			}
			if rep.html && (strings.Contains(rep.excerpt, "<") || strings.Contains(rep.excerpt, "stack trace")) {
				t.Errorf("HTML page dumped into the excerpt: %q", rep.excerpt)
			}
		})
	}
}

func TestErrorBodyExcerptIsShort(t *testing.T) {
	rep := reportBody(nil, "text/plain", []byte(strings.Repeat("x", 100_000)))
	if len(rep.excerpt) > maxExcerpt+len("…") {
		t.Errorf("excerpt is %d bytes", len(rep.excerpt))
	}
	if len(rep.messages) != 1 || len([]rune(rep.messages[0])) > maxMessageLen+1 {
		t.Errorf("message not cut: %d messages", len(rep.messages))
	}
}

func TestAPIErrorSaysRequestStatusAndMessages(t *testing.T) {
	e := &APIError{Method: "POST", Path: "/api/Tickets", Status: 400,
		Messages: []string{"Category is mandatory", "Impact is mandatory"}}
	want := "POST /api/Tickets: 400 Bad Request: Category is mandatory; Impact is mandatory"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	page := &APIError{Method: "GET", Path: "/api/authinfo", Status: 404, HTML: true, Body: "Not Found"}
	if got := page.Error(); got != `GET /api/authinfo: 404 Not Found: an HTML page` {
		t.Errorf("Error() = %q", got)
	}
	limited := &APIError{Method: "GET", Path: "/api/Client", Status: 429, RetryAfter: 2 * time.Minute}
	if got := limited.Error(); !strings.Contains(got, "Halo asked to wait 2m0s") {
		t.Errorf("Error() = %q, want the wait Halo asked for", got)
	}
}

func TestAPIErrorMentionsMatchesMessagesIgnoringCase(t *testing.T) {
	e := &APIError{Status: 400, Messages: []string{"Category is mandatory", "Please select a valid Client/Site/User"}}
	for _, tt := range []struct {
		substr []string
		want   bool
	}{
		{[]string{"MANDATORY"}, true},
		{[]string{"nothing", "valid client"}, true},
		{[]string{"outcome"}, false},
		{[]string{""}, false},
		{nil, false},
	} {
		if got := e.Mentions(tt.substr...); got != tt.want {
			t.Errorf("Mentions(%q) = %v, want %v", tt.substr, got, tt.want)
		}
	}
	undecoded := &APIError{Status: 500, Body: `{"weird":"Impact is mandatory"}`}
	if !undecoded.Mentions("impact") {
		t.Error("Mentions ignores the body of an answer with no decoded message")
	}
	page := &APIError{Status: 500, HTML: true, Body: "mandatory"}
	if page.Mentions("mandatory") {
		t.Error("Mentions matched an HTML page's title")
	}
}

func TestAPIErrorIsRateLimitedOnlyFor429(t *testing.T) {
	for status, want := range map[int]bool{http.StatusTooManyRequests: true, 503: false, 400: false} {
		var err error = &APIError{Status: status}
		if got := errors.Is(err, ErrRateLimited); got != want {
			t.Errorf("status %d: errors.Is(err, ErrRateLimited) = %v", status, got)
		}
	}
}
