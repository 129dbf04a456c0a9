package conformance

import (
	"github.com/iisemu/iisemu/fixtures"

	. "github.com/onsi/gomega"
)

// Specs for what mutation testing found unchecked (see internal/mutate and
// its survivors list): each kills mutants of httpsys that survived the
// suite before it.

// expectReader echoes the bodies of two requests that each expect 100
// Continue. Each body ends with CRLF, so that the second request starts a
// line, where a target's request tagging finds it.
var expectReader = &fixtures.Scenario{ID: "expect-continue-read", HandlerBody: "handler\n",
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nhi\r\n" +
		"POST {path} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nho\r\n",
	Requests: 2,
	Modules:  []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("EchoEntityBody")))}}

// closingReader reads the whole body, then asks for the connection to be
// closed after the response.
var closingReader = &fixtures.Scenario{ID: "read-then-disconnect", HandlerBody: "handler\n",
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("EchoEntityBody"), Do("SetNeedDisconnect")))}}

var _ = Area("HTTP.sys request bodies, as mutation testing asked", func() {
	// SYS-EXPECT-1 [INFER] With Expect: 100-continue, HTTP.sys sends the
	// interim 100 Continue when the application first reads the body, then
	// the application's answer; on a kept-alive connection, so does each
	// request.
	// Source: RFC 9110 section 10.1.1.
	Behaviour("sends 100 Continue when a module reads the body, for each request on the connection", []string{"SYS-EXPECT-1", "SYS-KA-1"},
		ScenarioCase(expectReader), Checks{Wire: func(o *Observation) {
			var statuses []int
			for _, r := range o.Client.Responses {
				statuses = append(statuses, r.StatusCode)
			}
			Expect(statuses).To(Equal([]int{100, 200, 100, 200}), "an interim 100 before each answer")
			Expect(o.Response(0)).To(HaveBody("hi\r\nhandler\n"))
			Expect(o.Response(1)).To(HaveBody("ho\r\nhandler\n"))
			Expect(o).To(StayOpen())
		}})

	// SYS-LOG-1 [DOC] HTTP.sys logs the connections it ends itself and
	// those a client drops mid-request; a connection closed after a
	// complete exchange, its body read to the end, is neither.
	// Source: https://learn.microsoft.com/en-us/windows/win32/http/types-of-errors-logged-by-the-http-server-api
	Behaviour("logs nothing when it closes, as asked, a connection whose body was read to the end", []string{"SYS-LOG-1", "ND-2"},
		ScenarioCase(closingReader), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("hellohandler\n"))
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(o.ErrorReasons()).To(BeEmpty())
		}})
})
