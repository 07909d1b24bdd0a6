package huntress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxMessage bounds the part of an error body that reaches an error text.
const maxMessage = 300

// errorMessage reduces an error answer's body to one line: the message of a
// JSON error body, the title of an HTML page, or the start of plain text.
func errorMessage(contentType string, body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return ""
	}
	if body[0] == '{' || body[0] == '[' {
		var v any
		if json.Unmarshal(body, &v) == nil {
			return clip(jsonMessage(v))
		}
	}
	if strings.Contains(contentType, "html") || looksLikeHTML(body) {
		return clip(htmlTitle(body))
	}
	return clip(string(body))
}

// jsonMessage finds the human text in the error shapes Huntress and the
// proxies in front of it use: {"error": "..."}, {"message": "..."},
// {"errors": ["..."]}, {"error": {"message": "..."}}, {"detail": "..."}.
func jsonMessage(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var parts []string
		for _, item := range v {
			if s := jsonMessage(item); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		for _, key := range []string{"message", "error", "errors", "detail", "title", "error_description"} {
			if s := jsonMessage(v[key]); s != "" {
				return s
			}
		}
	}
	return ""
}

var titlePattern = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

func looksLikeHTML(body []byte) bool {
	head := strings.ToLower(string(body[:min(len(body), 512)]))
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html")
}

// htmlTitle is an HTML page reduced to its title: error pages from proxies
// and load balancers are long, and only the title says anything.
func htmlTitle(body []byte) string {
	m := titlePattern.FindSubmatch(body)
	if m == nil {
		return "an HTML page"
	}
	return fmt.Sprintf("an HTML page titled %q", strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " "))
}

// clip makes s one line of at most maxMessage bytes, cut on a rune boundary.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
