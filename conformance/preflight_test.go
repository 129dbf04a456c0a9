package conformance

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
)

// TestPreflight runs the preflight against small servers that each get
// one part of the protocol wrong, and checks the one sentence it says.
func TestPreflight(t *testing.T) {
	index := func(w http.ResponseWriter) { json.NewEncoder(w).Encode(map[string]int{"protocol": protocol.Version}) }
	hello := func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/scenarios/hello") {
			return false
		}
		w.Write([]byte(fixtures.HandlerBody))
		return true
	}
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    string // "" for none
	}{
		{"runs hello, serves no endpoints", func(w http.ResponseWriter, r *http.Request) {
			if !hello(w, r) {
				http.NotFound(w, r)
			}
		}, ""},
		{"runs hello, serves its trace", func(w http.ResponseWriter, r *http.Request) {
			switch id, ok := strings.CutPrefix(r.URL.Path, protocol.TracePath); {
			case hello(w, r):
			case ok && id == "":
				index(w)
			case ok:
				json.NewEncoder(w).Encode(protocol.TraceDocument{Tag: r.URL.Path[len(protocol.TracePath):]})
			default:
				http.NotFound(w, r)
			}
		}, ""},
		{"answers hello with another body", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("hi\n"))
		}, "answered the hello scenario with 200 OK and 3 bytes of text/plain, not the scenario's"},
		{"serves traces but not hello's", func(w http.ResponseWriter, r *http.Request) {
			switch {
			case hello(w, r):
			case r.URL.Path == protocol.TracePath:
				index(w)
			default:
				http.NotFound(w, r)
			}
		}, "ran the hello scenario but has no trace for its request ID"},
		{"serves another request's trace", func(w http.ResponseWriter, r *http.Request) {
			switch {
			case hello(w, r):
			case r.URL.Path == protocol.TracePath:
				index(w)
			default:
				json.NewEncoder(w).Encode(protocol.TraceDocument{Tag: "someone-else"})
			}
		}, `with the trace of "someone-else"`},
		{"answers hello by closing", func(w http.ResponseWriter, r *http.Request) {
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		}, "gave no complete answer to the hello scenario (0 bytes, then the connection ended closed)"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(c.handler)
		b, err := TargetBackend(srv.URL, TargetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		err = Preflight(context.Background(), b)
		srv.Close()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
