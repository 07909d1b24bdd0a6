package steps

import "halowiz/scrub"

// Redacted returns f with red's secrets, and anything shaped like a
// credential, removed from its message, fix lines and evidence.
func (f Finding) Redacted(red *scrub.Redactor) Finding {
	f.Message, f.Evidence = red.Redact(f.Message), red.Redact(f.Evidence)
	fix := make([]string, len(f.Fix))
	for i, l := range f.Fix {
		fix[i] = red.Redact(l)
	}
	f.Fix = fix
	return f
}

// TeachRedactor teaches red what a recording of the run's requests must
// not hold: the secrets the checks redact (those of 4 characters or more)
// and, when the Huntress key and secret are both set, the Basic credential
// they make (which holds the Huntress secret whatever its length).
func (c Config) TeachRedactor(red *scrub.Redactor) {
	for _, s := range c.secrets() {
		red.Add(s)
	}
	if c.HuntressKey != "" && c.HuntressSecret != "" {
		red.AddBasicAuth(c.HuntressKey, c.HuntressSecret)
	}
}
