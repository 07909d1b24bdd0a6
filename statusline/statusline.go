// Package statusline says an HTTP status the way halowiz's errors show it,
// for both API clients (halo, huntress): "502 Bad Gateway", and what a
// message adds beyond that line, so that no error reads "502 Bad Gateway:
// 502 Bad Gateway".
package statusline

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Text renders a status as "404 Not Found", or "status 599" for a code
// without a name.
func Text(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("status %d", code)
}

// Beyond is what text says beyond the status line already shown: "" when
// it only repeats it ("Bad Gateway", "502 Bad Gateway", "HTTP/1.1 502 Bad
// Gateway"), "an HTML page" for a page titled so, as proxies and web
// servers answer, else text itself.
func Beyond(text string, code int) string {
	said, page := text, false
	if title, ok := strings.CutPrefix(text, "an HTML page titled "); ok {
		if t, err := strconv.Unquote(title); err == nil {
			said, page = t, true
		}
	}
	t := strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(said), " ")), ".")
	if i := strings.IndexByte(t, ' '); i > 0 && strings.HasPrefix(t, "http") {
		t = t[i+1:] // "http/1.1 502 bad gateway", "http 502"
	}
	num, name := strconv.Itoa(code), strings.ToLower(http.StatusText(code))
	switch {
	case t != num && t != name && t != num+" "+name:
		return text
	case page:
		return "an HTML page"
	}
	return ""
}
