package capture

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What anonymising replaces. Halo and Huntress put the names of people,
// companies and teams in these JSON fields; the lists are kept small on
// purpose, and a name found in one is replaced wherever else it appears.

// nameFields hold a name wherever they appear, with the word its
// replacement starts with.
var nameFields = map[string]string{
	"client_name": "Client", "toplevel_name": "Client", "site_name": "Site", "main_site_name": "Site",
	"user_name": "User", "username": "User", "contact_name": "User",
	"agent_name": "Agent", "firstname": "Name", "surname": "Name", "lastname": "Name",
	"team_name": "Team", "team": "Team", "default_team": "Team", "department_name": "Department",
	"organization_name": "Organization",
}

// recordNames are the answers whose records' own fields name someone: a
// client's "name" is a company's name, an agent's a person's. Only the
// records themselves count (the top level, or the list or object a wrapper
// holds), not what is nested deeper.
var recordNames = []struct {
	prefix string // a lower-case path prefix
	label  string
	fields []string
}{
	{"/api/client", "Client", []string{"name"}},
	{"/api/site", "Site", []string{"name"}},
	{"/api/users", "User", []string{"name"}},
	{"/api/agent", "Agent", []string{"name"}},
	{"/v1/organizations", "Organization", []string{"name", "key"}},
	{"/v1/account", "Account", []string{"name", "subdomain"}},
}

// textFields are free text (a ticket's summary or details, a note), which
// may say anything about anyone: replaced whole, unless it carries a
// halowiz marker (halowiz's own test ticket, whose read-back a replay needs).
var textFields = map[string]bool{
	"summary": true, "details": true, "details_html": true, "subject": true, "note": true, "note_html": true,
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)

// minSubstituted is the shortest name replaced inside other text (an
// error message, a query): shorter ones ("IT", "Lee") would hit ordinary
// words. They are still replaced where they are a field's whole value.
const minSubstituted = 4

// anonymizer holds the replacements: the same original, the same
// replacement, across the whole transcript.
type anonymizer struct {
	names   map[string]string // original -> replacement
	inText  map[string]bool   // originals also replaced inside other text
	counts  map[string]int    // label -> how many so far
	ordered []string          // the inText originals, longest first
}

// anonymize replaces, in place, every name and e-mail address in t.
func anonymize(t *Transcript) {
	a := &anonymizer{names: map[string]string{}, inText: map[string]bool{}, counts: map[string]int{}}
	// Halo's first, so that a name Halo and Huntress share (the whole
	// point of the mapping) is called a client.
	for _, service := range []string{Halo, Huntress} {
		for _, e := range t.Exchanges {
			if e.Service != service {
				continue
			}
			if e.Request != nil {
				a.collectBody(e.Path, e.Request.Body)
			}
			if e.Response != nil {
				a.collectBody(e.Path, e.Response.Body)
			}
		}
	}
	for _, m := range t.Run.Mapping {
		a.register(m.OrgName, "Organization")
		a.register(m.ClientName, "Client")
	}
	a.order()

	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		e.Path = a.text(e.Path)
		e.Query = a.query(e.Query)
		if e.Request != nil {
			e.Request.Body = a.body(e.Path, e.Request.Body)
		}
		if r := e.Response; r != nil {
			r.Body = a.body(e.Path, r.Body)
			if loc, ok := r.Header["Location"]; ok {
				r.Header["Location"] = a.text(loc)
			}
		}
		if f := e.Failure; f != nil {
			f.Message = a.text(f.Message)
		}
	}
	r := &t.Run
	r.TicketType, r.ResolutionStatus, r.TestClient = a.value(r.TicketType), a.value(r.ResolutionStatus), a.value(r.TestClient)
	for i := range r.Mapping {
		r.Mapping[i].OrgName, r.Mapping[i].ClientName = a.value(r.Mapping[i].OrgName), a.value(r.Mapping[i].ClientName)
	}
	t.Anonymized = true
}

// register notes a name to replace. A whole name (not free text, not a
// first name or surname, which are words of other text too) of at least
// minSubstituted bytes is also replaced inside other text.
func (a *anonymizer) register(name, label string) {
	if strings.TrimSpace(name) == "" || markerPattern.MatchString(name) {
		return
	}
	if label != "Text" && label != "Name" && len(name) >= minSubstituted {
		a.inText[name] = true
	}
	if _, ok := a.names[name]; ok {
		return
	}
	a.counts[label]++
	a.names[name] = fmt.Sprintf("%s %d", label, a.counts[label])
}

func (a *anonymizer) order() {
	for name := range a.inText {
		a.ordered = append(a.ordered, name)
	}
	sort.Slice(a.ordered, func(i, j int) bool {
		if len(a.ordered[i]) != len(a.ordered[j]) {
			return len(a.ordered[i]) > len(a.ordered[j])
		}
		return a.ordered[i] < a.ordered[j]
	})
}

// recordFields is which fields of path's records name someone.
func recordFields(path string) (map[string]bool, string) {
	p := strings.ToLower(path)
	for _, r := range recordNames {
		if p == r.prefix || strings.HasPrefix(p, r.prefix+"/") {
			fields := map[string]bool{}
			for _, f := range r.fields {
				fields[f] = true
			}
			return fields, r.label
		}
	}
	return nil, ""
}

// walkJSON calls visit for every string in v with the field it is the
// value of ("" in a list) and whether it sits at the record level. visit
// returns the string's replacement.
func walkJSON(v any, visit func(field string, record bool, s string) string) any {
	var walk func(v any, field string, depth int) any
	walk = func(v any, field string, depth int) any {
		switch x := v.(type) {
		case map[string]any:
			// In the fields' order, not the map's: the replacements are
			// numbered as they are met, and two captures of one tenant
			// must number them alike to diff cleanly.
			for _, k := range slices.Sorted(maps.Keys(x)) {
				x[k] = walk(x[k], k, depth+1)
			}
			return x
		case []any:
			for i, val := range x {
				x[i] = walk(val, field, depth) // a list's items are at its own level
			}
			return x
		case string:
			// depth 1: a field of the top-level object; 2: of a record a
			// wrapper holds ({"clients": [{...}]}, {"account": {...}}).
			return visit(field, depth <= 2, x)
		}
		return v
	}
	return walk(v, "", 0)
}

func (a *anonymizer) collectBody(path string, b Body) {
	v, ok := decodeJSON(b.JSON)
	if !ok {
		return
	}
	fields, label := recordFields(path)
	walkJSON(v, func(field string, record bool, s string) string {
		key := strings.ToLower(field)
		switch {
		case nameFields[key] != "":
			a.register(s, nameFields[key])
		case record && fields[key]:
			a.register(s, label)
		case textFields[key]:
			a.register(s, "Text")
		}
		return s
	})
}

func (a *anonymizer) body(path string, b Body) Body {
	if len(b.JSON) == 0 {
		b.Text = a.text(b.Text)
		return b
	}
	v, ok := decodeJSON(b.JSON)
	if !ok {
		return Body{Text: a.text(string(b.JSON))}
	}
	v = walkJSON(v, func(_ string, _ bool, s string) string { return a.value(s) })
	if out, err := encodeJSON(v); err == nil {
		b.JSON = out
	}
	return b
}

// value is a whole value's replacement: the name's own when it is one,
// else the text with every name and e-mail address in it replaced.
func (a *anonymizer) value(s string) string {
	if r, ok := a.names[s]; ok {
		return r
	}
	return a.text(s)
}

// text replaces e-mail addresses and every known name inside s, a name
// only where it stands as a word of its own.
func (a *anonymizer) text(s string) string {
	if s == "" {
		return s
	}
	s = emailPattern.ReplaceAllStringFunc(s, a.email)
	for _, name := range a.ordered {
		if strings.Contains(s, name) {
			s = replaceWords(s, name, a.names[name])
		}
	}
	return s
}

func (a *anonymizer) email(addr string) string {
	if r, ok := a.names[addr]; ok {
		return r
	}
	a.counts["email"]++
	r := fmt.Sprintf("person%d@example.invalid", a.counts["email"])
	a.names[addr] = r
	return r
}

// query anonymises each value of a query string.
func (a *anonymizer) query(q string) string {
	if q == "" {
		return q
	}
	values, err := url.ParseQuery(q)
	if err != nil {
		return a.text(q)
	}
	for _, k := range slices.Sorted(maps.Keys(values)) { // numbered alike in every capture
		for i, v := range values[k] {
			values[k][i] = a.value(v)
		}
	}
	return values.Encode()
}

// replaceWords replaces old in s where it is not part of a longer word.
func replaceWords(s, old, repl string) string {
	var b strings.Builder
	written := 0 // s[:written] is in b
	for from := 0; ; {
		i := strings.Index(s[from:], old)
		if i < 0 {
			break
		}
		i += from
		end := i + len(old)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i > 0 && isWordRune(before)) || (end < len(s) && isWordRune(after)) {
			_, size := utf8.DecodeRuneInString(s[i:])
			from = i + size
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written, from = end, end
	}
	b.WriteString(s[written:])
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
