package huntresstest

import "time"

// Scenario says how the simulated API behaves. The zero value is a healthy
// account with the default organizations.
type Scenario struct {
	Name    string
	Summary string

	RejectCredentials bool          // every request answers 401, whatever the key pair
	RateLimited       int           // the first N requests answer 429
	RetryAfter        string        // the Retry-After header of those answers ("" sends none)
	Unavailable       int           // the N requests after those answer 503, without Retry-After
	NeverAnswer       bool          // hold every request until the client gives up
	Organizations     int           // > 0: this many organizations, the defaults first
	Latency           time.Duration // added before every answer
	LegacyPaging      bool          // page/next_page paging instead of page_token
	// HostileNames puts terminal escape sequences, C1 controls, carriage
	// returns and bidi overrides (scrubtest.Payloads) after every
	// organization's name, as an account nobody vouches for could.
	HostileNames bool
}

// The scenarios the demo offers and the tests run.
var (
	Healthy = Scenario{
		Name:    "healthy",
		Summary: "eight organizations: exact names, near misses and ones with no Halo client",
	}
	BadCredentials = Scenario{
		Name:              "bad-credentials",
		Summary:           "the key pair is refused (401)",
		RejectCredentials: true,
	}
	RateLimitBurst = Scenario{
		Name:        "rate-limited",
		Summary:     "the first two requests get 429 with Retry-After: 1",
		RateLimited: 2,
		RetryAfter:  "1",
	}
	Unavailable = Scenario{
		Name:        "unavailable",
		Summary:     "the first two requests get 503 Service Unavailable",
		Unavailable: 2,
	}
	NeverAnswers = Scenario{
		Name:        "never-answers",
		Summary:     "requests are accepted but never answered",
		NeverAnswer: true,
	}
	HostileNames = Scenario{
		Name:         "hostile-names",
		Summary:      "every organization's name carries escape sequences, C1 controls, CR and bidi overrides",
		HostileNames: true,
	}
	ManyOrganizations = Scenario{
		Name:          "many-organizations",
		Summary:       "1,234 organizations, three pages of 500",
		Organizations: 1234,
	}
)

// Scenarios lists the named scenarios in the order the demo shows them.
func Scenarios() []Scenario {
	return []Scenario{Healthy, BadCredentials, RateLimitBurst, Unavailable, NeverAnswers, ManyOrganizations, HostileNames}
}

// ScenarioNamed returns the scenario with that name.
func ScenarioNamed(name string) (Scenario, bool) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}
