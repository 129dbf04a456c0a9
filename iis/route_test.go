package iis

import "testing"

// TestAppServes: an application serves its own path and what lies under
// it on a segment boundary, with or without its path's trailing slash;
// and routing a request builds no string.
func TestAppServes(t *testing.T) {
	cases := []struct {
		app, path string
		want      bool
	}{
		{"/", "/anything", true},
		{"/samples/hello", "/samples/hello", true},
		{"/samples/hello", "/samples/hello/", true},
		{"/samples/hello", "/samples/hello/x", true},
		{"/samples/hello", "/samples/hellox", false},
		{"/samples/hello", "/samples/hell", false},
		{"/samples/hello", "/samples", false},
		{"/samples/", "/samples/x", true},
		{"/samples/", "/samples", false},
		{"/samples/", "/samplesx", false},
		{"/a", "/b/a", false},
	}
	for _, c := range cases {
		if got := appServes(c.app, c.path); got != c.want {
			t.Errorf("appServes(%q, %q) = %t, want %t", c.app, c.path, got, c.want)
		}
	}
	served := false
	if n := testing.AllocsPerRun(100, func() {
		served = appServes("/samples/get-server-variable-request-uri", "/samples/hello")
	}); n != 0 || served {
		t.Errorf("appServes allocates %.0f times (served: %t)", n, served)
	}
}
