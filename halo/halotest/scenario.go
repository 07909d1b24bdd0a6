package halotest

import (
	"strings"
	"time"
)

// Scenario is one simulated tenant: which Halo setting is wrong and how the
// service in front of the API misbehaves. Every switch's zero value is the
// healthy tenant, so a scenario names only what it breaks, and a caller may
// copy one and flip more switches.
type Scenario struct {
	Name    string // kebab-case, as typed after `--scenario`
	Summary string // one line for `--scenario list`
	// Host is the hostname the demo types for this tenant; "" means DefaultHost.
	Host string
	// Provokes lists the contract finding ids (warn or fail) a correct check
	// run reports against this tenant because of what the scenario breaks;
	// ticket.* ones need --send-test-ticket. A run may report consequences too.
	Provokes []string

	// The API application, as the token endpoint sees it.

	// RejectCredentials makes every token request fail with invalid_client,
	// as when the Client ID changed on save or the secret was mistyped.
	RejectCredentials bool
	// Scopes are the permissions the application was granted; nil means
	// "all". A token request asking for more fails with invalid_scope.
	Scopes []string

	// The agent the application logs in as (Configuration > Teams & Agents).

	AgentNotAPIOnly bool // "Is an API-only Agent" unticked
	AgentDisabled   bool // the agent is disabled
	// AgentNoMembership leaves the agent in no team and no department.
	AgentNoMembership bool
	// TeamFlagsOff keeps the team membership but without "Can see unassigned
	// Tickets" and "Can see Tickets assigned to other Agents", and drops the
	// department, so nothing else grants visibility.
	TeamFlagsOff bool
	// CustomersRefused is Customers Access Level "None": Client, Site and
	// Users answer 403.
	CustomersRefused bool
	// TicketListRefused makes GET /api/Tickets answer 403.
	TicketListRefused bool
	// EditUnassignedRefused is "Can Edit Tickets Which Are Not Assigned To
	// Them" off: changing an unassigned ticket (every ticket the integration
	// creates) answers 403.
	EditUnassignedRefused bool

	// Ticket configuration.

	// IncidentMandatory makes Category, Impact and Urgency mandatory without
	// defaults on the ticket type "Incident".
	IncidentMandatory bool
	// IncidentMandatoryPerType makes them mandatory on Incident alone
	// (fields[].technew), while fieldinfo.mandatory stays false: the field
	// list predicts Halo will accept a ticket, and Halo refuses it.
	IncidentMandatoryPerType bool
	// NoGeneralUser removes every client's General User, so a ticket sent
	// without a user has no valid context.
	NoGeneralUser bool
	// TicketTeam routes new tickets of every type to this team instead of
	// each type's default; a team the agent is not in hides them from it.
	TicketTeam string
	// RefusalFormat is how this build words a refusal (a 400 on create):
	// plain text by default.
	RefusalFormat RefusalFormat
	// StatusChangesIgnored accepts status changes and does not apply them,
	// like a workflow that will not leave its step.
	StatusChangesIgnored bool
	// NoClosedStatus leaves the tenant without a closed status.
	NoClosedStatus bool
	// ExcludeClosedIgnored answers GET /api/Status with every status even
	// when asked to excludeclosed, as a build that ignores the filter would.
	ExcludeClosedIgnored bool
	// ResolutionStatus is the status after resolution the finished setup
	// of this tenant chose (by name or id); "" is Closed.
	ResolutionStatus string
	// TicketType is the default ticket type the finished setup of this
	// tenant chose (by name or id); "" is Incident.
	TicketType string
	// CreateAnswerLost creates the ticket a POST /api/Tickets asks for and
	// then answers 502, as a gateway that lost Halo's answer does: a client
	// that retries the create makes a duplicate.
	CreateAnswerLost bool

	// A tenant nobody vouches for: what it answers to lure a client into
	// sending its credentials elsewhere, into obeying text that is only to
	// be shown, or into changing a ticket that is not its own.

	// NoDiscovery answers 404 to GET /api/authinfo and to the OIDC
	// discovery document, as a tenant without them does: only the API
	// itself (a 401 without a token) says it is Halo.
	NoDiscovery bool
	// AuthServer and AuthTenant are what /api/authinfo (and the OIDC
	// document) name in place of https://HOST/auth and TenantID: a client
	// that believed them would send the secret to another server.
	AuthServer, AuthTenant string
	// TokenRedirect answers POST /auth/token with 307 to this address, where
	// a client that followed redirects would post the secret again.
	TokenRedirect string
	// APIRedirect answers every /api request with 307 to this address
	// followed by the request's path, where a client that followed
	// redirects would carry its token.
	APIRedirect string
	// TokenType is the token_type of the tokens issued; "" is Bearer.
	TokenType string
	// TokenLifetime is the expires_in of the tokens issued; 0 is an hour.
	TokenLifetime time.Duration
	// TokenUses revokes every token after this many authenticated /api
	// requests: the requests after them answer 401 invalid_token. A new
	// token works again, as long. 0 is no limit.
	TokenUses int
	// TokensRefused answers every authenticated /api request 401
	// invalid_token, whatever token it carries, while the token endpoint
	// goes on issuing them: a 401 storm.
	TokensRefused bool
	// HostileText puts terminal escape sequences, C1 controls, carriage
	// returns and bidi overrides (scrubtest.Payloads) after every name the
	// tenant sends: agents, teams, departments, clients, sites, users,
	// ticket types and statuses.
	HostileText bool
	// HostileRefusal refuses every ticket creation with a 400 whose text
	// carries those payloads, in the scenario's RefusalFormat.
	HostileRefusal bool
	// CreateAnswer is what the answer to a ticket creation names: the new
	// ticket, or (the ticket being created all the same) another one, id 0
	// or no id at all.
	CreateAnswer CreateAnswer
	// MeWithoutMemberships leaves teams and departments out of GET
	// /api/Agent/me, as some builds do; GET /api/Agent/{id} has them.
	MeWithoutMemberships bool
	// AgentDetailsRefused answers GET /api/Agent/{id} with 403.
	AgentDetailsRefused bool
	// AgentAnonymous answers GET /api/Agent/me with the agent's identity
	// (id, name, e-mail) null: a record nothing can be concluded from.
	AgentAnonymous bool
	// StatusListGarbled answers every GET /api/Status with 200 and a JSON
	// object whose list is a sentence, not a list of statuses.
	StatusListGarbled bool
	// SearchFailures answers the first N ticket searches (GET /api/Tickets
	// with search=) with 500, a fault no client retries on its own.
	SearchFailures int

	// The service in front of the API. Faults count authenticated /api
	// requests and answer before anything is processed, so a refused request
	// changed nothing.

	RateLimit Burst // 429 with Retry-After: 1 and Halo's text
	// RateLimitWindow answers every authenticated /api request with 429
	// and Halo's text, without Retry-After, for this long from the first
	// one: the tenant's rolling window is full (other integrations used
	// it up) and recovers only with time.
	RateLimitWindow time.Duration
	ServerErrors    Burst // 503 and 502, alternating bursts
	// NeverAnswer holds every request until the client gives up or the
	// tenant is closed.
	NeverAnswer bool
	// HTMLPage answers every path, /api/authinfo included, with 200 and a
	// login page: what a wrong host or a web application firewall returns.
	HTMLPage bool
	// HugeClientList answers every GET /api/Client list with a valid JSON
	// body of more than 10 MiB, whatever the paging parameters say.
	HugeClientList bool
	// Latency delays every answer (WithLatency replaces it).
	Latency time.Duration

	// Transport breaks the connection of the client Server.Client returns
	// before any request reaches the tenant.
	Transport TransportFault

	// The Huntress account beside the tenant (served by huntresstest).

	// UnmatchedOrganizations names the account's organizations unlike the
	// tenant's clients (near misses, an inactive client's name, names no
	// client has: huntresstest.DefaultOrganizations); otherwise each is
	// named exactly as an active client and pairs on its own.
	UnmatchedOrganizations bool
}

// RefusalFormat is the shape of a refusal's body.
type RefusalFormat int

const (
	RefusalText       RefusalFormat = iota // text/plain, one line per rule
	RefusalJSONString                      // the same text as a JSON string
	RefusalHTML                            // an HTML error page around it
	RefusalValidation                      // ASP.NET model-validation JSON, a line per field error
)

// Burst selects the requests a fault answers: the first Count of every Every
// authenticated /api requests, counting from the first; with Every 0 only the
// first Count.
type Burst struct{ Count, Every int }

// hits reports whether the n-th request (from 1) falls in a burst, and which
// burst it is (from 0).
func (b Burst) hits(n int64) (bool, int64) {
	if b.Count <= 0 || n <= 0 {
		return false, 0
	}
	if b.Every <= 0 {
		return n <= int64(b.Count), 0
	}
	i := (n - 1) % int64(b.Every)
	return i < int64(b.Count), (n - 1) / int64(b.Every)
}

// TransportFault is how the client's connection fails, if it does.
type TransportFault int

const (
	TransportOK                TransportFault = iota // the connection works
	TransportDNSFailure                              // the name does not resolve
	TransportConnectionRefused                       // nothing listens on the port
	TransportUntrustedCert                           // the certificate is not trusted
	TransportWrongName                               // a trusted certificate for other names
	TransportExpiredCert                             // a trusted certificate for the name, expired
)

// CreateAnswer is what Halo's answer to a ticket creation names.
type CreateAnswer int

const (
	CreateAnswerOwn     CreateAnswer = iota // the ticket just created, as Halo answers
	CreateAnswerForeign                     // another ticket that exists (1001, someone's printer)
	CreateAnswerZero                        // the new ticket with id 0
	CreateAnswerMissing                     // the new ticket without an id
)

// Resolution is the status after resolution the demo's finished setup
// names for this tenant.
func (sc Scenario) Resolution() string {
	if sc.ResolutionStatus != "" {
		return sc.ResolutionStatus
	}
	return "Closed"
}

// DefaultTicketType is the default ticket type the demo's finished setup
// names for this tenant.
func (sc Scenario) DefaultTicketType() string {
	if sc.TicketType != "" {
		return sc.TicketType
	}
	return "Incident"
}

// HostName is the hostname the demo types for this scenario.
func (sc Scenario) HostName() string {
	if sc.Host != "" {
		return sc.Host
	}
	return DefaultHost
}

// Healthy is the tenant where everything Huntress needs is in place.
func Healthy() Scenario {
	sc, _ := Lookup("healthy")
	return sc
}

// Lookup finds a scenario by name (case and surrounding spaces ignored).
func Lookup(name string) (Scenario, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, sc := range Scenarios() {
		if sc.Name == name {
			return sc, true
		}
	}
	return Scenario{}, false
}

// Scenarios lists every scenario, healthy first: one per failure in
// Huntress's HaloPSA article and our research notes. Each call builds a fresh
// table, so a caller may change what it gets.
func Scenarios() []Scenario {
	return []Scenario{
		{Name: "healthy", Summary: "everything Huntress needs is in place"},
		{Name: "invalid-client", Summary: "the token endpoint refuses the Client ID or secret (invalid_client)",
			RejectCredentials: true, Provokes: []string{"application.invalid-client"}},
		{Name: "scope-missing", Summary: "the application may only read tickets: no edit:tickets, no read:customers",
			Scopes: []string{"read:tickets"}, Provokes: []string{"application.scope-missing"}},
		{Name: "agent-not-api-only", Summary: `the agent it logs in as is not an "API-only Agent"`,
			AgentNotAPIOnly: true, Provokes: []string{"agent.not-api-only"}},
		{Name: "agent-disabled", Summary: "the agent it logs in as is disabled",
			AgentDisabled: true, Provokes: []string{"agent.disabled"}},
		{Name: "agent-no-team", Summary: "the agent is in no team and no department",
			AgentNoMembership: true, Provokes: []string{"agent.no-team"}},
		{Name: "team-visibility", Summary: "the agent's team cannot see unassigned or other agents' tickets; no department",
			TeamFlagsOff: true, Provokes: []string{"agent.unassigned-hidden", "agent.others-hidden"}},
		// The article's stuck setup names no error, only wrong agent
		// permissions: Huntress's editor reads clients right after login and
		// crashed when it could not, and an agent that sees no team tickets
		// is the other half of "permissions don't match this article".
		{Name: "spinning-setup", Summary: `the article's "spinning indicator": the agent can read no customers and sees no team tickets`,
			CustomersRefused: true, TeamFlagsOff: true,
			Provokes: []string{"agent.unassigned-hidden", "agent.others-hidden", "agent.cannot-read-customers"}},
		{Name: "clients-refused", Summary: "listing clients answers 403 (Customers Access Level)",
			CustomersRefused: true, Provokes: []string{"agent.cannot-read-customers"}},
		{Name: "tickets-refused", Summary: "listing tickets answers 403 (Tickets Access Level)",
			TicketListRefused: true, Provokes: []string{"agent.cannot-read-tickets"}},
		{Name: "organizations-unmatched", Summary: "Huntress organizations named unlike their Halo clients: near misses, an inactive client, and no client at all",
			UnmatchedOrganizations: true, Provokes: []string{"mapping.unmapped-orgs"}},
		{Name: "mandatory-fields", Summary: "Incident requires Category, Impact and Urgency with no defaults",
			IncidentMandatory: true, Provokes: []string{"mapping.mandatory-fields", "ticket.mandatory-fields"}},
		{Name: "invalid-context", Summary: `no General User anywhere: "Please select a valid Client/Site/User"`,
			NoGeneralUser: true, Provokes: []string{"ticket.invalid-context"}},
		{Name: "mandatory-per-type", Summary: "Incident requires Category, Impact and Urgency by its own settings (technew), not flagged in fieldinfo: only a test ticket shows it",
			IncidentMandatoryPerType: true, Provokes: []string{"ticket.mandatory-fields"}},
		{Name: "mandatory-fields-html", Summary: "mandatory-fields, with Halo's refusal inside an HTML error page",
			IncidentMandatory: true, RefusalFormat: RefusalHTML, Provokes: []string{"mapping.mandatory-fields", "ticket.mandatory-fields"}},
		{Name: "mandatory-fields-validation", Summary: "mandatory-fields, with the refusal as ASP.NET model-validation JSON",
			IncidentMandatory: true, RefusalFormat: RefusalValidation, Provokes: []string{"mapping.mandatory-fields", "ticket.mandatory-fields"}},
		{Name: "invalid-context-json", Summary: "invalid-context, with the refusal as a JSON string",
			NoGeneralUser: true, RefusalFormat: RefusalJSONString, Provokes: []string{"ticket.invalid-context"}},
		{Name: "not-visible", Summary: "new tickets land in a team the agent is not in: reading one back answers 401",
			TicketTeam: "Security Operations", Provokes: []string{"ticket.not-visible"}},
		{Name: "cannot-close", Summary: "the agent may not edit unassigned tickets, so the status change answers 403",
			EditUnassignedRefused: true, Provokes: []string{"ticket.cannot-close"}},
		{Name: "status-not-closing", Summary: "status changes are accepted but the ticket stays open",
			StatusChangesIgnored: true, Provokes: []string{"ticket.cannot-close"}},
		{Name: "create-answer-lost", Summary: "the test ticket is created but the answer is lost (502): it must not be sent again",
			CreateAnswerLost: true},
		{Name: "create-answer-lost-search-fails", Summary: "create-answer-lost, and the first search for the ticket answers 500",
			CreateAnswerLost: true, SearchFailures: 1},
		{Name: "create-answer-foreign", Summary: "the create answer names another ticket (1001, someone's printer): halowiz must not touch it",
			CreateAnswer: CreateAnswerForeign},
		{Name: "create-answer-zero", Summary: "the create answer gives the new ticket id 0: an update without an id would create a ticket",
			CreateAnswer: CreateAnswerZero},
		{Name: "create-answer-missing", Summary: "the create answer has no id at all",
			CreateAnswer: CreateAnswerMissing},
		{Name: "no-closed-status", Summary: "the tenant has no closed status: nothing can close Huntress's tickets",
			NoClosedStatus: true, Provokes: []string{"mapping.no-closed-status"}},
		{Name: "resolved-open", Summary: `the status after resolution is "Resolved", an open status a workflow closes later`,
			ResolutionStatus: "Resolved", Provokes: []string{"mapping.resolution-status-not-closed"}},
		{Name: "closed-filter-ignored", Summary: "Halo ignores excludeclosed on the status list: closed is told by the built-in Closed (id 9)",
			ExcludeClosedIgnored: true},
		{Name: "rate-limited", Summary: `bursts of 429 "Rate Limit Reached" with Retry-After: 1, then success`,
			RateLimit: Burst{Count: 2, Every: 10}},
		{Name: "rate-limit-window", Summary: "Halo's rolling rate limit is used up: 10 seconds of 429 without Retry-After, then success",
			RateLimitWindow: 10 * time.Second},
		{Name: "server-errors", Summary: "every fourth request answers 503 or 502, then success",
			ServerErrors: Burst{Count: 1, Every: 4}},
		{Name: "never-answers", Summary: "the host accepts connections and never answers",
			NeverAnswer: true, Provokes: []string{"hostname.timeout"}},
		{Name: "html-page", Summary: "an HTML login page where the API should be",
			HTMLPage: true, Provokes: []string{"hostname.not-halo"}},
		{Name: "huge-body", Summary: "the client list answers with more than 10 MiB",
			HugeClientList: true},
		{Name: "slow", Summary: "every answer takes about 3 seconds",
			Latency: 3 * time.Second},
		{Name: "custom-domain", Summary: "a healthy tenant reached under a custom domain",
			Host: "support.acme-it.com", Provokes: []string{"hostname.custom-domain"}},
		{Name: "dns-failure", Summary: "the hostname does not resolve",
			Transport: TransportDNSFailure, Provokes: []string{"hostname.unreachable"}},
		{Name: "connection-refused", Summary: "nothing listens at the hostname",
			Transport: TransportConnectionRefused, Provokes: []string{"hostname.unreachable"}},
		{Name: "tls-failure", Summary: "the server's certificate is not trusted",
			Transport: TransportUntrustedCert, Provokes: []string{"hostname.unreachable"}},
		{Name: "tls-wrong-name", Summary: "the server's certificate is trusted but made out to another name",
			Transport: TransportWrongName, Provokes: []string{"hostname.unreachable"}},
		{Name: "tls-expired", Summary: "the server's certificate is trusted and for its name, but expired",
			Transport: TransportExpiredCert, Provokes: []string{"hostname.unreachable"}},
		// A tenant nobody vouches for (issue 10).
		{Name: "no-discovery", Summary: "neither /api/authinfo nor the OIDC document exist; the API itself is Halo's",
			NoDiscovery: true},
		{Name: "foreign-auth-server", Summary: "/api/authinfo names another authorisation server and tenant: the secret must not go there",
			AuthServer: "https://auth.evil.example/auth", AuthTenant: "evilcorp"},
		{Name: "token-redirect", Summary: "the token endpoint redirects (307) to another host: the secret must not follow",
			TokenRedirect: "https://evil.example/auth/token"},
		{Name: "api-redirect", Summary: "every /api request is redirected (307) to another host: the token must not follow",
			APIRedirect: "https://evil.example"},
		{Name: "token-not-bearer", Summary: `the token endpoint issues tokens of type "mac", which a client must not use`,
			TokenType: "mac"},
		{Name: "short-token", Summary: "tokens live five seconds: a run must not fetch one per call",
			TokenLifetime: 5 * time.Second},
		{Name: "token-revoked", Summary: "every token stops working after four requests (401 invalid_token); a new one works as long",
			TokenUses: 4},
		{Name: "tokens-refused", Summary: "the API answers 401 invalid_token to every token the token endpoint issues",
			TokensRefused: true},
		{Name: "hostile-text", Summary: "every name Halo sends carries escape sequences, C1 controls, CR and bidi overrides",
			HostileText: true, TicketType: "1", ResolutionStatus: "9"},
		{Name: "hostile-refusal", Summary: "the test ticket is refused with an error body full of escape sequences",
			HostileRefusal: true},
		{Name: "me-without-teams", Summary: "/Agent/me leaves the agent's teams out; its details have them",
			MeWithoutMemberships: true},
		{Name: "agent-details-refused", Summary: "/Agent/me shows no teams and the agent's details are refused: membership cannot be told",
			MeWithoutMemberships: true, AgentDetailsRefused: true},
		{Name: "agent-anonymous", Summary: "the agent record's id, name and e-mail are null: nothing can be concluded from it",
			AgentAnonymous: true},
		{Name: "status-list-garbled", Summary: "the status list answers 200 with a sentence where the statuses should be",
			StatusListGarbled: true},
	}
}
