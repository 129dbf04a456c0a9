package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// loggedUpload echoes a 5-byte body its module reads.
var loggedUpload = &fixtures.Scenario{ID: "logged-upload", HandlerBody: "handler\n",
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("EchoEntityBody")))}}

var _ = Area("IIS's request log", func() {
	// SYS-LOG-2 [DOC] IIS logs each request in W3C extended format.
	// LOG-W32-1 [INFER] the seed's reset request is logged truthfully: the
	// status that was set, 0 bytes sent, and ERROR_CONNECTION_ABORTED (1236)
	// as its Win32 status.
	// SYS-LOG-4 [INFER] HTTP.sys's error log calls the application's reset
	// Request_Cancelled.
	// Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/
	Behaviour("logs the reset request with the status set, 0 bytes sent and an aborted-connection status", []string{"SYS-LOG-2", "LOG-W32-1", "RC-1", "SYS-LOG-1", "SYS-LOG-4"},
		SampleCase("reset-connection-logged", "GET /samples/reset-connection?x=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: a b\r\n\r\n", 1),
		Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o.W3CLog()).To(HaveLen(1))
			e := o.W3CLog()[0]
			Expect(e.Status).To(BeEquivalentTo(200))
			Expect(e.BytesSent).To(BeZero())
			Expect(e.Win32Status).To(Equal(httpsys.ErrorConnectionAborted))
			Expect(o.ErrorReasons()).To(Equal([]httpsys.LogReason{httpsys.ReasonRequestCancelled}), "HTTP.sys's error log")
			Expect(e.Line()).To(MatchRegexp(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 127\.0\.0\.1 GET /samples/reset-connection x=1 \d+ - 127\.0\.0\.1 a\+b - 200 0 1236 \d+$`))
		}})
	// SYS-LOG-2 [DOC] the default fields (logExtFileFlags' default) include
	// cs-username, "-" for an anonymous request, and cs(Referer), the
	// Referer the client sent, its spaces written as "+".
	// Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/
	Behaviour("logs the client's Referer and a hyphen for the anonymous user", []string{"SYS-LOG-2"},
		HelloCase("logged with a referer", "GET {path} HTTP/1.1\r\nHost: x\r\nReferer: http://x/a b\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o.W3CLog()).To(HaveLen(1))
			e := o.W3CLog()[0]
			Expect(e.Referer).To(Equal("http://x/a b"))
			Expect(e.UserName).To(BeEmpty())
			Expect(e.Line()).To(MatchRegexp(`^\S+ \S+ \S+ GET \S+ - \d+ - \S+ - http://x/a\+b 200 0 0 \d+$`))
			Expect(e.LineFor(iis.LogUserName|iis.LogHTTPStatus)).To(Equal("- 200"),
				"logExtFileFlags naming cs-username and sc-status only: those two fields, space-separated")
		}})
	// SYS-LOG-2 [DOC] cs-bytes counts the whole request, its body too.
	// Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/
	Behaviour("logs a request's body in the bytes received", []string{"SYS-LOG-2"},
		ScenarioCase(loggedUpload), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("hellohandler\n"))
		}, Server: func(o *Observation) {
			Expect(o.W3CLog()).To(HaveLen(1))
			Expect(o.W3CLog()[0].BytesRecv).To(BeEquivalentTo(len(o.Client.Sent)), "the head and the 5 bytes of the body")
		}})
	Behaviour("logs a served request with the bytes that went both ways", []string{"SYS-LOG-2"},
		HelloCase("logged", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o.W3CLog()).To(HaveLen(1))
			e := o.W3CLog()[0]
			Expect(e.Status).To(BeEquivalentTo(200))
			Expect(e.Win32Status).To(BeZero())
			Expect(e.BytesSent).To(BeEquivalentTo(len(o.Client.Received)))
			Expect(e.BytesRecv).To(BeEquivalentTo(len(o.Client.Sent)))
		}})
})
