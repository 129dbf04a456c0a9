package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

var _ = Area("HTTP.sys connections", func() {
	// SYS-KA-1 [EVID] HTTP/1.1 connections persist; pipelined requests are
	// answered in order.
	// Source: RFC 9112 section 9.3. Evidence: wine-mirror/wine
	// dlls/httpapi/tests/httpapi.c, test_v1_multiple_requests
	Behaviour("answers pipelined requests in order and keeps the connection", []string{"SYS-KA-1"},
		SysCase("pipelined", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 2),
		Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(2))
			for i := range 2 {
				expectAnswered(o, o.Response(i), fixtures.HandlerBody, 1)
			}
			Expect(o).To(StayOpen())
		}, Server: func(o *Observation) {
			Expect(o.ServerTraces()).To(HaveLen(2))
		}})

	// SYS-KA-1 [EVID] HTTP/1.0 without keep-alive ends the connection after
	// the response (the Connection: close header is INFER, see the catalogue).
	// Source: RFC 9112 section 9.3. Evidence: dotnet/aspnetcore
	// src/Servers/IIS/IIS/test/Common.FunctionalTests/RequestResponseTests.cs,
	// ReadAndWriteSlowConnection
	Behaviour("closes an HTTP/1.0 connection after its response", []string{"SYS-KA-1"},
		SysCase("http10", "GET {path} HTTP/1.0\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveHeader("Connection", "close"))
			Expect(o).To(BeClosedGracefully())
		}})

	// SYS-KA-1 [EVID] HTTP/1.0 with Connection: keep-alive keeps the
	// connection, and says so; HTTP/1.1 with Connection: close ends it after
	// the response, and says so (the Connection headers are INFER, see the
	// catalogue).
	// Source: RFC 9112 section 9.3. Evidence: dotnet/aspnetcore, the HttpSys
	// listener's ResponseHeaders_HTTP10KeepAliveRequest_KeepAliveHeader_Gets11NoClose
	Behaviour("keeps an HTTP/1.0 connection that asks for keep-alive", []string{"SYS-KA-1"},
		SysCase("http10-keep-alive", "GET {path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
			Expect(o.Response(0)).To(HaveHeader("Connection", "keep-alive"))
			Expect(o).To(StayOpen())
		}})
	Behaviour("closes an HTTP/1.1 connection after answering Connection: close", []string{"SYS-KA-1"},
		SysCase("connection-close", "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
			Expect(o.Response(0)).To(HaveHeader("Connection", "close"))
			Expect(o).To(BeClosedGracefully())
		}})

	// SYS-DISC-1 [DOC] A response framed by neither Content-Length nor
	// chunking (an HTTP/1.0 client, a flushed response) ends with an orderly
	// close.
	// Source: win:nf-http-httpsendhttpresponse
	Behaviour("ends a close-delimited response with an orderly close", []string{"SYS-DISC-1"},
		SampleCase("flush-http10", "GET /samples/flush HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			r := o.Response(0)
			Expect(r).To(HaveNoHeader("Content-Length"))
			Expect(r).To(HaveNoHeader("Transfer-Encoding"))
			Expect(r).To(HaveBody("Flushed before the handler ran.\n" + fixtures.HandlerBody))
		}})

	// SYS-DRAIN-1 [DOC] HTTP.sys drains a body the application never read,
	// so the next request on the connection is read and answered.
	// Source: win:ns-http-http_timeout_limit_info
	Behaviour("drains an unread request body and answers the next request", []string{"SYS-DRAIN-1", "SYS-KA-1"},
		SysCase("unread-body", "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nnever read\n"+
			"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n0\r\n\r\n"+
			"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 3), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(3))
			for i := range 3 {
				expectAnswered(o, o.Response(i), fixtures.HandlerBody, 1)
			}
			Expect(o).To(StayOpen())
		}})

	// SYS-ERR-1 [EVID] HTTP.sys answers a request it cannot parse itself,
	// then closes in an orderly way; the pipeline never sees it.
	// SYS-ERR-2 [EVID] with its small HTML page and its own Server header.
	// Source: win32/http/types-of-errors-logged-by-the-http-server-api.
	// Evidence: wine-mirror/wine dlls/httpapi/tests/httpapi.c,
	// test_v1_bad_request
	Behaviour("answers a malformed request itself with 400, then FIN", []string{"SYS-ERR-1", "SYS-ERR-2", "SD-1"},
		SysCase("malformed", "GET {path} HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(400))
			Expect(r).To(HaveHeader("Server", "Microsoft-HTTPAPI/2.0"))
			Expect(r).To(HaveHeader("Content-Type", "text/html; charset=us-ascii"))
			Expect(r).To(HaveBodyContaining("HTTP Error 400. "))
		}, Server: func(o *Observation) {
			Expect(o.ServerTraces()).To(BeEmpty(), "the pipeline must never see the request")
		}})
})
