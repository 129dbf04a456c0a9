package explore

import (
	"testing"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// TestCutByReset: after a reset on both sides, the bytes on one may stop
// short of the other's, and that alone is agreement; any other difference
// is not.
func TestCutByReset(t *testing.T) {
	full := "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
	cut := "HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 19:59:15 GMT\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhe"
	obs := func(name, got string, close httpsys.CloseKind) *conformance.Observation {
		return &conformance.Observation{Backend: name, Client: &wire.Result{Received: []byte(got), Close: close}}
	}
	cases := []struct {
		name   string
		a, b   *conformance.Observation
		agrees bool
	}{
		{"both reset, sockets cut short", obs("model", full, httpsys.Reset), obs("sockets", cut, httpsys.Reset), true},
		{"both reset, the model cut short", obs("model", cut, httpsys.Reset), obs("sockets", full, httpsys.Reset), true},
		{"both reset, other bytes", obs("model", full, httpsys.Reset), obs("sockets", cut+"xx", httpsys.Reset), false},
		{"one closed", obs("model", full, httpsys.Reset), obs("sockets", cut, httpsys.Closed), false},
		{"both closed, cut short", obs("model", full, httpsys.Closed), obs("sockets", cut, httpsys.Closed), false},
	}
	for _, c := range cases {
		if conformance.Disagreement(c.a, c.b) == "" {
			t.Fatalf("%s: the observations agree even before the allowance", c.name)
		}
		if got := cutByReset(c.a, c.b); got != c.agrees {
			t.Errorf("%s: cutByReset = %t, want %t", c.name, got, c.agrees)
		}
	}
}
