package conformance

import (
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"

	. "github.com/onsi/gomega"
)

// Specs for what HTTP.sys decides on the wire that mutation testing found
// unchecked (see internal/mutate and its survivors list): the framing of
// a request's body, and of a response for the request's version and
// status.

// chunkedToHTTP10 is a module that declares Transfer-Encoding: chunked
// on its answer to an HTTP/1.0 client, which cannot read chunked framing.
var chunkedToHTTP10 = &fixtures.Scenario{ID: "chunked-to-http10", HandlerBody: fixtures.HandlerBody,
	Request: "GET {path} HTTP/1.0\r\nHost: x\r\n\r\n",
	Modules: []fixtures.ModuleScript{Mod("Framer", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "Transfer-Encoding", "chunked")))}}

// bodyOn304 is a module that writes an entity on a 304, twice on one
// connection: a body sent after the first 304 would be read as the start
// of the second response.
var bodyOn304 = &fixtures.Scenario{ID: "body-on-304",
	Request:  "GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET {path} HTTP/1.1\r\nHost: x\r\n\r\n",
	Requests: 2,
	Modules: []fixtures.ModuleScript{Mod("NotModified", At("RQ_BEGIN_REQUEST", "FINISH",
		Do("SetStatus", "304", "Not Modified"), Do("WriteEntityChunks", "not sent\n")))}}

// oneByteBody echoes a body of one byte: a server that took a
// Content-Length of 1 for no body would echo nothing, and read the byte as
// the start of another request.
var oneByteBody = &fixtures.Scenario{ID: "one-byte-body", HandlerBody: fixtures.HandlerBody,
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n@",
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("EchoEntityBody")))}}

var _ = Area("HTTP.sys request framing, as mutation testing asked", func() {
	// SYS-ID-1 [INFER] HTTP.sys gives each request it hands to the
	// application an ID of its own (HTTP_REQUEST_ID), never HTTP_NULL_ID:
	// two requests on one connection have two IDs.
	// Source: win:ns-http-http_request_v1 (RequestId identifies the
	// request) and win:nf-http-httpreceivehttprequest (HTTP_NULL_ID asks for
	// a new request, so it names none); project decision: the application
	// answers a request by its ID, so two requests cannot share one.
	Behaviour("gives each request an ID of its own, never HTTP_NULL_ID", []string{"SYS-ID-1", "SYS-KA-1"},
		SysCase("request-ids", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 2),
		Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(2))
			Expect(o).To(StayOpen())
		}, Server: func(o *Observation) {
			traces := o.ServerTraces()
			Expect(traces).To(HaveLen(2))
			Expect(traces[0].RequestID).NotTo(BeZero(), "the first request's ID")
			Expect(traces[1].RequestID).NotTo(BeZero(), "the second request's ID")
			Expect(traces[1].RequestID).NotTo(Equal(traces[0].RequestID), "the two requests' IDs")
		}})

	// SYS-FRAME-1 [INFER] A Content-Length frames the body whatever its
	// length, one byte included: the application reads that byte, and it
	// is not taken for the start of a next request.
	// Source: RFC 9112 section 6.3 (a valid Content-Length gives the body's
	// length in bytes).
	Behaviour("frames a body of one byte by its Content-Length", []string{"SYS-FRAME-1", "SYS-SMUGGLE-1"},
		ScenarioCase(oneByteBody), Checks{Wire: func(o *Observation) {
			expectServed(o, "@"+fixtures.HandlerBody)
			Expect(o).To(StayOpen())
		}, Server: func(o *Observation) {
			Expect(o.ErrorReasons()).To(BeEmpty())
		}})
})

var _ = Area("HTTP.sys response framing, as mutation testing asked", func() {
	// SYS-FRAME-2 [INFER] HTTP.sys never sends Transfer-Encoding to an
	// HTTP/1.0 client: an application's "Transfer-Encoding: chunked" on
	// such an answer is dropped, and the entity, unframed, ends with the
	// connection's orderly close (SYS-DISC-1).
	// Source: RFC 9112 section 6.1 (a server must not send Transfer-Encoding
	// unless the request is HTTP/1.1 or later); project decision: dropping
	// the header, rather than refusing the send, keeps the application's
	// answer, and the close is the one framing left to a 1.0 client.
	Behaviour("sends an application's chunked answer to an HTTP/1.0 client unframed, ended by FIN", []string{"SYS-FRAME-2", "SYS-DISC-1"},
		ScenarioCase(chunkedToHTTP10), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveNoHeader("Transfer-Encoding"))
			Expect(r).To(HaveNoHeader("Content-Length"))
			Expect(r.Framing).To(Equal(httpsys.FramingClose), "the entity is ended by the close")
			Expect(r).To(HaveBody(fixtures.HandlerBody))
			Expect(o).To(BeClosedGracefully())
		}})

	// SYS-FRAME-2 [INFER] A 304 carries no entity: HTTP.sys drops what the
	// application wrote on it, so the next response on the connection is
	// read from its first byte.
	// Source: RFC 9110 section 15.4.5 (a 304 cannot contain content) and
	// RFC 9112 section 6.3 (a 304 ends at its head); project decision:
	// dropping the entity, rather than failing the send, as HTTP.sys's
	// pages do not say which it does.
	Behaviour("drops the entity an application writes on a 304, and the next response on the connection is whole", []string{"SYS-FRAME-2", "SYS-KA-1"},
		ScenarioCase(bodyOn304), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(2))
			for i := range 2 {
				r := o.Response(i)
				Expect(r).To(HaveStatus(304))
				Expect(r).To(HaveBody(""))
				Expect(r).To(BeComplete())
			}
			Expect(o).To(StayOpen())
		}})
})
