package httpsys_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// TestSendRefusesHeadSplitting checks HD-5 at the HTTP Server API: a
// response whose reason or header holds CR, LF or NUL fails with
// ERROR_INVALID_PARAMETER and sends nothing; the request can still be
// answered properly.
func TestSendRefusesHeadSplitting(t *testing.T) {
	bad := []httpsys.Response{
		{StatusCode: 200, Reason: "OK\r\nSet-Cookie: evil=1"},
		{StatusCode: 200, Reason: "OK", Headers: []httpsys.Header{{Name: "X-A", Value: "1\r\nSet-Cookie: evil=1"}}},
		{StatusCode: 200, Reason: "OK", Headers: []httpsys.Header{{Name: "X-A", Value: "1\nSet-Cookie: evil=1"}}},
		{StatusCode: 200, Reason: "OK", Headers: []httpsys.Header{{Name: "Set-Cookie: evil=1\r\nX-A", Value: "1"}}},
		{StatusCode: 200, Reason: "OK", Headers: []httpsys.Header{{Name: "X-A", Value: "1\x00"}}},
		{StatusCode: 200, Reason: "OK", Headers: []httpsys.Header{{Name: "", Value: "1"}}},
	}
	done := make(chan []string, 1)
	handle := func(r *httpsys.Request) {
		var failures []string
		for i := range bad {
			if err := r.SendResponse(&bad[i], [][]byte{[]byte("x")}, 0); !errors.Is(err, httpsys.ErrorInvalidParameter) {
				failures = append(failures, strings.ReplaceAll(bad[i].Reason+" "+headerText(bad[i].Headers), "\r\n", `\r\n`)+": "+errText(err)+", want ERROR_INVALID_PARAMETER")
			}
		}
		good := &httpsys.Response{StatusCode: 200, Reason: "OK"}
		if err := r.SendResponse(good, [][]byte{[]byte("fine")}, 0); err != nil {
			failures = append(failures, "the proper response failed: "+err.Error())
		}
		done <- failures
	}
	run(t, handle, func(t *testing.T, h *harness) {
		res := h.do("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1)
		for _, f := range <-done {
			t.Error(f)
		}
		if len(res.Final()) != 1 || string(res.Final()[0].Body) != "fine" || strings.Contains(string(res.Received), "evil") {
			t.Errorf("received %q", res.Received)
		}
	})
}

func headerText(hs []httpsys.Header) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(h.Name + ": " + h.Value + "; ")
	}
	return b.String()
}

func errText(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}
