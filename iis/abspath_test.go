package iis

import "testing"

// TestAbsPath: an absolute-form target's path is the part after the
// authority; an origin-form path is kept as it is.
func TestAbsPath(t *testing.T) {
	for in, want := range map[string]string{
		"/scenarios/hello":          "/scenarios/hello",
		"http://x/scenarios/hello":  "/scenarios/hello",
		"HTTPS://x:8080/a/b":        "/a/b",
		"http://x":                  "/",
		"*":                         "*",
		"/http://x/not-an-absolute": "/http://x/not-an-absolute",
	} {
		if got := absPath(in); got != want {
			t.Errorf("absPath(%q) = %q, want %q", in, got, want)
		}
	}
}
