package capture

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"halowiz/scrub"
)

// secretName finds the JSON fields whose value is a credential wherever
// they appear (access_token, client_secret, x_api_key, user_password,
// apikey, ...): their values are replaced whatever else the Redactor
// knows.
var secretName = regexp.MustCompile(`(?i)secret|token|password|api_?key`)

// notSecretName are the names secretName would take that hold no
// credential: the kind of a token, where tokens are asked for, what a
// server supports, a page cursor (replays page by it).
var notSecretName = regexp.MustCompile(`(?i)(?:_type|_in|_endpoint|_supported|_url|_uri|page_token)$`)

// secretField reports whether a JSON field's value is a credential.
func secretField(name string) bool {
	return secretName.MatchString(name) && !notSecretName.MatchString(name)
}

// formFieldsKept are the fields of a form body (a token request) whose
// values are kept: they say which grant and scopes were asked for. Every
// other value, the client secret first, is replaced.
var formFieldsKept = map[string]bool{
	"grant_type": true, "scope": true, "client_id": true, "tenant": true, "resource": true, "audience": true,
}

// cleaner removes secrets from recorded exchanges.
type cleaner struct{ red *scrub.Redactor }

// newCleaner learns the credentials the exchanges themselves carry (tokens
// in answers, secrets in token requests) before any is cleaned, so that
// one echoed in an earlier exchange is removed too.
func newCleaner(red *scrub.Redactor, raw []rawExchange) *cleaner {
	c := &cleaner{red: red}
	for _, e := range raw {
		if isForm(e.contentType) {
			if form, err := url.ParseQuery(string(e.reqBody)); err == nil {
				for k, vs := range form {
					if !formFieldsKept[strings.ToLower(k)] {
						c.learn(vs...)
					}
				}
			}
		} else if v, ok := decodeJSON(e.reqBody); ok {
			c.learnFrom(v)
		}
		if v, ok := decodeJSON(e.body); ok {
			c.learnFrom(v)
		}
	}
	return c
}

func (c *cleaner) learn(secrets ...string) {
	for _, s := range secrets {
		if len(s) >= 4 && s != scrub.Redacted {
			c.red.Add(s)
		}
	}
}

func (c *cleaner) learnFrom(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && secretField(k) {
				c.learn(s)
			}
			c.learnFrom(val)
		}
	case []any:
		for _, val := range x {
			c.learnFrom(val)
		}
	}
}

// credentials are the secrets an Authorization header carries: a bearer
// token, or the secret (and the header value) of Basic credentials.
func credentials(h http.Header) []string {
	v := strings.TrimSpace(h.Get("Authorization"))
	if v == "" {
		return nil
	}
	scheme, value, _ := strings.Cut(v, " ")
	value = strings.TrimSpace(value)
	out := []string{value}
	if strings.EqualFold(scheme, "basic") {
		if raw, err := base64.StdEncoding.DecodeString(value); err == nil {
			if _, secret, ok := strings.Cut(string(raw), ":"); ok {
				out = append(out, secret)
			}
		}
	}
	return out
}

// exchange turns a recording into a transcript's exchange, without secrets.
func (c *cleaner) exchange(e rawExchange) Exchange {
	ex := Exchange{
		Seq:     e.seq,
		Service: e.service,
		Method:  e.method,
		Host:    e.host,
		Path:    c.red.Redact(e.path),
		Query:   c.red.Redact(e.query),
	}
	if len(e.reqBody) > 0 || e.contentType != "" {
		ex.Request = &Request{ContentType: e.contentType, Body: c.body(e.contentType, e.reqBody)}
	}
	switch {
	case e.answered:
		resp := &Response{Status: e.status, Truncated: e.truncated}
		if !e.truncated || !tokenPath(e.path) {
			// A token answer cut short is not JSON, and what is left of a
			// token in it has no shape to be known by: it is not kept.
			resp.Body = c.body(e.header.Get("Content-Type"), e.body)
		}
		for _, k := range keptHeaders {
			if v := e.header.Get(k); v != "" {
				if resp.Header == nil {
					resp.Header = map[string]string{}
				}
				resp.Header[k] = c.red.Redact(v)
			}
		}
		if e.truncated && e.declared > 0 {
			resp.ContentLength = e.declared
		}
		ex.Response = resp
	case e.failure != nil:
		ex.Failure = &Failure{Kind: failureKind(e.failure), Message: c.red.Redact(e.failure.Error())}
	default:
		ex.Failure = &Failure{Kind: FailCanceled, Message: "no answer had come when the capture was written"}
	}
	return ex
}

// body keeps a body as JSON or text, with every credential removed: form
// values but the harmless ones, JSON fields that hold credentials, and
// whatever the Redactor finds.
func (c *cleaner) body(contentType string, raw []byte) Body {
	if len(raw) == 0 {
		return Body{}
	}
	if isForm(contentType) {
		return Body{Text: c.form(raw)}
	}
	if v, ok := decodeJSON(raw); ok {
		if b, err := encodeJSON(c.value(v)); err == nil {
			return Body{JSON: b}
		}
	}
	return Body{Text: c.red.Redact(string(raw))}
}

// form keeps a form body's field names and the values of formFieldsKept.
func (c *cleaner) form(raw []byte) string {
	form, err := url.ParseQuery(string(raw))
	if err != nil {
		return scrub.Redacted
	}
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range form[k] {
			if formFieldsKept[strings.ToLower(k)] {
				v = url.QueryEscape(c.red.Redact(v))
			} else {
				v = scrub.Redacted
			}
			parts = append(parts, url.QueryEscape(k)+"="+v)
		}
	}
	return strings.Join(parts, "&")
}

// value cleans a decoded JSON value.
func (c *cleaner) value(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if secretField(k) {
				out[k] = redactAll(val)
				continue
			}
			out[c.red.Redact(k)] = c.value(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = c.value(val)
		}
		return out
	case string:
		return c.red.Redact(x)
	}
	return v
}

// tokenPath reports whether path is Halo's token endpoint.
func tokenPath(path string) bool { return strings.HasSuffix(strings.ToLower(path), "/auth/token") }

// redactAll is a secret field's value with every string and number in it
// replaced; true, false and null say nothing secret and keep the answer's
// shape for a replay.
func redactAll(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = redactAll(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = redactAll(val)
		}
		return out
	case string, json.Number:
		return scrub.Redacted
	}
	return v
}

func isForm(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/x-www-form-urlencoded"
}

// decodeJSON decodes b when it is exactly one JSON value, numbers kept as
// written.
func decodeJSON(b []byte) (any, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || !json.Valid(b) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

func encodeJSON(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}
