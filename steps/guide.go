package steps

import "slices"

// The setup as a person does it in Halo before a check can pass: what to
// have at hand, the API-only agent's checklist and how to create the API
// application. The fixes of the checks say the same things line for line,
// so the lines live here once and both use them; the wizard shows the guide
// and never writes its own.

// Instruction is one screen of Halo and what to set there, in Halo's own
// labels and in the order the screen asks for them.
type Instruction struct {
	Where string
	Set   []string
}

// Prerequisites are what an admin needs at hand before starting.
var Prerequisites = []string{
	"Halo admin access: an agent who can open Configuration.",
	"The right to create an agent and an API application in Halo.",
	"About ten minutes.",
	"Optionally, a Huntress API key and secret, to preview how Huntress will pair its organizations with your Halo clients.",
}

// The API-only agent's team memberships: it must see the tickets Huntress
// creates, wherever Halo routes them.
const (
	memberOfTeams     = "Add the agent to the team your technicians work in (the same or a similar team), and to every team tickets are routed to."
	memberDefaultTeam = "Set the agent's Default Team to the team new tickets go to by default."
	memberDepartment  = "If you use a department instead, add the agent to it with Membership Level View All."
)

// agentPermission is one permission of the API-only agent, as its
// Permissions tab labels it.
type agentPermission struct {
	label, value, aside string
}

// agentPermissions are the setup article's whole permission list.
var agentPermissions = []agentPermission{
	{"Tickets Access Level", "Read and Modify", ""},
	{"Customers Access Level", "Read Only", "some tenants label it Clients Access Level"},
	{"Can add new Tickets", "Yes", ""},
	{"Can view Unassigned Tickets", "Yes", ""},
	{"Can view Tickets assigned to other Agents", "Yes", ""},
}

// line says the permission as a checklist item ("set" false) or as a fix
// to follow ("Set ... to ...").
func (p agentPermission) line(set bool) string {
	s := p.label + ": " + p.value
	if set {
		s = "Set " + p.label + " to " + p.value
	}
	if p.aside != "" {
		s += " (" + p.aside + ")"
	}
	return s + "."
}

func permissionLines(set bool) []string {
	lines := make([]string, len(agentPermissions))
	for i, p := range agentPermissions {
		lines[i] = p.line(set)
	}
	return lines
}

// AgentIntro and AgentChecklist are how the API-only agent Huntress logs in
// as is created, in the order Halo's screens ask for it (Huntress's HaloPSA
// setup article); AgentAfter says when halowiz can see it.
const (
	AgentIntro = "Huntress logs in to Halo as an agent of its own. Create it first:"
	AgentAfter = "halowiz cannot see this agent before the API application exists: checking the application logs in as it, checks it, and brings you back here with what is wrong."
)

// apiOnlyTick is the checklist's line for the agent's kind.
const apiOnlyTick = "Tick Is an API-only Agent (it takes no licence and cannot log in)."

// AgentChecklist is the agent's checklist.
func AgentChecklist() []Instruction {
	return []Instruction{
		{"In Halo, open Configuration > Teams & Agents > Agents > New.", []string{
			apiOnlyTick,
			"Name it so you recognise it, for example Huntress API.",
		}},
		{"Departments & Teams: where it may see tickets.", []string{memberOfTeams, memberDefaultTeam, memberDepartment}},
		{"Save, then edit the agent again and open its Permissions.", permissionLines(false)},
		{"Save the agent.", nil},
	}
}

// ItemProof is what the checks showed about one line of a checklist.
type ItemProof int

const (
	NotShown     ItemProof = iota // no check shows it either way (yet)
	Shown                         // a check proved it is set
	Contradicted                  // a check found it is not
)

// itemEvidence is what shows a checklist line set (every finding in
// proves, which pass) or not (any finding in refutes).
type itemEvidence struct{ proves, refutes []string }

// checklistEvidence says, for the lines of AgentChecklist a check can see,
// which findings show them. Halo's API shows the agent's kind and teams;
// the test ticket shows by doing what its permissions allow. The rest
// (the agent's name, a department's View All) no check sees.
var checklistEvidence = map[string]itemEvidence{
	apiOnlyTick:                     {proves: []string{"agent.membership"}, refutes: []string{"agent.not-api-only"}},
	memberOfTeams:                   {proves: []string{"agent.membership"}, refutes: []string{"agent.no-team", "agent.unassigned-hidden", "agent.others-hidden"}},
	memberDefaultTeam:               {proves: []string{"ticket.created"}, refutes: []string{"ticket.not-visible"}},
	agentPermissions[0].line(false): {proves: []string{"agent.can-read-tickets", "ticket.closed"}, refutes: []string{"agent.cannot-read-tickets", "ticket.cannot-close"}},
	agentPermissions[1].line(false): {proves: []string{"agent.can-read-customers"}, refutes: []string{"agent.cannot-read-customers"}},
	agentPermissions[2].line(false): {proves: []string{"ticket.created"}, refutes: []string{"ticket.cannot-create"}},
	agentPermissions[3].line(false): {proves: []string{"ticket.created"}, refutes: []string{"agent.unassigned-hidden", "ticket.not-visible"}},
	agentPermissions[4].line(false): {refutes: []string{"agent.others-hidden"}},
}

// AgentChecklistProof says what findings (the latest of the agent step and
// of the test ticket) show about line, one line of AgentChecklist: a
// finding that the setting is missing outweighs any other.
func AgentChecklistProof(line string, findings []Finding) ItemProof {
	ev, ok := checklistEvidence[line]
	if !ok {
		return NotShown
	}
	passed := map[string]bool{}
	for _, f := range findings {
		if slices.Contains(ev.refutes, f.ID) && (f.Severity == Fail || f.Severity == Warn) {
			return Contradicted
		}
		if f.Severity == Pass {
			passed[f.ID] = true
		}
	}
	for _, id := range ev.proves {
		if !passed[id] {
			return NotShown
		}
	}
	if len(ev.proves) == 0 {
		return NotShown
	}
	return Shown
}

// The API application Huntress logs in with.
const (
	applicationOpen   = "In Halo, open " + apiDetailsPath + " > View Applications and open (or create with New) the application for Huntress."
	applicationLogin  = "Set Authentication Method to Client ID and Secret (Services), Login Type to Agent and Agent to log in as to the API-only agent."
	applicationScopes = "On its Permissions tab tick read:tickets, edit:tickets and read:customers (or all)."
	applicationCopy   = "Copy the Client ID and the Client Secret (Halo shows the secret only once), then save the application."
)

// ApplicationIntro and ApplicationInstructions are how the API application
// is created.
const ApplicationIntro = "Huntress logs in with an API application that acts as the API-only agent."

// ApplicationInstructions are the application's steps in Halo.
func ApplicationInstructions() []string {
	return []string{applicationOpen, applicationLogin, applicationScopes, applicationCopy}
}

// HostnameInstructions say where the API hostname is found.
const HostnameInstructions = "Where Huntress reaches your Halo API. In Halo, open " + apiDetailsPath + " and copy the Resource Server. Paste it as it is: halowiz keeps only the hostname, which is what Huntress's Server Host field wants."

// HuntressCredentials says where a Huntress API key pair comes from.
const HuntressCredentials = "In Huntress, open your account's API Credentials page (<account>.huntress.io/account/api_credentials) and generate a new key pair; the secret is shown once."

// HuntressTestTicket is how an admin proves the path from Huntress's side
// when the wizard's test ticket was skipped.
const HuntressTestTicket = "In Huntress, use Integrations > HaloPSA > Send Test Ticket and confirm the ticket appears in Halo."

// PairInHuntress says that a pairing made in the wizard must be made in
// Huntress too.
const PairInHuntress = "Set the same pairing on Huntress's HaloPSA mapping screen (Integrations > HaloPSA)."

// HuntressValuesHeading heads the values to enter in Huntress.
const HuntressValuesHeading = "Enter these in Huntress (Integrations > HaloPSA), in this order"
