package halotest

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// RateLimitText is the body of hosted Halo's 429, as integrators quote it.
const RateLimitText = "Rate Limit Reached - 300 Requests per rolling 5 minute window"

// HTMLPageTitle is the <title> of the login page the html-page scenario
// serves where the API should be.
const HTMLPageTitle = "Log In | Acme IT Services Portal"

const loginPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>` + HTMLPageTitle + `</title></head>
<body>
<form method="post" action="/login">
<h1>Acme IT Services</h1>
<label>Email <input type="email" name="email"></label>
<label>Password <input type="password" name="password"></label>
<button type="submit">Log in</button>
</form>
</body>
</html>
`

// badGatewayPage is what the load balancer in front of Halo says when the
// application behind it does not answer.
const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center></body>
</html>
`

// hold delays the answer by the latency, or for good with NeverAnswer. It
// reports false when the request must not be answered: the client gave up
// or the tenant was closed.
func (t *Tenant) hold(ctx context.Context) bool {
	if t.sc.NeverAnswer {
		select {
		case <-ctx.Done():
		case <-t.done:
		}
		return false
	}
	d := t.sc.Latency
	if t.cfg.latencySet {
		d = t.cfg.latency
	}
	if d <= 0 {
		return !t.closed()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	case <-t.done:
		return false
	}
}

// injectFault answers in the API's place when this authenticated /api
// request falls in one of the scenario's bursts, and reports whether it did.
func (t *Tenant) injectFault(w http.ResponseWriter) bool {
	n := t.apiRequests.Add(1)
	if t.inRateLimitWindow() {
		// Halo's rolling window: no Retry-After has ever been seen from it.
		writeText(w, http.StatusTooManyRequests, RateLimitText)
		return true
	}
	if hit, _ := t.sc.RateLimit.hits(n); hit {
		w.Header().Set("Retry-After", "1")
		writeText(w, http.StatusTooManyRequests, RateLimitText)
		return true
	}
	hit, burst := t.sc.ServerErrors.hits(n)
	switch {
	case !hit:
		return false
	case burst%2 == 0:
		writeText(w, http.StatusServiceUnavailable, "The service is unavailable.")
	default:
		writeHTML(w, http.StatusBadGateway, badGatewayPage)
	}
	return true
}

func writeHTML(w http.ResponseWriter, status int, page string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

// hugeListBytes is the least size of the huge client list: more than 10 MiB.
const hugeListBytes = 10<<20 + 1

// writeHugeClientList streams a valid client list of more than
// hugeListBytes, with its length announced, so a client can refuse it from
// the header or while reading.
func writeHugeClientList(w http.ResponseWriter) {
	// Ids and names keep a fixed width (100000 + i, i < 900000), so every
	// entry is as long and the length is known before writing.
	prefix := `{"id":`
	middle := `,"name":"Imported Client `
	suffix := fmt.Sprintf(`","inactive":false,"toplevel_id":%d,"toplevel_name":%q}`, topLevelID, topLevelName)
	size := len(prefix) + 6 + len(middle) + 6 + len(suffix)
	n := hugeListBytes/(size+1) + 1
	head := fmt.Sprintf(`{"record_count":%d,"page_no":1,"page_size":%d,"clients":[`, n, n)
	const tail = `]}`
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+n*size+n-1+len(tail)))
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = bw.WriteString(head)
	entry := make([]byte, 0, size+1)
	for i := range n {
		entry = entry[:0]
		if i > 0 {
			entry = append(entry, ',')
		}
		entry = append(entry, prefix...)
		entry = strconv.AppendInt(entry, int64(100000+i), 10)
		entry = append(entry, middle...)
		mark := len(entry)
		entry = strconv.AppendInt(entry, int64(1000000+i), 10)
		entry = append(entry[:mark], entry[mark+1:]...) // i in six digits, zero-padded
		entry = append(entry, suffix...)
		if _, err := bw.Write(entry); err != nil {
			return // the client hung up
		}
	}
	_, _ = bw.WriteString(tail)
	_ = bw.Flush()
}

// inRateLimitWindow reports whether the scenario's rolling rate-limit
// window, which opens at the first authenticated /api request, is still
// closed to requests.
func (t *Tenant) inRateLimitWindow() bool {
	if t.sc.RateLimitWindow <= 0 {
		return false
	}
	now := time.Now() // real time: the window is about real waiting, whatever the tenant's clock
	t.windowOnce.Do(func() { t.windowStart = now })
	return now.Sub(t.windowStart) < t.sc.RateLimitWindow
}
