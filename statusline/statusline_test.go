package statusline

import "testing"

func TestBeyondDropsWhatOnlyRepeatsTheStatus(t *testing.T) {
	for _, tt := range []struct {
		text string
		code int
		want string
	}{
		{"Bad Gateway", 502, ""},
		{"502 Bad Gateway", 502, ""},
		{"HTTP/1.1 502 Bad Gateway.", 502, ""},
		{`an HTML page titled "502 Bad Gateway"`, 502, "an HTML page"},
		{`an HTML page titled "Log In"`, 502, `an HTML page titled "Log In"`},
		{"Category is mandatory", 400, "Category is mandatory"},
		{"404", 404, ""},
	} {
		if got := Beyond(tt.text, tt.code); got != tt.want {
			t.Errorf("Beyond(%q, %d) = %q, want %q", tt.text, tt.code, got, tt.want)
		}
	}
}

func TestTextNamesTheStatus(t *testing.T) {
	if Text(404) != "404 Not Found" || Text(599) != "status 599" {
		t.Errorf("Text = %q, %q", Text(404), Text(599))
	}
}
