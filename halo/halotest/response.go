package halotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// writeJSON answers with v as JSON, the way ASP.NET labels it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeRawJSON(w, status, mustMarshal(v))
}

// mustMarshal encodes v. Every value answered is a plain struct of the
// package; failing to encode one is a bug in the simulation, not a Halo
// behaviour.
func mustMarshal(v any) []byte {
	body, err := json.Marshal(v)
	if err != nil {
		panic("halotest: encode answer: " + err.Error())
	}
	return body
}

// writeList answers the page of list the query asks for, wrapped as Halo
// wraps lists, record_count first: {"record_count":N, "page_no":P,
// "page_size":S, "<key>":[...]}. Every list carries page_no and page_size:
// Huntress's editor crashed on list envelopes without them.
func writeList[T any](w http.ResponseWriter, q url.Values, key string, list []T) {
	p := pageOf(q, len(list))
	head := mustMarshal(struct {
		RecordCount int `json:"record_count"`
		PageNo      int `json:"page_no"`
		PageSize    int `json:"page_size"`
	}{len(list), p.no, p.size})
	rows := mustMarshal(nonNil(list[p.from:p.to]))
	body := fmt.Appendf(head[:len(head)-1], ",%q:%s}", key, rows)
	writeRawJSON(w, http.StatusOK, body)
}

func writeRawJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeText answers with a plain-text body, as Halo does for most refusals.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(text)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// statusWriter remembers the status of the answer for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
