package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"halowiz/halo"
)

// checkHostname cleans the hostname as pasted, then asks it, without logging
// in, whether it is a Halo API.
func checkHostname(ctx context.Context, s *session, out *Facts) []Finding {
	host, notes, err := halo.NormalizeHost(s.cfg.Host)
	if err != nil {
		return []Finding{{
			ID:       "hostname.invalid",
			Severity: Fail,
			Message:  "This is not a hostname Huntress can use: " + err.Error(),
			Fix: []string{
				"In Halo, open " + apiDetailsPath + " and copy the Resource Server value.",
				"Give halowiz just the hostname, for example yourcompany.halopsa.com: no https://, no /api.",
			},
			Evidence: fmt.Sprintf("input %q", s.cfg.Host),
		}}
	}
	out.Host = host
	var findings []Finding
	if msg, texts := cleanedMessage(notes); msg != "" {
		out.HostNotes = texts
		findings = append(findings, Finding{
			ID:       "hostname.cleaned",
			Severity: Info,
			Message:  msg + ": Huntress wants the bare hostname.",
			Fix:      []string{},
			Evidence: fmt.Sprintf("input %q", s.cfg.Host),
		})
	}
	if !halo.IsHaloHosted(host) {
		// Nothing is checked on a custom domain and no credential goes
		// there: Huntress accepts only the base Halo domain.
		out.CustomDomain = true
		return append(findings, customDomain(host))
	}

	client := halo.New(halo.Options{
		Host:         host,
		ClientID:     s.cfg.ClientID,
		ClientSecret: s.cfg.ClientSecret,
		Scopes:       s.cfg.Scopes,
		HTTPClient:   s.env.HTTPClient,
		Debug:        s.env.Debug,
		Timeout:      s.cfg.timeout(),
		RateLimit:    s.budget,
		OnWait:       s.onWait,
	})
	s.setHalo(client)

	var info halo.AuthInfo
	err = s.call(ctx, Hostname, "Asking https://"+host+"/api/authinfo, without logging in, whether this is a Halo API", func(ctx context.Context) error {
		var err error
		info, err = client.Discover(ctx)
		return err
	})
	if err != nil {
		f := hostnameFailure(host, err)
		findings = append(findings, f)
		if f.ID == "hostname.unreachable" || f.ID == "hostname.timeout" {
			// An IP restriction on the tenant can be what stops this machine too.
			findings = append(findings, ipAllowlist())
		}
		return findings
	}
	out.AuthURL, out.Tenant = info.AuthURL, string(info.TenantID)
	return append(findings, Finding{
		ID:       "hostname.reachable",
		Severity: Pass,
		Message:  host + " answers as a Halo API.",
		Fix:      []string{},
		Evidence: discoveryEvidence(host, info),
	}, ipAllowlist())
}

// discoveryEvidence says which document proved the host is Halo, and what
// it named (a cross-check only: Huntress reads none of it).
func discoveryEvidence(host string, info halo.AuthInfo) string {
	ev := "GET https://" + host + info.Source
	if info.Source != "/api/authinfo" {
		ev = "GET https://" + host + "/api/authinfo: not there; " + info.Source
	}
	if info.AuthURL != "" || info.TenantID != "" {
		ev += fmt.Sprintf(": auth_url %q, tenant_id %q", info.AuthURL, string(info.TenantID))
	}
	return ev
}

// customDomain is the finding for a name outside halopsa.com.
func customDomain(host string) Finding {
	return Finding{
		ID:       "hostname.custom-domain",
		Severity: Fail,
		Message:  host + " is not a halopsa.com name. Huntress supports only the base Halo domain (yourcompany.halopsa.com), not a custom domain, so halowiz checks nothing there and sends no credential to it.",
		Fix: []string{
			"In Halo, open " + apiDetailsPath + ": the Resource Server there reads https://yourcompany.halopsa.com/api even when your agents log in through a custom domain.",
			"Give halowiz (and Huntress's Server Host field) that yourcompany.halopsa.com hostname, without https:// and /api.",
			"If that page shows only your custom domain, ask Halo support for your tenant's halopsa.com name.",
			ReAddIntegration,
		},
		Evidence: "hostname " + host,
	}
}

// hostnameFailure tells apart why the discovery call failed.
func hostnameFailure(host string, err error) Finding {
	evidence := "GET https://" + host + "/api/authinfo: " + err.Error()
	var netErr *halo.NetError
	switch {
	case errors.Is(err, halo.ErrTimeout):
		return Finding{
			ID: "hostname.timeout", Severity: Fail,
			Message: host + " did not answer within the deadline.",
			Fix: []string{
				"Check that " + host + " is the Resource Server hostname shown in " + apiDetailsPath + ".",
				"If you are behind a proxy, set HTTPS_PROXY (and NO_PROXY) the way your other tools use it.",
				"If Halo is just slow right now, " + how(taskLongerTimeout) + ".",
			},
			Evidence: evidence,
		}
	case errors.As(err, &netErr):
		return unreachable(host, netErr, evidence)
	case errors.Is(err, halo.ErrNotHalo):
		return Finding{
			ID: "hostname.not-halo", Severity: Fail,
			// The error says the host and "not as a Halo API" too: the
			// message says them once, then what each address answered.
			Message: host + " answered, but not as a Halo API: " + strings.TrimPrefix(err.Error(), host+": "+halo.ErrNotHalo.Error()+": "),
			Fix: []string{
				"This is often the portal or a website address rather than the API.",
				"In Halo, open " + apiDetailsPath + " and copy the Resource Server hostname (it ends in .halopsa.com for a hosted tenant).",
			},
			Evidence: evidence,
		}
	}
	return Finding{
		ID: "hostname.unreachable", Severity: Fail,
		Message: host + " could not be checked: " + err.Error(),
		Fix: []string{
			"Open https://" + host + " in a browser from this machine to see whether Halo is up.",
			"Check again in a few minutes; if it persists, check Halo's status page or contact Halo support.",
		},
		Evidence: evidence,
	}
}

func unreachable(host string, e *halo.NetError, evidence string) Finding {
	f := Finding{ID: "hostname.unreachable", Severity: Fail, Evidence: evidence}
	switch e.Kind {
	case halo.NetDNS:
		f.Message = "The name " + host + " does not resolve (DNS): there is no such host."
		f.Fix = []string{
			"Check the spelling against the Resource Server in " + apiDetailsPath + ".",
			"If the name is right, check this machine's DNS or VPN.",
		}
	case halo.NetRefused:
		f.Message = host + " refused the connection."
		f.Fix = []string{
			"Check that nothing on this network blocks outgoing HTTPS (port 443) to " + host + ".",
			"If you are behind a proxy, set HTTPS_PROXY (and NO_PROXY) for halowiz.",
		}
	case halo.NetTLS:
		f.Message = "The secure (TLS) connection to " + host + " failed: " + e.Error()
		f.Fix = []string{
			"If your network inspects HTTPS with its own certificate authority, point SSL_CERT_FILE at that CA bundle.",
			"Check that this machine's clock is right: certificates are refused when it is not.",
		}
	default:
		f.Message = "Could not connect to " + host + ": " + e.Error()
		f.Fix = []string{
			"Check this machine's network connection, proxy (HTTPS_PROXY) and firewall.",
			"Check again once the connection works.",
		}
	}
	return f
}

// ipAllowlist is a reminder halowiz cannot test from the admin's machine.
func ipAllowlist() Finding {
	return Finding{
		ID:       "hostname.ip-allowlist",
		Severity: Info,
		Message:  "halowiz connects from this machine, so it cannot prove that Huntress's servers get through. If your Halo tenant restricts access by IP address, Huntress's addresses must be allowlisted.",
		Fix: []string{
			"Only if your tenant restricts access by IP address: allowlist the addresses in Huntress's Required Firewall Settings article (and this machine's, to check from here).",
		},
	}
}

// cleanedMessage says in one sentence what cleaning the input changed, and
// lists each change as its own sentence.
func cleanedMessage(notes []halo.HostNote) (msg string, texts []string) {
	var removed []string
	lowered := false
	for _, n := range notes {
		if !n.Changed() {
			continue
		}
		texts = append(texts, n.Text)
		switch n.Kind {
		case halo.NoteCapitals:
			lowered = true
		case halo.NoteSpaces:
			removed = append(removed, "the spaces around it")
		default:
			removed = append(removed, fmt.Sprintf("%q", n.Removed))
		}
	}
	switch {
	case len(removed) > 0 && lowered:
		msg = "Removed " + JoinAnd(removed) + " and lowered the capitals"
	case len(removed) > 0:
		msg = "Removed " + JoinAnd(removed)
	case lowered:
		msg = "Lowered the capitals"
	}
	return msg, texts
}
