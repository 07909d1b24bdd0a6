package huntress

import "testing"

// A proxy that answers with only its status line must not make an error say
// it twice ("502 Bad Gateway: 502 Bad Gateway").
func TestAPIErrorDoesNotRepeatTheStatus(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		message string
		want    string
	}{
		{"status line as text", 502, "502 Bad Gateway", "GET /v1/organizations: 502 Bad Gateway"},
		{"status name as JSON error", 500, "Internal Server Error", "GET /v1/organizations: 500 Internal Server Error"},
		{"page titled with the status", 504, `an HTML page titled "504 Gateway Time-out"`, "GET /v1/organizations: 504 Gateway Timeout: " + `an HTML page titled "504 Gateway Time-out"`},
		{"page titled with the exact status", 502, `an HTML page titled "502 Bad Gateway"`, "GET /v1/organizations: 502 Bad Gateway: an HTML page"},
		{"unauthorized, status only", 401, "Unauthorized", "GET /v1/organizations: 401 Unauthorized: " + ErrUnauthorized.Error() + "; " + credentialsHelp},
		{"unauthorized, a message", 401, "Bad key", "GET /v1/organizations: 401 Unauthorized: " + ErrUnauthorized.Error() + ` (Huntress said "Bad key"); ` + credentialsHelp},
		{"a message that says more", 422, "limit must be at most 500", "GET /v1/organizations: 422 Unprocessable Entity: limit must be at most 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &APIError{Method: "GET", Path: "/v1/organizations", Status: tt.status, Message: tt.message}
			if got := e.Error(); got != tt.want {
				t.Errorf("Error() =\n  %q\nwant\n  %q", got, tt.want)
			}
		})
	}
}
