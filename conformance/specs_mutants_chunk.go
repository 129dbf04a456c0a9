package conformance

import (
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

// longChunkLine is a chunked upload whose first chunk-size line carries
// 20 KiB of well-formed extensions, more than MaxFieldLength allows a
// header line.
var longChunkLine = &fixtures.Scenario{ID: "chunk-line-too-long", HandlerBody: "handler\n",
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5" +
		strings.Repeat(";e=v", 5<<10) + "\r\nhello\r\n0\r\n\r\n",
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "", Do("EchoEntityBody")))}}

var _ = Area("HTTP.sys chunk-size lines", func() {
	// SYS-CHUNK-2 [INFER] A chunk-size line longer than HTTP.sys's bound
	// is answered as a malformed chunk (SYS-CHUNK-1): HTTP.sys's own 400
	// and a close, the module's read failing as a disconnect.
	// Source: https://www.rfc-editor.org/rfc/rfc9112#section-7.1.1
	Behaviour("refuses a chunk-size line of 20 KiB as a malformed chunk", []string{"SYS-CHUNK-2", "SYS-CHUNK-1"},
		ScenarioCase(longChunkLine), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveStatus(400))
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(callResults(o, "ReadEntityBody")).To(ContainElement("HRESULT_FROM_WIN32(ERROR_CONNECTION_INVALID)"))
		}})
})
