package halo

import "testing"

// A proxy or web server that answers with only its status line must not
// make an error say it twice ("502 Bad Gateway: 502 Bad Gateway").
func TestErrorsDoNotRepeatTheStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"plain text status line", &APIError{Method: "POST", Path: "/api/Tickets", Status: 502, Messages: []string{"502 Bad Gateway"}},
			"POST /api/Tickets: 502 Bad Gateway"},
		{"status name only", &APIError{Method: "GET", Path: "/api/Agent/me", Status: 503, Messages: []string{"Service Unavailable"}},
			"GET /api/Agent/me: 503 Service Unavailable"},
		{"HTTP status line, other case", &APIError{Method: "GET", Path: "/api/Status", Status: 502, Messages: []string{"HTTP/1.1 502 bad gateway."}},
			"GET /api/Status: 502 Bad Gateway"},
		{"body excerpt only", &APIError{Method: "GET", Path: "/api/Status", Status: 504, Body: "504 Gateway Timeout"},
			"GET /api/Status: 504 Gateway Timeout"},
		{"nginx page titled with the status", &APIError{Method: "GET", Path: "/api/authinfo", Status: 502, HTML: true, Body: "502 Bad Gateway"},
			"GET /api/authinfo: 502 Bad Gateway: an HTML page"},
		{"page with a title of its own", &APIError{Method: "GET", Path: "/api/authinfo", Status: 502, HTML: true, Body: "Maintenance"},
			`GET /api/authinfo: 502 Bad Gateway: an HTML page titled "Maintenance"`},
		{"a message that says more", &APIError{Method: "POST", Path: "/api/Tickets", Status: 400, Messages: []string{"400 Bad Request: Category is mandatory"}},
			"POST /api/Tickets: 400 Bad Request: 400 Bad Request: Category is mandatory"},
		{"another status's text is news", &APIError{Method: "GET", Path: "/api/Client", Status: 500, Messages: []string{"Bad Gateway"}},
			"GET /api/Client: 500 Internal Server Error: Bad Gateway"},
		{"token endpoint, status as description", &TokenError{Kind: ErrTokenRefused, Status: 502, Description: "502 Bad Gateway", URL: "https://acme.halopsa.com/auth/token"},
			"the token endpoint did not issue a token: POST https://acme.halopsa.com/auth/token: 502 Bad Gateway"},
		{"token endpoint, page titled with the status", &TokenError{Kind: ErrTokenRefused, Status: 503, Description: `an HTML page titled "503 Service Unavailable"`, URL: "https://acme.halopsa.com/auth/token"},
			"the token endpoint did not issue a token: POST https://acme.halopsa.com/auth/token: 503 Service Unavailable: an HTML page"},
		{"token endpoint, a real description", &TokenError{Kind: ErrInvalidClient, Status: 401, Code: "invalid_client", Description: "Client secret is wrong", URL: "https://acme.halopsa.com/auth/token"},
			"the token endpoint refused the client ID or secret: POST https://acme.halopsa.com/auth/token: 401 Unauthorized: invalid_client: Client secret is wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() =\n  %q\nwant\n  %q", got, tt.want)
			}
		})
	}
}
