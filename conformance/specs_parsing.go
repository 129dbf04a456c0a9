package conformance

import (
	"strconv"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
)

var _ = Area("HTTP.sys request parsing", func() {
	// SYS-HOST-1 [EVID] A Host HTTP.sys cannot parse as a host and optional
	// port is answered 400 "Invalid Hostname" by HTTP.sys itself.
	// Source: github.com/dotnet/aspnetcore/issues/42549, rfc9112#section-3.2
	for _, host := range []string{"a b", "a@b", "a/b", "a:b:c", "[::1", "a\x01b", "127.0.0.1:18080, other.example.com", "[::ffff:7f00:1]"} {
		Behaviour("answers Host "+strconv.Quote(host)+" with 400 Invalid Hostname", []string{"SYS-HOST-1", "SYS-ERR-1"},
			HelloCase("host "+strconv.Quote(host), "GET {path} HTTP/1.1\r\nHost: "+host+"\r\n\r\n", 1), rejected(400, "Bad Request - Invalid Hostname", httpsys.ReasonHostname))
	}
	// SYS-HOST-2 [INFER] Where RFC 3986 allows an odd Host, the project
	// decides: a comma and a port past 65535 are refused, an empty Host is
	// passed on.
	// Source: rfc9112#section-3.2, KB 967342
	for _, host := range []string{"a,b", "a:65536"} {
		Behaviour("answers Host "+strconv.Quote(host)+" with 400 Invalid Hostname", []string{"SYS-HOST-2", "SYS-ERR-1"},
			HelloCase("host "+strconv.Quote(host), "GET {path} HTTP/1.1\r\nHost: "+host+"\r\n\r\n", 1), rejected(400, "Bad Request - Invalid Hostname", httpsys.ReasonHostname))
	}
	Behaviour("passes an empty Host and an IPv6 literal to the application", []string{"SYS-HOST-2", "SYS-HOST-1"},
		HelloCase("host empty and ipv6", "GET {path} HTTP/1.1\r\nHost:\r\n\r\nGET {path} HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 2), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(2))
			for i := range 2 {
				expectAnswered(o, o.Response(i), fixtures.HandlerBody, 1)
			}
			Expect(o).To(StayOpen())
		}})

	// SYS-TE-1 [INFER] chunked not final, or the length otherwise unknown:
	// 400 and a close (RFC 9112 §6.3); a coding HTTP.sys lacks before a
	// final chunked: 501 (§6.1).
	// Source: rfc9112#section-6.3
	for _, te := range []string{"chunked, gzip", "chunked, chunked", "gzip, deflate", "chunked\r\nTransfer-Encoding: gzip"} {
		Behaviour("answers Transfer-Encoding "+strconv.Quote(te)+" with 400 and a close", []string{"SYS-TE-1", "SYS-ERR-1"},
			HelloCase("te "+strconv.Quote(te), "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "+te+"\r\n\r\n0\r\n\r\n", 1), rejected(400, "Bad Request", httpsys.ReasonBadRequest))
	}
	// SYS-LOG-3 [DOC] That 501 is logged N/I, the phrase the error-log
	// page gives a not-implemented answer to an unknown transfer encoding.
	// Source: learn.microsoft.com/windows/win32/http/types-of-errors-logged-by-the-http-server-api
	Behaviour("answers an unknown coding before a final chunked with 501", []string{"SYS-TE-1", "SYS-ERR-1", "SYS-LOG-3"},
		HelloCase("te cow-chunked", "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: cow, chunked\r\n\r\n0\r\n\r\n", 1), rejected(501, "Not Implemented", httpsys.ReasonNotImplemented))

	// SYS-FIELD-1 [INFER] A control byte other than HTAB in a field value
	// is answered 400 by HTTP.sys.
	// Source: rfc9110#section-5.5
	Behaviour("answers a control byte in a field value with 400", []string{"SYS-FIELD-1", "SYS-ERR-1"},
		HelloCase("field control", "GET {path} HTTP/1.1\r\nHost: x\r\nX-Ctl: a\x01b\r\n\r\n", 1), rejected(400, "Bad Request", httpsys.ReasonBadRequest))
})
