package watch

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"halowiz/steps"
)

// hook is a webhook that answers the statuses given, one per request, then
// 200, and keeps the last body.
func hook(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32, *atomic.Value) {
	var n atomic.Int32
	var last atomic.Value
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		b, _ := io.ReadAll(r.Body)
		last.Store(string(b))
		if i < len(statuses) {
			w.WriteHeader(statuses[i])
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return srv, &n, &last
}

func notifier(t *testing.T, srv *httptest.Server, path string) *Notifier {
	t.Helper()
	n, err := NewNotifier(srv.URL+path, srv.Client(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	n.backoff = time.Millisecond
	return n
}

var changed = Cycle{Report: steps.Report{Host: "acme.halopsa.com", Steps: []steps.Result{steps.NewResult(Step, Title, 0,
	[]steps.Finding{{ID: "watch.ticket-missing", Severity: steps.Fail, Message: "1 report <@here> has no ticket\x1b[2J"}})}},
	Unsent: []Change{
		{ID: "watch.ticket-missing", Was: "", Now: steps.Fail, Message: "1 report <@here> has no ticket\x1b[2J"},
		{ID: "watch.agent-changed", Was: steps.Fail},
		{ID: "watch.flow-proven", Was: steps.Pass},
	}}

func TestNotificationSaysWhatChanged(t *testing.T) {
	m, ok := NewMessage(changed, ChatSlack)
	if !ok || m.OK || len(m.Changes) != 2 {
		t.Fatalf("message %+v, %t: want the two notable changes", m, ok)
	}
	want := "halowiz watch acme.halopsa.com: something fails\n• new fail: watch.ticket-missing: 1 report &lt;@here&gt; has no ticket\\x1b[2J\n• cleared: watch.agent-changed (was fail)"
	if m.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", m.Text, want)
	}
	quiet := Cycle{Unsent: []Change{{ID: "watch.flow-proven", Now: steps.Pass}, {ID: "watch.requests", Was: steps.Info}}}
	if _, ok := NewMessage(quiet, ChatSlack); ok {
		t.Error("a passing finding coming and an informative one going made a notification")
	}
}

// TestTeamsTextMakesNoMarkupOfTenantText: Teams renders a webhook's text
// as Markdown, so a report subject must not become a link or markup there;
// Slack's text keeps Slack's own escaping.
func TestTeamsTextMakesNoMarkupOfTenantText(t *testing.T) {
	subject := "1 report has no ticket: [open me](https://evil.example/x) **now** <@here>"
	c := Cycle{Report: changed.Report, Unsent: []Change{{ID: "watch.ticket-missing", Now: steps.Fail, Message: subject}}}
	teams, _ := NewMessage(c, ChatMarkdown)
	for _, live := range []string{"[open me]", "https://", "**now**", "<@here>"} {
		if strings.Contains(teams.Text, live) {
			t.Errorf("the Teams text keeps %q live: %s", live, teams.Text)
		}
	}
	if !strings.Contains(teams.Text, `\[open me\](https\://evil.example/x)`) || !strings.Contains(teams.Text, "something fails\n\n• new fail") {
		t.Errorf("Teams text: %s", teams.Text)
	}
	slack, _ := NewMessage(c, ChatSlack)
	if !strings.Contains(slack.Text, "[open me](https://evil.example/x) **now** &lt;@here&gt;") {
		t.Errorf("Slack text: %s", slack.Text)
	}
	for host, want := range map[string]ChatStyle{"hooks.slack.com": ChatSlack, "acme.webhook.office.com": ChatMarkdown, "prod-12.westeurope.logic.azure.com": ChatMarkdown, "127.0.0.1": ChatMarkdown} {
		if got := styleOf(host); got != want {
			t.Errorf("styleOf(%s) = %d, want %d", host, got, want)
		}
	}
}

func TestNotifyRetriesWhatMayPassAndNoMore(t *testing.T) {
	cases := []struct {
		statuses []int
		tries    int32
		fails    bool
	}{
		{nil, 1, false},
		{[]int{503, 429}, 3, false},
		{[]int{502, 502, 502, 502}, 3, true},
		{[]int{404}, 1, true},
	}
	for _, c := range cases {
		srv, n, last := hook(t, c.statuses...)
		m, _ := NewMessage(changed, ChatSlack)
		err := notifier(t, srv, "/services/T000/B000/XXXXsecretXXXX").Send(context.Background(), m)
		if (err != nil) != c.fails || n.Load() != c.tries {
			t.Errorf("%v: %d tries, err %v; want %d tries, failing %t", c.statuses, n.Load(), err, c.tries, c.fails)
		}
		if err != nil && (strings.Contains(err.Error(), "XXXXsecretXXXX") || strings.Contains(err.Error(), srv.URL)) {
			t.Errorf("the error names the webhook: %v", err)
		}
		var posted Message
		if json.Unmarshal([]byte(last.Load().(string)), &posted) != nil || posted.Host != "acme.halopsa.com" {
			t.Errorf("posted %v", last.Load())
		}
	}
}

func TestNotifyErrorNeverNamesTheWebhook(t *testing.T) {
	srv, _, _ := hook(t)
	n := notifier(t, srv, "/hook/XXXXsecretXXXX")
	srv.Close() // nothing answers any more
	err := n.Send(context.Background(), Message{Text: "x"})
	if err == nil || strings.Contains(err.Error(), "XXXXsecretXXXX") || strings.Contains(err.Error(), strings.TrimPrefix(srv.URL, "https://")) {
		t.Errorf("err = %v", err)
	}
}

func TestWebhookAddressesThatCannotBeUsed(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://hooks.slack.com/services/T0/B0/x": true,
		"http://127.0.0.1:8080/hook":               true,
		"http://localhost/hook":                    true,
		"http://hooks.example.com/hook":            false,
		"https://user:pass@hooks.example.com/":     false,
		"hooks.example.com/hook":                   false,
		"ftp://hooks.example.com/":                 false,
	} {
		_, err := NewNotifier(raw, nil, time.Second)
		if (err == nil) != ok {
			t.Errorf("%s: err %v, want usable %t", raw, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), "hooks.example.com") {
			t.Errorf("%s: the error names the address: %v", raw, err)
		}
	}
}

// TestThePostedBodyHoldsNoRawControlCharacters: json.Marshal leaves C1
// controls and bidi overrides raw; a chat client or a log showing the body
// must get them escaped, and a decoder the same message.
func TestThePostedBodyHoldsNoRawControlCharacters(t *testing.T) {
	name := "Service Desk\u202e\u009b2J"
	c := Cycle{Report: changed.Report, Unsent: []Change{{ID: "watch.agent-changed", Now: steps.Fail, Message: "the agent left team " + name}}}
	m, _ := NewMessage(c, ChatMarkdown)
	srv, _, last := hook(t)
	if err := notifier(t, srv, "/hook").Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	body := last.Load().(string)
	if strings.ContainsAny(body, "\u202e\u009b") {
		t.Errorf("the body carries raw controls: %q", body)
	}
	var posted Message
	if err := json.Unmarshal([]byte(body), &posted); err != nil || len(posted.Changes) != 1 || !strings.Contains(posted.Changes[0].Message, name) {
		t.Errorf("posted %+v (%v), want the message as it was", posted, err)
	}
}
