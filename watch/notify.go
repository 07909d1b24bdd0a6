package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"halowiz/retry"
	"halowiz/scrub"
)

// Notifier posts a short JSON summary to a webhook (Slack, Teams or any
// service that takes a POST) when findings change. The URL is a secret, as
// a webhook's address is its credential: it never appears in an error.
type Notifier struct {
	url     string
	style   ChatStyle
	http    *http.Client
	timeout time.Duration
	backoff time.Duration // the first wait between tries
	red     *scrub.Redactor
}

// ChatStyle is the markup a webhook's chat reads a notification's text in.
type ChatStyle int

const (
	// ChatMarkdown is Teams' (and any chat not known to be Slack):
	// Markdown, escaped so that nothing Huntress or Halo wrote becomes
	// markup or a live link.
	ChatMarkdown ChatStyle = iota
	// ChatSlack is Slack's mrkdwn, where only &, < and > need escaping.
	ChatSlack
)

// styleOf is the chat a webhook address posts to: Slack's own hooks, or
// Markdown for Teams and the rest.
func styleOf(host string) ChatStyle {
	if h := strings.ToLower(host); h == "hooks.slack.com" || strings.HasSuffix(h, ".slack.com") {
		return ChatSlack
	}
	return ChatMarkdown
}

// Style is the markup the webhook's chat reads.
func (n *Notifier) Style() ChatStyle { return n.style }

// notifyAttempts bounds the tries of one notification; notifyBackoff is
// the first wait between them.
const (
	notifyAttempts = 3
	notifyBackoff  = time.Second
	notifyMaxWait  = 30 * time.Second
)

// ErrWebhook marks a webhook address that cannot be used.
var ErrWebhook = errors.New("the webhook address cannot be used")

// NewNotifier checks the webhook address: https, or http to this machine
// only (a local relay), and no credentials in it. hc may be nil (Go's
// default transport, with the proxy and certificate settings).
func NewNotifier(raw string, hc *http.Client, timeout time.Duration) (*Notifier, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil || u.Host == "":
		return nil, fmt.Errorf("%w: it is not an absolute URL", ErrWebhook)
	case u.User != nil:
		return nil, fmt.Errorf("%w: it carries a user name or password", ErrWebhook)
	case u.Scheme == "http" && !loopback(u.Hostname()):
		return nil, fmt.Errorf("%w: it must be https (http only to this machine)", ErrWebhook)
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("%w: it must be https", ErrWebhook)
	}
	if hc == nil {
		hc = &http.Client{}
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	red := scrub.NewRedactor(u.String(), u.Host+u.RequestURI(), u.RequestURI(), u.Host, u.Hostname())
	return &Notifier{url: u.String(), style: styleOf(u.Hostname()), http: &c, timeout: max(timeout, time.Second), backoff: notifyBackoff, red: red}, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Message is the JSON a notification posts. text is what Slack and Teams
// show; the rest is for scripts.
type Message struct {
	Text    string          `json:"text"`
	Host    string          `json:"host"`
	OK      bool            `json:"ok"`
	Changes []MessageChange `json:"changes"`
}

// MessageChange is one change in a notification.
type MessageChange struct {
	ID      string `json:"id"`
	Was     string `json:"was"` // "" when new
	Now     string `json:"now"` // "" when cleared
	Message string `json:"message"`
}

// NewMessage is the notification for the notable changes since the last
// notification that went out (Cycle.Unsent), its text in the chat's
// markup; ok is false when there is nothing worth a message.
func NewMessage(c Cycle, style ChatStyle) (Message, bool) {
	m := Message{Host: c.Report.Host, OK: c.Report.OK(), Changes: []MessageChange{}}
	var lines []string
	for _, ch := range c.Unsent {
		if !ch.Notable() {
			continue
		}
		m.Changes = append(m.Changes, MessageChange{ID: ch.ID, Was: string(ch.Was), Now: string(ch.Now), Message: ch.Message})
		lines = append(lines, "• "+ChangeLine(ch))
	}
	if len(m.Changes) == 0 {
		return m, false
	}
	head := "halowiz watch " + c.Report.Host + ": "
	if m.OK {
		head += "nothing fails now"
	} else {
		head += "something fails"
	}
	m.Text = chatText(append([]string{head}, lines...), style)
	return m, true
}

// ChangeLine says a change in one line, as the command prints it too.
func ChangeLine(ch Change) string {
	switch {
	case ch.Cleared():
		return fmt.Sprintf("cleared: %s (was %s)", ch.ID, ch.Was)
	case ch.Was == "":
		return fmt.Sprintf("new %s: %s: %s", ch.Now, ch.ID, ch.Message)
	case ch.Was == ch.Now:
		return fmt.Sprintf("still %s, about other reports now: %s: %s", ch.Now, ch.ID, ch.Message)
	}
	return fmt.Sprintf("%s, was %s: %s: %s", ch.Now, ch.Was, ch.ID, ch.Message)
}

// chatText keeps what Huntress or Halo wrote from driving the chat: one
// line per change, no controls, and the markup escaped the chat's way:
// Slack's three characters as Slack asks, everything Markdown would make
// markup or a link of (a report's subject "[x](https://…)") for Teams and
// the rest, where each line is a paragraph of its own.
func chatText(lines []string, style ChatStyle) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if style == ChatSlack {
			out[i] = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(scrub.Line(l))
		} else {
			out[i] = scrub.Markdown(l)
		}
	}
	if style == ChatSlack {
		return strings.Join(out, "\n")
	}
	return strings.Join(out, "\n\n")
}

// Send posts m, trying again after a failure that may pass (no answer,
// 429, 5xx) at most notifyAttempts times in all, each try under the
// timeout. The error never carries the URL.
func (n *Notifier) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	// Messages carry Halo's and Huntress's names: a chat client or a log
	// that shows the body must not obey a control character in them.
	body = scrub.JSON(body)
	var last error
	for attempt := 1; attempt <= notifyAttempts; attempt++ {
		wait, again, err := n.post(ctx, body)
		if err == nil {
			return nil
		}
		last = err
		if !again || attempt == notifyAttempts {
			break
		}
		if wait <= 0 {
			wait = retry.Backoff(attempt, n.backoff, notifyMaxWait)
		}
		if retry.Sleep(ctx, min(wait, notifyMaxWait)) != nil {
			break
		}
	}
	return fmt.Errorf("notify the webhook: %w", last)
}

// post makes one try; again says whether another may succeed, and wait
// how long the webhook asked to wait first.
func (n *Notifier) post(ctx context.Context, body []byte) (wait time.Duration, again bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return 0, false, errors.New("the request could not be made")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "halowiz")
	resp, err := n.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text repeats the URL
		}
		return 0, ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded), fmt.Errorf("no answer: %s", n.red.Redact(err.Error()))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return 0, false, nil
	}
	return retry.After(resp.Header, time.Now()), retry.Transient(resp.StatusCode) || resp.StatusCode >= 500,
		fmt.Errorf("the webhook answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}
