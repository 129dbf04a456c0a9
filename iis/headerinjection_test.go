package iis_test

import (
	"context"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// TestSettersRefuseHeadSplitting checks HD-5: every setter whose text goes
// into the response head refuses CR, LF and NUL with
// ERROR_INVALID_PARAMETER and changes nothing, so nothing extra reaches
// the wire.
func TestSettersRefuseHeadSplitting(t *testing.T) {
	invalid := iis.HRESULT_FROM_WIN32(httpsys.ErrorInvalidParameter)
	var got []string
	site := &iis.Site{Name: "Inject", Applications: []*iis.Application{{Path: "/", Handler: &iis.Handler{Name: "H",
		Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			r := c.GetResponse()
			for name, hr := range map[string]iis.HRESULT{
				"SetHeader value CRLF":  r.SetHeader("X-A", "1\r\nSet-Cookie: evil=1", true),
				"SetHeader value LF":    r.SetHeader("X-A", "1\nSet-Cookie: evil=1", false),
				"SetHeader value CR":    r.SetHeader("X-A", "1\rSet-Cookie: evil=1", true),
				"SetHeader value NUL":   r.SetHeader("X-A", "1\x00", true),
				"SetHeader name CRLF":   r.SetHeader("X-B\r\nSet-Cookie", "evil=1", true),
				"SetHeader name NUL":    r.SetHeader("X-B\x00", "1", true),
				"SetHeaderByID CRLF":    r.SetHeaderByID(iis.HttpHeaderContentType, "text/plain\r\nSet-Cookie: evil=1", true),
				"SetHeaderByID Server":  r.SetHeaderByID(iis.HttpHeaderServer, "x\r\nSet-Cookie: evil=1", false),
				"SetStatus reason CRLF": r.SetStatus(200, "OK\r\nSet-Cookie: evil=1"),
				"SetStatusEx reason LF": r.SetStatusEx(200, "OK\nSet-Cookie: evil=1", 0, iis.S_OK, false),
				"Redirect URL CRLF":     r.Redirect("/x\r\nSet-Cookie: evil=1", true, false),
			} {
				if hr != invalid {
					got = append(got, name+": "+hr.String())
				}
			}
			r.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("body"))}, false, false)
			return iis.StatusContinue
		}}}}}
	_, client := startHost(t, site)
	res, err := client.Do(context.Background(), []byte("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range got {
		t.Errorf("%s, want ERROR_INVALID_PARAMETER", g)
	}
	if len(res.Final()) != 1 {
		t.Fatalf("want one response, got %q", res.Received)
	}
	r := res.Final()[0]
	if r.StatusCode != 200 || r.Reason != "OK" || strings.Contains(string(res.Received), "evil") || r.Get("X-A") != "" {
		t.Errorf("the refused text reached the wire: %q", res.Received)
	}
}
