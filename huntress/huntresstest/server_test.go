package huntresstest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"halowiz/huntress/huntresstest"
	"halowiz/scrub/scrubtest"
)

type page struct {
	Organizations []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"organizations"`
	Pagination map[string]any `json:"pagination"`
}

func get(t *testing.T, url string, authorize bool) (*http.Response, page) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if authorize {
		req.SetBasicAuth(huntresstest.DemoKey, huntresstest.DemoSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p page
	_ = json.NewDecoder(resp.Body).Decode(&p)
	return resp, p
}

func serve(t *testing.T, opts ...huntresstest.Option) (*huntresstest.Server, string) {
	sim := huntresstest.NewServer(opts...)
	ts := httptest.NewServer(sim)
	t.Cleanup(ts.Close)
	return sim, ts.URL
}

func TestPagesHonourLimitAndToken(t *testing.T) {
	_, base := serve(t, huntresstest.WithOrganizations(1201))
	resp, p := get(t, base+"/v1/organizations?limit=9999", true)
	if resp.StatusCode != 200 || len(p.Organizations) != 500 {
		t.Fatalf("limit above 500: status %d, %d organizations; want 200 and 500", resp.StatusCode, len(p.Organizations))
	}
	token, _ := p.Pagination["next_page_token"].(string)
	nextURL, _ := p.Pagination["next_page_url"].(string)
	if token == "" || nextURL == "" {
		t.Fatalf("pagination = %v, want a token and a URL", p.Pagination)
	}
	_, p2 := get(t, base+"/v1/organizations?limit=500&page_token="+token, true)
	_, p3 := get(t, nextURL, true)
	if p2.Organizations[0].ID != p.Organizations[499].ID+1 || p3.Organizations[0].ID != p2.Organizations[0].ID {
		t.Errorf("the second page does not continue the first")
	}
	_, last := get(t, base+"/v1/organizations?limit=1000&page_token="+p2.Pagination["next_page_token"].(string), true)
	if len(last.Organizations) != 201 || len(last.Pagination) != 0 {
		t.Errorf("last page: %d organizations, pagination %v; want 201 and no next page", len(last.Organizations), last.Pagination)
	}
}

func TestDefaultLimitIsTen(t *testing.T) {
	_, base := serve(t, huntresstest.WithOrganizations(25))
	if _, p := get(t, base+"/v1/organizations", true); len(p.Organizations) != 10 {
		t.Errorf("got %d organizations, want Huntress's default of 10", len(p.Organizations))
	}
}

func TestBadPagingIsRefused(t *testing.T) {
	_, base := serve(t)
	for _, query := range []string{"limit=0", "limit=ten", "page_token=not-a-token"} {
		if resp, _ := get(t, base+"/v1/organizations?"+query, true); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", query, resp.StatusCode)
		}
	}
}

func TestCredentialsAreChecked(t *testing.T) {
	_, base := serve(t)
	if resp, _ := get(t, base+"/v1/account", false); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no credentials: status %d, want 401", resp.StatusCode)
	}
	_, other := serve(t, huntresstest.WithCredentials("k", "s"))
	if resp, _ := get(t, other+"/v1/account", true); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the demo pair on a server with other credentials: status %d, want 401", resp.StatusCode)
	}
}

func TestSixtyFirstRequestInAMinuteIsRateLimited(t *testing.T) {
	sim, base := serve(t)
	for i := 1; i <= 60; i++ {
		if resp, _ := get(t, base+"/v1/account", true); resp.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
	}
	resp, _ := get(t, base+"/v1/account", true)
	wait, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if resp.StatusCode != http.StatusTooManyRequests || err != nil || wait < 1 || wait > 60 {
		t.Errorf("request 61: status %d, Retry-After %q; want 429 and up to 60 s", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if st := sim.Stats(); st.Requests != 61 || st.RateLimited != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestStatsCountConcurrentRequests(t *testing.T) {
	sim, base := serve(t, huntresstest.WithScenario(huntresstest.Scenario{Latency: 50 * time.Millisecond}))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { get(t, base+"/v1/account", true) })
	}
	wg.Wait()
	if st := sim.Stats(); st.Requests != 4 || st.MaxInFlight < 2 {
		t.Errorf("stats = %+v, want 4 requests, several at once", st)
	}
}

func TestAddedOrganizationIsListed(t *testing.T) {
	sim, base := serve(t)
	added := sim.AddOrganization("Cyberdyne Systems", "cyberdyne")
	_, p := get(t, base+"/v1/organizations?limit=500", true)
	last := p.Organizations[len(p.Organizations)-1]
	if last.ID != added.ID || last.Name != "Cyberdyne Systems" || added.ID != 109 {
		t.Errorf("last organization = %+v, added %+v", last, added)
	}
}

func TestEveryScenarioHasAUniqueName(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range huntresstest.Scenarios() {
		if s.Name == "" || s.Summary == "" || seen[s.Name] {
			t.Errorf("scenario %+v: needs a unique name and a summary", s)
		}
		seen[s.Name] = true
		if got, ok := huntresstest.ScenarioNamed(s.Name); !ok || got.Name != s.Name {
			t.Errorf("ScenarioNamed(%q) = %v, %t", s.Name, got.Name, ok)
		}
	}
}

func TestHostileNamesCarryEveryPayload(t *testing.T) {
	_, base := serve(t, huntresstest.WithScenario(huntresstest.HostileNames))
	_, p := get(t, base+"/v1/organizations?limit=500", true)
	var names strings.Builder
	for _, o := range p.Organizations {
		if len(scrubtest.Raw([]byte(o.Name))) == 0 {
			t.Errorf("organization %d's name %q carries no payload", o.ID, o.Name)
		}
		names.WriteString(o.Name)
	}
	for _, payload := range scrubtest.Payloads {
		if !strings.Contains(names.String(), payload) {
			t.Errorf("no organization's name carries %q", payload)
		}
	}
}
