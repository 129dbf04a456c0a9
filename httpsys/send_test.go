package httpsys_test

import (
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// TestSendOpaque: OPAQUE with any status but 101 is ERROR_INVALID_PARAMETER
// (SYS-SEND-1); with 101 the emulator does not support it. Neither sends
// anything, so a plain answer follows.
func TestSendOpaque(t *testing.T) {
	errs := make(chan [2]error, 1)
	handle := func(r *httpsys.Request) {
		var got [2]error
		got[0] = r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, nil, httpsys.SendOpaque)
		got[1] = r.SendResponse(&httpsys.Response{StatusCode: 101, Reason: "Switching Protocols"}, nil, httpsys.SendOpaque)
		errs <- got
		respond(200, "plain", 0)(r)
	}
	run(t, handle, func(t *testing.T, h *harness) {
		res := h.do(get, 1)
		got := <-errs
		if !isErrno(got[0], httpsys.ErrorInvalidParameter) {
			t.Errorf("OPAQUE with 200: %v, want ERROR_INVALID_PARAMETER", got[0])
		}
		if !isErrno(got[1], httpsys.ErrorNotSupported) {
			t.Errorf("OPAQUE with 101: %v, want ERROR_NOT_SUPPORTED", got[1])
		}
		wantBodies(t, res, "plain")
	})
}

// TestServerAsGiven: the application's Server is followed by HTTP.sys's
// product unless the response asks for it alone, as IIS's do (SYS-SEND-2).
func TestServerAsGiven(t *testing.T) {
	handle := func(r *httpsys.Request) {
		must(r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK", ServerAsGiven: r.URL() == "/alone",
			Headers: []httpsys.Header{{Name: "Server", Value: "App/1"}}}, [][]byte{[]byte("x")}, 0))
	}
	run(t, handle, func(t *testing.T, h *harness) {
		for path, want := range map[string]string{"/a": "App/1 " + httpsys.ServerHeader, "/alone": "App/1"} {
			res := h.do("GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n", 1)
			if got, _ := res.Final()[0].Header("Server"); got != want {
				t.Errorf("%s: Server %q, want %q", path, got, want)
			}
		}
	})
}
