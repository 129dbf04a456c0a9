package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

var (
	bufferedByDefault = &fixtures.Scenario{ID: "buffered-by-default", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "early\n")),
				At("RQ_END_REQUEST", "", Do("ResetConnection"))),
		}}
	unbuffered = &fixtures.Scenario{ID: "disable-buffering", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_BEGIN_REQUEST", "", Do("DisableBuffering"), Do("WriteEntityChunks", "early\n")),
				At("RQ_END_REQUEST", "", Do("ResetConnection"))),
		}}
	unbufferedInSend = &fixtures.Scenario{ID: "disable-buffering-in-send-response", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_SEND_RESPONSE", "", Do("DisableBuffering"), Do("WriteEntityChunks", "from send\n"))),
		}}
	bufferLimit = &fixtures.Scenario{ID: "response-buffer-limit", HandlerBody: "handler\n", ResponseBufferLimit: 8,
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "0123456789\n")),
				At("RQ_END_REQUEST", "", Do("ResetConnection"))),
		}}
	flushThenClear = &fixtures.Scenario{ID: "flush-then-clear", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "sent\n"), Do("Flush"),
				Do("WriteEntityChunks", "cleared\n"), Do("Clear"), Do("SetStatus", "500", "Oops"),
				Do("SetHeader", "X-Late", "ignored"))),
		}}
	byReference = &fixtures.Scenario{ID: "write-by-reference", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Referrer", At("RQ_END_REQUEST", "", Do("WriteEntityChunkByReference", "PRE\n", "0"),
				Do("WriteEntityChunkByReference", "POST\n", "-1"), Do("WriteEntityChunkByReference", "x", "5"))),
		}}
	chunkLimits = &fixtures.Scenario{ID: "chunk-limits", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunksNull"), Do("WriteEntityChunksCount", "3"),
				Do("WriteEntityChunksCount", "65533"))),
		}}
)

var _ = Area("IHttpResponse buffering", func() {
	// BUF-1 [DOC] Buffering is on by default: nothing is sent before the
	// request ends, so a reset in OnEndRequest loses everything written.
	// Source: iis:ihttpresponse-disablebuffering-method
	Behaviour("holds the response in memory until the request ends", []string{"BUF-1"},
		ScenarioCase(bufferedByDefault), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
		}, Server: func(o *Observation) {
			Expect(o).NotTo(HaveEventsInOrder("RQ_BEGIN_REQUEST Writer", "send", "RQ_END_REQUEST Writer"))
		}})

	// BUF-2 [DOC] After DisableBuffering the client receives data as it is
	// written.
	// Source: iis:ihttpresponse-disablebuffering-method
	Behaviour("sends each write at once after DisableBuffering", []string{"BUF-2", "BUF-3", "FL-2"},
		ScenarioCase(unbuffered), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeReset())
			Expect(o.Client.Responses).To(HaveLen(1))
			r := o.Client.Responses[0]
			Expect(r).To(HaveHeader("Transfer-Encoding", "chunked"))
			Expect(r).To(HaveBody("early\nhandler\n"))
			Expect(r).NotTo(BeComplete())
		}})

	// BUF-2 [DOC] DisableBuffering does not turn buffering off inside
	// OnSendResponse: the write joins the final send, framed by length.
	// Source: iis:ihttpresponse-disablebuffering-method
	Behaviour("keeps buffering inside OnSendResponse", []string{"BUF-2"},
		ScenarioCase(unbufferedInSend), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveHeader("Content-Length", "18"))
			Expect(r).To(HaveBody("handler\nfrom send\n"))
		}})

	// BUF-3 [DOC] WriteEntityChunks flushes by itself once the buffer
	// reaches the handler's responseBufferLimit.
	// Source: iis:ihttpresponse-writeentitychunks-method
	Behaviour("flushes by itself at responseBufferLimit", []string{"BUF-3", "PIPE-6"},
		ScenarioCase(bufferLimit), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeReset())
			Expect(o.Client.Responses).To(HaveLen(1))
			Expect(string(o.Client.Responses[0].Body)).To(HavePrefix("0123456789\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call WriteEntityChunks", "send", "RQ_END_REQUEST Writer"))
		}})
})

var _ = Area("IHttpResponse::Flush", func() {
	// FL-1 [DOC] Flush sends status, headers and what is buffered; after it,
	// Clear, SetStatus and SetHeader cannot change what the client got
	// (HD-4, INFER: they return S_OK).
	// Source: iis:ihttpresponse-flush-method
	Behaviour("sends the headers at once, after which Clear and SetStatus change nothing sent", []string{"FL-1", "HD-4"},
		ScenarioCase(flushThenClear), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveNoHeader("X-Late"))
			Expect(r).To(HaveBody("sent\nhandler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call SetStatus =S_OK", "call SetHeader =S_OK"))
		}})

	// FL-2 [EVID] A response flushed early, without Content-Length, is
	// chunked; one sent whole at the end has a Content-Length.
	// Evidence: dotnet/aspnetcore src/Servers/IIS/IIS/test/IIS.Tests/
	// ResponseAbortTests.cs, ClosesAfterDataSent
	Behaviour("chunks a response flushed before it is complete", []string{"FL-2", "FL-1"},
		SampleCase("flush", "GET /samples/flush HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveHeader("Transfer-Encoding", "chunked"))
			Expect(r).To(HaveNoHeader("Content-Length"))
			Expect(r).To(HaveBody("Flushed before the handler ran.\n" + fixtures.HandlerBody))
			Expect(r).To(BeComplete())
		}})
	Behaviour("gives a response sent whole a Content-Length", []string{"FL-2", "BUF-1", "SD-1"},
		HelloCase("get", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveHeader("Content-Length", "31"))
			Expect(r).To(HaveNoHeader("Transfer-Encoding"))
			Expect(r).To(HaveHeader("Server", "Microsoft-IIS/10.0"))
			Expect(r).To(HaveBody(fixtures.HandlerBody))
		}})
})

var _ = Area("IHttpResponse entity chunks", func() {
	// BUF-5 [DOC] WriteEntityChunkByReference puts the chunk before (0) or
	// after (-1) what is buffered; other positions are refused (INFER).
	// Source: iis:ihttpresponse-writeentitychunkbyreference-method
	Behaviour("inserts chunks by reference before or after the buffered data", []string{"BUF-5"},
		ScenarioCase(byReference), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("PRE\nhandler\nPOST\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call WriteEntityChunkByReference =S_OK", "call WriteEntityChunkByReference =S_OK",
				"call WriteEntityChunkByReference =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)"))
		}})

	// BUF-4 [DOC] A NULL chunk array is ERROR_INVALID_PARAMETER; more than
	// 65,535 chunks in one response is ERROR_ARITHMETIC_OVERFLOW; pcbSent
	// reports the bytes taken.
	// Source: iis:ihttpresponse-writeentitychunks-method
	Behaviour("refuses a NULL chunk array and more than 65,535 chunks", []string{"BUF-4"},
		ScenarioCase(chunkLimits), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("...handler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call WriteEntityChunks =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call WriteEntityChunks =S_OK",
				"call WriteEntityChunks =HRESULT_FROM_WIN32(ERROR_ARITHMETIC_OVERFLOW)",
			))
		}})
})

var flushInsideSend = &fixtures.Scenario{ID: "flush-inside-send-response", HandlerBody: "handler\n",
	Modules: []fixtures.ModuleScript{
		Mod("Nested", At("RQ_SEND_RESPONSE", "", Do("WriteEntityChunks", "from send\n"), Do("Flush"))),
	}}

var _ = Area("RQ_SEND_RESPONSE and Flush", func() {
	// SR-NEST-1 [INFER] Flush inside OnSendResponse returns S_OK and starts
	// no second send; the send under way carries the data.
	// Source: project decision
	Behaviour("starts no second send when OnSendResponse flushes", []string{"SR-NEST-1", "PIPE-6"},
		ScenarioCase(flushInsideSend), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveHeader("Content-Length", "18"))
			Expect(r).To(HaveBody("handler\nfrom send\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler", "RQ_SEND_RESPONSE Nested"))
			Expect(o).To(HaveEventsInOrder("call Flush =S_OK", "send final"))
		}})
})

var sendFlagsInfo = &fixtures.Scenario{ID: "send-response-info", HandlerBody: "handler\n",
	Modules: []fixtures.ModuleScript{
		Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "early\n"), Do("Flush"))),
		Mod("Watcher", At("RQ_SEND_RESPONSE", "", Do("GetSendInfo"))),
	}}

var _ = Area("ISendResponseProvider", func() {
	// SR-FLAGS-1 [DOC] The documentation's GetFlags/SetFlags sample adds
	// DISCONNECT and BUFFER_DATA and rewrites the body: the client gets the
	// rewritten body, then an orderly close.
	// Source: iis:isendresponseprovider-getflags-method
	Behaviour("runs the GetFlags sample: the rewritten body, then FIN", []string{"SR-FLAGS-1", "SYS-DISC-1"},
		SampleCase("send-response-flags", "GET /samples/send-response-flags HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			r := o.Response(0)
			Expect(r).To(HaveBody("Response flags: 0x00000005\n"))
			Expect(r).To(HaveHeader("Connection", "close"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("send final 27 bytes flags=DISCONNECT|BUFFER_DATA =S_OK"))
		}})

	// SR-INFO-1 [DOC] GetHeadersBeingSent and GetReadyToLogData.
	// Source: iis:isendresponseprovider-interface
	Behaviour("tells which send carries the headers and which is the last", []string{"SR-INFO-1", "PIPE-7"},
		ScenarioCase(sendFlagsInfo), Checks{Wire: func(o *Observation) {
			expectServed(o, "early\nhandler\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call GetSendInfo =flags=MORE_DATA headers=TRUE ready-to-log=FALSE",
				"call GetSendInfo =flags=0 headers=FALSE ready-to-log=TRUE",
			))
		}})
})
