package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

// chunkReader reads the body in RQ_BEGIN_REQUEST and echoes what it got;
// its request is the chunk-extension smuggling vector.
var chunkReader = &fixtures.Scenario{ID: "chunk-ext-bare-lf", HandlerBody: "handler\n",
	Request: "POST {path} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;\nxx\r\n40\r\n0\r\n\r\n" +
		"GET {path} HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n\r\n0\r\n\r\n",
	Requests: 2,
	Modules: []fixtures.ModuleScript{
		Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("EchoEntityBody"))),
	}}

var _ = Area("HTTP.sys chunked request bodies", func() {
	// SYS-CHUNK-1 [EVID] A chunk line outside RFC 9112 §7.1.1's grammar,
	// here a bare LF inside a chunk extension, is answered 400 by HTTP.sys
	// itself while the request is the application's; the body read fails
	// as a disconnect (ERROR_CONNECTION_INVALID) and the connection is not
	// reused: the bytes after it are never read as a second request,
	// whichever way another parser would have framed them (the
	// chunk-extension smuggling vector).
	// Source: dotnet/aspnetcore src/Servers/IIS/IIS/test/IIS.Tests/ClientDisconnectTests.cs (ReaderThrowsResetExceptionOnInvalidBody)
	Behaviour("answers a bare LF in a chunk extension with HTTP.sys's 400 and answers one request only", []string{"SYS-CHUNK-1", "RB-1"},
		ScenarioCase(chunkReader), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1), "the bytes after the bad chunk line must not make a second request")
			Expect(o.Response(0)).To(HaveStatus(400), "HTTP.sys answers the bad chunk line itself")
			Expect(o).NotTo(StayOpen())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_CONNECTION_INVALID)"))
		}})
})
