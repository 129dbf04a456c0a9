package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

// The seed scenarios. Each handler writes a body, so what a module did to
// the response is visible on the wire.
var (
	resetThenContinue = &fixtures.Scenario{ID: "reset-begin-continue", HandlerBody: "handler body\n",
		Modules: []fixtures.ModuleScript{
			Mod("Resetter", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "before\n"), Do("ResetConnection"),
				Do("WriteEntityChunks", "after\n"), Do("IsConnected"), Do("Flush"))),
			Mod("Observer", At("RQ_AUTHENTICATE_REQUEST", ""), At("RQ_END_REQUEST", "", Do("IsConnected")),
				At("RQ_SEND_RESPONSE", "")),
		}}
	resetThenFinish = &fixtures.Scenario{ID: "reset-begin-finish", HandlerBody: "handler body\n",
		Modules: []fixtures.ModuleScript{
			Mod("Resetter", At("RQ_BEGIN_REQUEST", "FINISH", Do("ResetConnection"), Do("WriteEntityChunks", "after\n"))),
			Mod("Observer", At("RQ_BEGIN_REQUEST", ""), At("RQ_AUTHENTICATE_REQUEST", ""),
				At("RQ_LOG_REQUEST", ""), At("RQ_END_REQUEST", ""), At("RQ_SEND_RESPONSE", "")),
		}}
	resetInSendResponse = &fixtures.Scenario{ID: "reset-send-response", HandlerBody: "handler body\n",
		Modules: []fixtures.ModuleScript{
			Mod("Resetter", At("RQ_SEND_RESPONSE", "FINISH", Do("Clear"), Do("WriteEntityChunks", "Status: Before Reset\n"),
				Do("ResetConnection"), Do("WriteEntityChunks", "Status: After Reset\n"))),
		}}
	resetAfterFlush = &fixtures.Scenario{ID: "reset-after-flush", HandlerBody: "never sent\n",
		Modules: []fixtures.ModuleScript{
			Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "Content-Type", "text/plain"),
				Do("WriteEntityChunks", "flushed first\n"), Do("Flush"),
				Do("WriteEntityChunks", "buffered, then lost\n"), Do("ResetConnection"))),
		}}
	resetPipelined = &fixtures.Scenario{ID: "reset-pipelined", HandlerBody: "handler body\n",
		Request:  "GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET {path} HTTP/1.1\r\nHost: x\r\n\r\n",
		Requests: 2,
		Modules: []fixtures.ModuleScript{
			Mod("Resetter", At("RQ_EXECUTE_REQUEST_HANDLER", "", Do("ResetConnection"))),
		}}
	closeConnection = &fixtures.Scenario{ID: "close-connection", HandlerBody: "handler body\n",
		Modules: []fixtures.ModuleScript{
			Mod("Closer", At("RQ_END_REQUEST", "", Do("CloseConnection"), Do("WriteEntityChunks", "after\n"))),
		}}
	needDisconnectPipelined = &fixtures.Scenario{ID: "need-disconnect-pipelined", HandlerBody: "whole body\n",
		Request:  "GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET {path} HTTP/1.1\r\nHost: x\r\n\r\n",
		Requests: 2,
		Modules: []fixtures.ModuleScript{
			Mod("Disconnecter", At("RQ_BEGIN_REQUEST", "", Do("SetNeedDisconnect"))),
		}}
	needDisconnectVsReset = map[string]*fixtures.Scenario{
		"SetNeedDisconnect": {ID: "side-by-side-need-disconnect", HandlerBody: "same body\n",
			Modules: []fixtures.ModuleScript{Mod("M", At("RQ_BEGIN_REQUEST", "", Do("SetNeedDisconnect")))}},
		"ResetConnection": {ID: "side-by-side-reset", HandlerBody: "same body\n",
			Modules: []fixtures.ModuleScript{Mod("M", At("RQ_BEGIN_REQUEST", "", Do("ResetConnection")))}},
	}
)

var _ = Area("IHttpResponse::ResetConnection", func() {
	// RC-1 [DOC] ResetConnection resets the client's socket at once: the
	// client gets none of the buffered response and sees RST, not FIN. It is
	// built on HttpCancelHttpRequest (SYS-CANCEL-1), which resets.
	// Source: iis:ihttpresponse-resetconnection-method
	Behaviour("resets the client's socket at once: no bytes, then RST", []string{"RC-1", "SYS-CANCEL-1"},
		ScenarioCase(resetThenContinue), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call ResetConnection", "close reset"))
		}})

	// RC-2 [DOC] WriteEntityChunks after the reset still returns S_OK; nothing
	// written before or after it reaches the client.
	// Source: iis:ihttpresponse-resetconnection-method
	Behaviour("lets writes after the reset succeed, and sends none of them", []string{"RC-2"},
		ScenarioCase(resetThenContinue), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call ResetConnection", "call WriteEntityChunks =S_OK"))
		}})

	// RC-3 [DOC] Without FINISH_REQUEST after the reset, the pipeline keeps
	// processing: every later notification still runs.
	// Source: iis:ihttpresponse-resetconnection-method
	Behaviour("keeps the pipeline running when the module continues", []string{"RC-3", "PIPE-CONT-1"},
		ScenarioCase(resetThenContinue), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Resetter =CONTINUE",
				"RQ_AUTHENTICATE_REQUEST Observer",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler",
				"RQ_END_REQUEST Observer",
				"RQ_SEND_RESPONSE Observer",
			))
			Expect(o).To(HaveEventsInOrder("send final =dropped"))
		}})

	// RC-4 [DOC] FINISH_REQUEST after the reset ends request-level
	// processing; the end stages still run (PIPE-FIN-3, INFER).
	// Source: iis:ihttpresponse-resetconnection-method
	Behaviour("stops request-level processing when the module returns FINISH_REQUEST", []string{"RC-4", "PIPE-FIN-1", "PIPE-FIN-2", "PIPE-FIN-3"},
		ScenarioCase(resetThenFinish), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Resetter =FINISH",
				"RQ_LOG_REQUEST Observer",
				"RQ_END_REQUEST Observer",
				"RQ_SEND_RESPONSE Observer",
			))
		}})

	// RC-5 [DOC] The documentation's sample: the client gets no text at all.
	// Source: iis:ihttpresponse-resetconnection-method
	Behaviour("runs the documentation's sample: no text, then RST", []string{"RC-5", "RC-1", "RC-2"},
		SampleCase("reset-connection", "GET /samples/reset-connection HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_SEND_RESPONSE ResetConnectionSample =FINISH",
				"call ResetConnection =S_OK",
				"call WriteEntityChunks =S_OK",
				"send final =dropped",
			))
		}})

	// RC-1 [DOC] in OnSendResponse as well as in OnBeginRequest: the buffered
	// response is lost either way.
	// Source: iis:ihttpresponse-resetconnection-method
	Behaviour("resets from OnSendResponse the same way as from OnBeginRequest", []string{"RC-1", "RC-4"},
		ScenarioCase(resetInSendResponse), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler", "RQ_SEND_RESPONSE Resetter =FINISH"))
		}})

	// RC-6 [INFER] After the reset IsConnected is FALSE and Flush returns S_OK
	// and sends nothing.
	// Source: iis:ihttpresponse-resetconnection-method (the reasoning is
	// RC-6's in the catalogue)
	Behaviour("reports the client gone, and flushes nothing", []string{"RC-6"},
		ScenarioCase(resetThenContinue), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call ResetConnection", "call IsConnected =FALSE", "call Flush =S_OK",
				"call IsConnected =FALSE"))
		}})

	// RC-6 [INFER] The reset connection never carries another request: a
	// pipelined second request is never answered.
	// Source: iis:ihttpresponse-resetconnection-method (the reasoning is
	// RC-6's in the catalogue)
	Behaviour("never answers another request on the reset connection", []string{"RC-6"},
		ScenarioCase(resetPipelined), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o.ServerTraces()).To(HaveLen(1))
		}})

	// RC-7 [EVID] Bytes flushed before the reset reach the client, then the
	// reset; the chunked body lacks its last chunk.
	// Evidence: dotnet/aspnetcore src/Servers/IIS/IIS/test/IIS.Tests/
	// ResponseAbortTests.cs, ClosesAfterDataSent
	Behaviour("delivers what was flushed before the reset, then RST, with no last chunk", []string{"RC-7", "FL-2"},
		ScenarioCase(resetAfterFlush), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeReset())
			Expect(o.Client.Responses).To(HaveLen(1))
			r := o.Client.Responses[0]
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveHeader("Transfer-Encoding", "chunked"))
			Expect(r).To(HaveBody("flushed first\n"))
			Expect(r).NotTo(BeComplete(), "the chunked body must be cut off: no last chunk")
		}})
})

var _ = Area("IHttpResponse::CloseConnection", func() {
	// RC-8 [DOC] CloseConnection closes the connection and sends a reset
	// packet; observably the same as ResetConnection (INFER).
	// Source: iis:ihttpresponse-closeconnection-method
	Behaviour("resets the connection like ResetConnection", []string{"RC-8"},
		ScenarioCase(closeConnection), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call CloseConnection =S_OK", "close reset", "call WriteEntityChunks =S_OK"))
		}})
})

var _ = Area("IHttpResponse::SetNeedDisconnect", func() {
	// ND-1 [DOC] The documentation's sample: SetNeedDisconnect in
	// OnBeginRequest, CONTINUE; the connection ends after the request.
	// Source: iis:ihttpresponse-setneeddisconnect-method
	Behaviour("runs the documentation's sample: the whole response, then the close", []string{"ND-1", "ND-2"},
		SampleCase("set-need-disconnect", "GET /samples/set-need-disconnect HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveBody(fixtures.HandlerBody))
			Expect(r).To(BeComplete())
		}})

	// ND-2 [INFER] The full response carries Connection: close and ends with
	// FIN; a pipelined second request is never answered. The pages call it a
	// reset after the response is complete; the catalogue gives the reasoning.
	// Source: iis:ihttpresponse-setneeddisconnect-method
	Behaviour("closes in an orderly way after the full response, never answering a pipelined request", []string{"ND-2", "SYS-DISC-1"},
		ScenarioCase(needDisconnectPipelined), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			Expect(o).To(HaveResponses(1), "the pipelined second request must not be answered")
			r := o.Response(0)
			Expect(r).To(HaveHeader("Connection", "close"))
			Expect(r).To(HaveBody("whole body\n"))
		}, Server: func(o *Observation) {
			Expect(o.ServerTraces()).To(HaveLen(1))
		}})
})

var _ = Area("ResetConnection versus SetNeedDisconnect", func() {
	// ND-3 [INFER] ResetConnection acts immediately and the client loses the
	// response; SetNeedDisconnect acts once the response is complete (both
	// documented), and the client gets all of it (the project's reading,
	// ND-2). The same module, the same notification, the two methods.
	// Source: iis:ihttpcontext-cancelio-method
	Behaviour("SetNeedDisconnect: the client gets everything, then FIN", []string{"ND-3"},
		ScenarioCase(needDisconnectVsReset["SetNeedDisconnect"]), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("same body\n"))
		}})
	Behaviour("ResetConnection: the client gets nothing, then RST", []string{"ND-3"},
		ScenarioCase(needDisconnectVsReset["ResetConnection"]), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeReset())
			Expect(o).To(ReceiveNothing())
		}})
})
