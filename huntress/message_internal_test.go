package huntress

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestErrorMessageReadsEveryShape(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"error string", "application/json", `{"error":"Invalid page_token"}`, "Invalid page_token"},
		{"message wins", "application/json", `{"status":401,"error":"Unauthorized","message":"Bad key"}`, "Bad key"},
		{"errors array", "application/json", `{"errors":["name is blank","key is taken"]}`, "name is blank; key is taken"},
		{"nested error", "application/json", `{"error":{"code":403,"message":"Forbidden for this account"}}`, "Forbidden for this account"},
		{"detail", "application/problem+json", `{"title":"Bad","detail":"limit too big"}`, "limit too big"},
		{"unknown JSON", "application/json", `{"code":7}`, ""},
		{"html title", "text/html", "<html><head><title>502 Bad\n Gateway</title></head><body>nginx</body></html>", `an HTML page titled "502 Bad Gateway"`},
		{"html entities", "", "<!DOCTYPE html><html><title>Access &amp; Denied</title>", `an HTML page titled "Access & Denied"`},
		{"html without title", "text/html", "<html><body>oops</body></html>", "an HTML page"},
		{"plain text", "text/plain", "upstream connect error\n", "upstream connect error"},
		{"empty", "application/json", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorMessage(tt.contentType, []byte(tt.body)); got != tt.want {
				t.Errorf("errorMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorMessageIsClippedToOneLine(t *testing.T) {
	got := errorMessage("text/plain", []byte(strings.Repeat("é", 400)+"\nsecond line"))
	if len(got) > maxMessage+len("…") || strings.Contains(got, "\n") || !strings.HasSuffix(got, "…") {
		t.Errorf("errorMessage = %q (%d bytes), want one clipped line", got, len(got))
	}
}

func TestPaginationNext(t *testing.T) {
	first := url.Values{"limit": {"500"}}
	tests := []struct {
		name, in, want string // want is the next query, "" after the last page
	}{
		{"token", `{"next_page_token":"abc","next_page_url":"https://api.huntress.io/v1/organizations?page_token=abc"}`, "limit=500&page_token=abc"},
		{"last page", `{}`, ""},
		{"null token", `{"next_page_token":null,"next_page_url":null}`, ""},
		{"url only", `{"next_page_url":"https://elsewhere.example/v1/organizations?limit=10&page_token=xyz"}`, "limit=500&page_token=xyz"},
		{"legacy number", `{"current_page":1,"next_page":2,"next_page_url":"https://api.huntress.io/v1/organizations?page=2"}`, "limit=500&page=2"},
		{"legacy string", `{"next_page":"3"}`, "limit=500&page=3"},
		{"legacy null", `{"next_page":null}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p pagination
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatal(err)
			}
			got := ""
			if next := p.next(first); next != nil {
				got = next.Encode()
			}
			if got != tt.want {
				t.Errorf("next = %q, want %q", got, tt.want)
			}
		})
	}
}
