package httpsys_test

import (
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// TestBadChunkAnsweredByHTTPSys: a chunk size that is not hex, read by the
// application, is answered 400 by HTTP.sys itself with its error page and
// a close; the application's read fails as a disconnect and its own
// answer is refused (SYS-CHUNK-1).
func TestBadChunkAnsweredByHTTPSys(t *testing.T) {
	type outcome struct{ read, send error }
	got := make(chan outcome, 1)
	handle := func(r *httpsys.Request) {
		var o outcome
		_, o.read = r.ReadEntityBody(make([]byte, 64))
		o.send = r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{[]byte("app")}, 0)
		got <- o
	}
	runWith(t, defaults, handle, func(t *testing.T, h *harness, log *errorLog) {
		res := h.do("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 1)
		o := <-got
		if !isErrno(o.read, httpsys.ErrorConnectionInvalid) {
			t.Errorf("read: %v, want ERROR_CONNECTION_INVALID", o.read)
		}
		if !isErrno(o.send, httpsys.ErrorConnectionInvalid) {
			t.Errorf("send after HTTP.sys's answer: %v, want ERROR_CONNECTION_INVALID", o.send)
		}
		final := res.Final()
		if len(final) != 1 || final[0].StatusCode != 400 || !strings.Contains(string(final[0].Body), "HTTP Error 400.") {
			t.Fatalf("received %q", res.Received)
		}
		if v, _ := final[0].Header("Connection"); v != "close" {
			t.Errorf("Connection %q, want close", v)
		}
		wantClose(t, res, httpsys.Closed)
		if e := log.wait(t, httpsys.ReasonBadRequest); e.Status != 400 || e.Method != "POST" {
			t.Errorf("log entry %+v", e)
		}
	})
}
