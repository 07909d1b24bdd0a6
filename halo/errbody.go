package halo

import (
	"halowiz/scrub"

	"bytes"
	"encoding/json"
	"html"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits on what an error keeps from a body: enough to act on, never a page.
const (
	maxExcerpt     = 1 << 10
	maxMessages    = 20
	maxMessageLen  = 300
	maxTitleLen    = 200
	maxTitleSearch = 64 << 10
)

// bodyReport is what an answer's body says, reduced for a person and
// already redacted.
type bodyReport struct {
	messages []string
	html     bool
	excerpt  string // at most ~1 KiB; for an HTML page, its title
}

// reportBody decodes Halo's many error shapes: plain text with one message
// a line, a JSON string holding such text, JSON objects in the styles of
// OAuth, Halo, .NET exceptions and ASP.NET model validation, and HTML pages,
// which are reduced to their title and never dumped.
func reportBody(red *scrub.Redactor, contentType string, body []byte) bodyReport {
	t := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(t) == 0 {
		return bodyReport{}
	}
	if isMarkup(contentType, t) {
		// A page is never dumped, but a refusal Halo wrote into one (a
		// proxy or an old build wraps its 400 in HTML) is still Halo's
		// message.
		title := red.Redact(htmlTitle(t))
		msgs := refusalLines(pageText(t))
		for i, m := range msgs {
			msgs[i] = cutRunes(red.Redact(m), maxMessageLen)
		}
		return bodyReport{html: true, messages: msgs, excerpt: cutRunes(title, maxTitleLen)}
	}
	var msgs []string
	var v any
	if json.Valid(t) && json.Unmarshal(t, &v) == nil {
		msgs = jsonMessages(v)
	} else {
		msgs = textLines(string(t))
	}
	if len(msgs) > maxMessages {
		msgs = msgs[:maxMessages]
	}
	for i, m := range msgs {
		msgs[i] = cutRunes(red.Redact(m), maxMessageLen)
	}
	return bodyReport{messages: msgs, excerpt: red.Excerpt(t, maxExcerpt)}
}

// jsonMessages collects the human messages in a decoded JSON value.
func jsonMessages(v any) []string {
	switch v := v.(type) {
	case string:
		return textLines(v)
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonMessages(e)...)
		}
		return out
	case map[string]any:
		return objectMessages(v)
	}
	return nil
}

// objectMessages reads the message fields of a JSON error object. Keys are
// matched without regard to case, as Halo's own casing varies.
func objectMessages(m map[string]any) []string {
	var out []string
	if e, ok := field(m, "error"); ok {
		if code, isText := e.(string); isText {
			if desc, ok := stringField(m, "error_description"); ok && desc != "" {
				code += ": " + desc
			}
			out = append(out, textLines(code)...)
		} else {
			out = append(out, jsonMessages(e)...)
		}
	}
	for _, key := range []string{"errorMessage", "message"} {
		if s, ok := stringField(m, key); ok {
			out = append(out, textLines(s)...)
		}
	}
	if errs, ok := field(m, "errors"); ok {
		if fields, isMap := errs.(map[string]any); isMap {
			out = append(out, validationMessages(fields)...)
		} else {
			out = append(out, jsonMessages(errs)...)
		}
	}
	if len(out) == 0 && isValidationMap(m) {
		out = validationMessages(m)
	}
	for _, key := range []string{"title", "detail"} {
		if s, ok := stringField(m, key); ok && len(out) == 0 {
			out = append(out, textLines(s)...)
		}
	}
	return out
}

// validationMessages renders an ASP.NET model-validation map such as
// {"[0].summary": ["Summary is required"]} as "field: message" lines.
func validationMessages(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		for _, msg := range jsonMessages(m[k]) {
			if k != "" && k != "$" {
				msg = k + ": " + msg
			}
			out = append(out, msg)
		}
	}
	return out
}

// isValidationMap reports whether every value of m is a list of strings,
// the flat shape ASP.NET uses for model-validation errors.
func isValidationMap(m map[string]any) bool {
	for _, v := range m {
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return false
		}
		for _, e := range list {
			if _, ok := e.(string); !ok {
				return false
			}
		}
	}
	return len(m) > 0
}

func field(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

func stringField(m map[string]any, key string) (string, bool) {
	v, ok := field(m, key)
	s, isText := v.(string)
	return s, ok && isText
}

// textLines splits text into its non-empty lines. Text whose line breaks
// arrive escaped ("a\nb" as four characters) is split on those too.
func textLines(s string) []string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	if !strings.Contains(s, "\n") && strings.Contains(s, `\n`) {
		s = strings.ReplaceAll(strings.ReplaceAll(s, `\r\n`, "\n"), `\n`, "\n")
	}
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// isMarkup reports whether a body is an HTML (or other markup) page rather
// than an API answer.
func isMarkup(contentType string, t []byte) bool {
	return strings.Contains(strings.ToLower(contentType), "html") || len(t) > 0 && t[0] == '<'
}

// htmlTitle is the text of a page's <title>, or a phrase saying it has none.
func htmlTitle(page []byte) string {
	if len(page) > maxTitleSearch {
		page = page[:maxTitleSearch]
	}
	lower := lowerASCII(page)
	open := bytes.Index(lower, []byte("<title"))
	if open >= 0 {
		start := bytes.IndexByte(lower[open:], '>')
		if start >= 0 {
			start += open + 1
			end := bytes.Index(lower[start:], []byte("</title"))
			if end >= 0 {
				title := strings.Join(strings.Fields(html.UnescapeString(string(page[start:start+end]))), " ")
				if title != "" {
					return title
				}
			}
		}
	}
	return "an HTML page without a title"
}

func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// cutRunes shortens s to at most n runes, marking a cut with "…".
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// refusalPhrases mark the lines of a page that are Halo's refusal: the
// business rules the setup article and the notes quote.
var refusalPhrases = []string{"is mandatory", "please select a valid", "client/site/user", "code:app", "must be entered"}

// refusalLines keeps the lines of text that hold one of Halo's known
// refusals, at most maxMessages.
func refusalLines(text string) []string {
	var out []string
	for _, line := range textLines(text) {
		lower := strings.ToLower(line)
		for _, p := range refusalPhrases {
			if strings.Contains(lower, p) {
				out = append(out, line)
				break
			}
		}
		if len(out) == maxMessages {
			break
		}
	}
	return out
}

// pageText is the visible text of an HTML page, one block a line: tags
// (and what script and style hold) removed, entities decoded.
func pageText(page []byte) string {
	if len(page) > maxTitleSearch {
		page = page[:maxTitleSearch]
	}
	lower := lowerASCII(page)
	var b strings.Builder
	for i := 0; i < len(page); {
		if page[i] != '<' {
			j := bytes.IndexByte(page[i:], '<')
			if j < 0 {
				j = len(page) - i
			}
			b.Write(page[i : i+j])
			i += j
			continue
		}
		end := bytes.IndexByte(page[i:], '>')
		if end < 0 {
			break
		}
		tag := lower[i+1 : i+end]
		i += end + 1
		for _, skip := range []string{"script", "style"} {
			if bytes.HasPrefix(tag, []byte(skip)) {
				if close := bytes.Index(lower[i:], []byte("</"+skip)); close >= 0 {
					i += close
				}
			}
		}
		if blockTag(tag) {
			b.WriteByte('\n') // a block ends a line; <b>Category</b> is mandatory stays one
		}
	}
	return html.UnescapeString(b.String())
}

// blockTags start or end a line of a page's text; other tags are inline.
var blockTags = []string{"p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
	"title", "head", "body", "html", "pre", "hr", "section", "article", "header", "footer", "form", "dt", "dd", "blockquote"}

// blockTag reports whether a tag's text (what stands between < and >)
// names a block element, opening or closing.
func blockTag(tag []byte) bool {
	name := bytes.TrimPrefix(bytes.TrimSpace(tag), []byte("/"))
	if i := bytes.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	for _, t := range blockTags {
		if string(name) == t {
			return true
		}
	}
	return len(name) > 0 && name[0] == '!' // <!DOCTYPE>, comments
}
