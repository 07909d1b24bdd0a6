package halotest

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
)

// Halo saves records the same way on every resource: POST an array of them,
// get back what was saved. This file is that convention, shared by tickets
// and actions.

// refusal is an answer that changed nothing; an empty text means no body.
type refusal struct {
	status int
	text   string
}

// write answers the refusal in the shape the scenario's build uses: plain
// text (the setup article's quotes), a JSON string, an HTML page around it,
// or ASP.NET model-validation JSON.
func (rf *refusal) write(w http.ResponseWriter, as RefusalFormat) {
	switch {
	case rf.text == "":
		w.WriteHeader(rf.status)
	case as == RefusalJSONString:
		writeJSON(w, rf.status, rf.text)
	case as == RefusalHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(rf.status)
		fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>Error</h1><p>%s</p></body></html>",
			http.StatusText(rf.status), strings.ReplaceAll(html.EscapeString(strings.TrimSpace(rf.text)), "\n", "<br>"))
	case as == RefusalValidation:
		errs := map[string][]string{}
		for i, line := range strings.Split(strings.TrimSpace(rf.text), "\n") {
			errs[fmt.Sprintf("[0].field%d", i+1)] = []string{line}
		}
		writeJSON(w, rf.status, map[string]any{"type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
			"title": "One or more validation errors occurred.", "status": rf.status, "errors": errs})
	default:
		writeText(w, rf.status, rf.text)
	}
}

// saveAll saves the elements in order and answers what was saved: the
// record itself when one was sent, an array when several were. The first
// refusal is the answer; what was saved before it stays saved.
func saveAll[In, Out any](w http.ResponseWriter, as RefusalFormat, inputs []In, save func(i int, in In) (Out, *refusal)) {
	saved := make([]Out, 0, len(inputs))
	for i, in := range inputs {
		out, rf := save(i, in)
		if rf != nil {
			rf.write(w, as)
			return
		}
		saved = append(saved, out)
	}
	if len(saved) == 1 {
		writeJSON(w, http.StatusOK, saved[0])
		return
	}
	writeJSON(w, http.StatusOK, saved)
}

// decodeElements reads a body that must be a JSON array of objects into one
// T per element, with the names (lower-cased) of the properties each element
// gave a value other than null, "" or 0. When the body is not that it
// answers 400 the way ASP.NET model binding does and reports false.
func decodeElements[T any](w http.ResponseWriter, r *http.Request) ([]T, []map[string]bool, bool) {
	body, err := io.ReadAll(r.Body)
	var raws []json.RawMessage
	if err == nil {
		err = json.Unmarshal(body, &raws)
	}
	if err != nil || len(raws) == 0 {
		writeProblem(w, "$", "The request body must be a JSON array with at least one record.")
		return nil, nil, false
	}
	values := make([]T, len(raws))
	sent := make([]map[string]bool, len(raws))
	for i, raw := range raws {
		var props map[string]any
		if err := json.Unmarshal(raw, &props); err != nil {
			writeProblem(w, fmt.Sprintf("$[%d]", i), "The JSON value could not be converted to a record.")
			return nil, nil, false
		}
		if err := json.Unmarshal(raw, &values[i]); err != nil {
			path := fmt.Sprintf("$[%d]", i)
			if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) && te.Field != "" {
				path += "." + te.Field
			}
			writeProblem(w, path, "The JSON value could not be converted.")
			return nil, nil, false
		}
		sent[i] = map[string]bool{}
		for name, v := range props {
			if v != nil && v != "" && v != 0.0 {
				sent[i][strings.ToLower(name)] = true
			}
		}
	}
	return values, sent, true
}

// writeProblem answers 400 with ASP.NET's validation problem document.
func writeProblem(w http.ResponseWriter, path, message string) {
	body, _ := json.Marshal(map[string]any{
		"type":   "https://tools.ietf.org/html/rfc9110#section-15.5.1",
		"title":  "One or more validation errors occurred.",
		"status": http.StatusBadRequest,
		"errors": map[string][]string{path: {message}},
	})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(body)
}
