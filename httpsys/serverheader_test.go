package httpsys_test

import (
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// appServer answers /own with its own Server header, anything else with
// none.
func appServer(r *httpsys.Request) {
	resp := &httpsys.Response{StatusCode: 200, Reason: "OK"}
	if r.URL() == "/own" {
		resp.Headers = []httpsys.Header{{Name: "Server", Value: "App/1"}}
	}
	must(r.SendResponse(resp, [][]byte{[]byte("x")}, 0))
}

// TestDisableServerHeader: 0 puts HTTP.sys's product on every response,
// alone or after the application's Server (SYS-SEND-2); 1 keeps it off
// HTTP.sys's own answers only; 2 off every response, an application's
// Server being kept as given (SD-2).
func TestDisableServerHeader(t *testing.T) {
	const product = httpsys.ServerHeader
	for _, tc := range []struct {
		value          int
		app, own, errp string // Server on: a response without one, one with App/1, HTTP.sys's 400
	}{
		{0, product, "App/1 " + product, product},
		{httpsys.ServerHeaderOffOwnAnswers, product, "App/1 " + product, ""},
		{httpsys.ServerHeaderOff, "", "App/1", ""},
	} {
		cfg := func(bool) httpsys.Config { return httpsys.Config{DisableServerHeader: tc.value} }
		t.Run(string(rune('0'+tc.value)), func(t *testing.T) {
			runWith(t, cfg, appServer, func(t *testing.T, h *harness, _ *errorLog) {
				for raw, want := range map[string]string{get: tc.app, "GET /own HTTP/1.1\r\nHost: x\r\n\r\n": tc.own, "BAD\r\n\r\n": tc.errp} {
					res := h.do(raw, 1)
					got, _ := res.Final()[0].Header("Server")
					if got != want {
						t.Errorf("DisableServerHeader %d, %q: Server %q, want %q", tc.value, raw, got, want)
					}
				}
			})
		})
	}
}

// TestMaxFieldLengthFollowsMaxRequestBytes: with MaxRequestBytes below
// MaxFieldLength, MaxFieldLength is brought down to it, so one line too
// long is a FieldLength error rather than a RequestLength one (SYS-LIM-2).
func TestMaxFieldLengthFollowsMaxRequestBytes(t *testing.T) {
	cfg := func(bool) httpsys.Config { return httpsys.Config{Limits: httpsys.Limits{MaxRequestBytes: 300}} }
	runWith(t, cfg, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		res := h.do("GET / HTTP/1.1\r\nHost: x\r\nX-Long: "+strings.Repeat("v", 400)+"\r\n\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 {
			t.Fatalf("received %q", res.Received)
		}
		log.wait(t, httpsys.ReasonFieldLength)
	})
}
