package steps

import "testing"

func TestCleanHostIsTheHostnameStepsCleaning(t *testing.T) {
	for in, want := range map[string]string{
		"https://Acme.halopsa.com/api/": "acme.halopsa.com",
		" acme.halopsa.com ":            "acme.halopsa.com",
		" not a host/at all ":           "not a host/at all",
	} {
		if got := CleanHost(in); got != want {
			t.Errorf("CleanHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPreviewHostSaysWhatCleaningRemovedAndNoticed(t *testing.T) {
	p := PreviewHost("https://support.acme-it.com/api")
	if p.Err != nil || p.Host != "support.acme-it.com" {
		t.Fatalf("PreviewHost = %+v", p)
	}
	var changed, notices int
	for _, n := range p.Notes {
		if n.Changed {
			changed++
		} else {
			notices++
		}
	}
	if changed != 2 || notices != 1 {
		t.Errorf("notes %+v: want the scheme and the path removed, and the custom domain noticed", p.Notes)
	}
	if p := PreviewHost("ftp://acme.halopsa.com"); p.Err == nil {
		t.Errorf("another scheme was taken as a hostname: %+v", p)
	}
}
