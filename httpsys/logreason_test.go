package httpsys_test

import (
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// TestUnknownCodingLoggedNotImplemented: the 501 for a transfer coding
// HTTP.sys lacks is logged N/I (SYS-LOG-3).
func TestUnknownCodingLoggedNotImplemented(t *testing.T) {
	runWith(t, defaults, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		res := h.do("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 501 {
			t.Fatalf("received %q", res.Received)
		}
		if e := log.wait(t, httpsys.ReasonNotImplemented); e.Status != 501 || e.Reason != "N/I" {
			t.Errorf("entry %+v", e)
		}
	})
}

// TestCancelLoggedRequestCancelled: a request the application cancels is
// logged Request_Cancelled (SYS-LOG-4).
func TestCancelLoggedRequestCancelled(t *testing.T) {
	runWith(t, defaults, func(r *httpsys.Request) { must(r.Cancel()) }, func(t *testing.T, h *harness, log *errorLog) {
		res := h.do(get, 1)
		wantClose(t, res, httpsys.Reset)
		if e := log.wait(t, httpsys.ReasonRequestCancelled); e.Method != "GET" || e.Status != 0 {
			t.Errorf("entry %+v", e)
		}
	})
}
