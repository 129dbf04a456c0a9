package conformance

import (
	"strings"

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
	clearResets = &fixtures.Scenario{ID: "clear-resets", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Clearer", At("RQ_BEGIN_REQUEST", "", Do("SetStatus", "404", "Not Found"), Do("SetHeader", "X-Gone", "a"),
				Do("WriteEntityChunks", "gone\n"), Do("Clear"), Do("WriteEntityChunks", "kept\n"))),
		}}
	clearHeaders = &fixtures.Scenario{ID: "clear-headers", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Clearer", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "X-A", "a"), Do("SetHeader", "Server", "Other"),
				Do("ClearHeaders"), Do("GetHeader", "Server"), Do("GetHeader", "X-A"))),
		}}
	setHeaders = &fixtures.Scenario{ID: "set-header", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Setter", At("RQ_BEGIN_REQUEST", "",
				Do("SetHeader", "X-List", "a"), Do("SetHeader", "X-List", "b", "false"),
				Do("SetHeader", "X-Rep", "a"), Do("SetHeader", "X-Rep", "b", "true"),
				Do("SetHeader", "", "nameless"),
				Do("SetHeader", "X-Long", strings.Repeat("v", 70000)),
				Do("GetHeader", "X-Absent"), Do("DeleteHeader", "X-Absent"),
				Do("SetHeader", "X-Del", "d"), Do("DeleteHeader", "X-Del"))),
		}}
)

var _ = Area("IHttpResponse buffering", func() {
	// BUF-1 [DOC] Buffering is on by default: nothing is sent before the
	// request ends, so a reset in OnEndRequest loses everything written.
	// Source: iis:ihttpresponse-disablebuffering-method
	Behaviour("holds the response in memory until the request ends", []string{"BUF-1"},
		ScenarioCase(bufferedByDefault), func(o *Observation) {
			Expect(o).To(ReceiveNothing())
			Expect(o).To(BeReset())
			Expect(o).NotTo(HaveEventsInOrder("RQ_BEGIN_REQUEST Writer", "send", "RQ_END_REQUEST Writer"))
		})

	// BUF-2 [DOC] After DisableBuffering the client receives data as it is
	// written.
	// Source: iis:ihttpresponse-disablebuffering-method
	Behaviour("sends each write at once after DisableBuffering", []string{"BUF-2", "BUF-3", "FL-2"},
		ScenarioCase(unbuffered), func(o *Observation) {
			Expect(o).To(BeReset())
			Expect(o.Client.Responses).To(HaveLen(1))
			r := o.Client.Responses[0]
			Expect(r.Get("Transfer-Encoding")).To(Equal("chunked"))
			Expect(string(r.Body)).To(Equal("early\nhandler\n"))
			Expect(r.Complete()).To(BeFalse())
		})

	// BUF-2 [DOC] DisableBuffering does not turn buffering off inside
	// OnSendResponse: the write joins the final send, framed by length.
	// Source: iis:ihttpresponse-disablebuffering-method
	Behaviour("keeps buffering inside OnSendResponse", []string{"BUF-2"},
		ScenarioCase(unbufferedInSend), func(o *Observation) {
			Expect(o.Client.Final()).To(HaveLen(1))
			r := o.Client.Final()[0]
			Expect(r.Get("Content-Length")).To(Equal("18"))
			Expect(string(r.Body)).To(Equal("handler\nfrom send\n"))
		})

	// BUF-3 [DOC] WriteEntityChunks flushes by itself once the buffer
	// reaches the handler's responseBufferLimit.
	// Source: iis:ihttpresponse-writeentitychunks-method
	Behaviour("flushes by itself at responseBufferLimit", []string{"BUF-3", "PIPE-6"},
		ScenarioCase(bufferLimit), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call WriteEntityChunks", "send", "RQ_END_REQUEST Writer"))
			Expect(o).To(BeReset())
			Expect(o.Client.Responses).To(HaveLen(1))
			Expect(string(o.Client.Responses[0].Body)).To(HavePrefix("0123456789\n"))
		})
})

var _ = Area("IHttpResponse::Flush", func() {
	// FL-1 [DOC] Flush sends status, headers and what is buffered; after it,
	// Clear, SetStatus and SetHeader cannot change what the client got
	// (HD-4, INFER: they return S_OK).
	// Source: iis:ihttpresponse-flush-method
	Behaviour("sends the headers at once, after which Clear and SetStatus change nothing sent", []string{"FL-1", "HD-4"},
		ScenarioCase(flushThenClear), func(o *Observation) {
			Expect(o.Client.Final()).To(HaveLen(1))
			r := o.Client.Final()[0]
			Expect(r.StatusCode).To(Equal(200))
			Expect(r.Get("X-Late")).To(BeEmpty())
			Expect(string(r.Body)).To(Equal("sent\nhandler\n"))
			Expect(o).To(HaveEventsInOrder("call SetStatus =S_OK", "call SetHeader =S_OK"))
		})

	// FL-2 [EVID] A response flushed early, without Content-Length, is
	// chunked; one sent whole at the end has a Content-Length.
	// Source: SEMANTICS.md §2
	Behaviour("chunks a response flushed before it is complete", []string{"FL-2", "FL-1"},
		SampleCase("flush", "GET /samples/flush HTTP/1.1\r\nHost: x\r\n\r\n", 1), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.Get("Transfer-Encoding")).To(Equal("chunked"))
			Expect(r.Get("Content-Length")).To(BeEmpty())
			Expect(string(r.Body)).To(Equal("Flushed before the handler ran.\n" + fixtures.HandlerBody))
			Expect(r.Complete()).To(BeTrue())
		})
	Behaviour("gives a response sent whole a Content-Length", []string{"FL-2", "BUF-1", "SD-1"},
		HelloCase("get", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.Get("Content-Length")).To(Equal("31"))
			Expect(r.Get("Transfer-Encoding")).To(BeEmpty())
			Expect(r.Get("Server")).To(Equal("Microsoft-IIS/10.0"))
			Expect(string(r.Body)).To(Equal(fixtures.HandlerBody))
		})
})

var _ = Area("IHttpResponse::Clear and ClearHeaders", func() {
	// CL-1 [DOC] Clear empties the buffered entity and, per the method
	// page's remarks (scope INFER), puts status and headers back to their
	// defaults.
	// Source: iis:ihttpresponse-clear-method
	Behaviour("empties the entity and restores the default status and headers", []string{"CL-1"},
		ScenarioCase(clearResets), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.StatusCode).To(Equal(200))
			Expect(r.Get("X-Gone")).To(BeEmpty())
			Expect(string(r.Body)).To(Equal("kept\nhandler\n"))
		})
	Behaviour("runs the documentation's Clear sample", []string{"CL-1"},
		SampleCase("clear", "GET /samples/clear HTTP/1.1\r\nHost: x\r\n\r\n", 1), func(o *Observation) {
			Expect(string(o.Client.Final()[0].Body)).To(Equal("The handler's output was cleared.\n"))
		})

	// CL-2 [DOC] ClearHeaders removes every header and puts back the
	// default set (Server: Microsoft-IIS/10.0, SD-1).
	// Source: iis:ihttpresponse-clearheaders-method
	Behaviour("removes every header and puts back the defaults", []string{"CL-2", "SD-1"},
		ScenarioCase(clearHeaders), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(`call GetHeader ="Microsoft-IIS/10.0"`, `call GetHeader =""`))
			r := o.Client.Final()[0]
			Expect(r.Get("X-A")).To(BeEmpty())
			Expect(r.Get("Server")).To(Equal("Microsoft-IIS/10.0"))
		})
})

var _ = Area("IHttpResponse headers", func() {
	// HD-1 [DOC] SetHeader replaces with fReplace TRUE and appends with a
	// comma otherwise; an empty name is ERROR_INVALID_PARAMETER and a value
	// too long ERROR_INVALID_DATA.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("replaces or appends, and refuses a nameless header or an overlong value", []string{"HD-1"},
		ScenarioCase(setHeaders), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.Get("X-List")).To(Equal("a,b"))
			Expect(r.Get("X-Rep")).To(Equal("b"))
			Expect(r.Get("X-Long")).To(BeEmpty())
			Expect(o).To(HaveEventsInOrder(
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_DATA)",
			))
		})

	// HD-2 [DOC] GetHeader of an absent header returns an empty value;
	// DeleteHeader succeeds whether or not the header exists.
	// Source: iis:ihttpresponse-getheader-method, iis:ihttpresponse-deleteheader-method
	Behaviour("reads an absent header as empty and deletes with or without it", []string{"HD-2"},
		ScenarioCase(setHeaders), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(`call GetHeader =""`, "call DeleteHeader =S_OK", "call DeleteHeader =S_OK"))
			Expect(o.Client.Final()[0].Get("X-Del")).To(BeEmpty())
		})
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
		ScenarioCase(flushInsideSend), func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler", "RQ_SEND_RESPONSE Nested"))
			Expect(o).To(HaveEventsInOrder("call Flush =S_OK", "send final"))
			r := o.Client.Final()[0]
			Expect(r.Get("Content-Length")).To(Equal("18"))
			Expect(string(r.Body)).To(Equal("handler\nfrom send\n"))
		})
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
		SampleCase("send-response-flags", "GET /samples/send-response-flags HTTP/1.1\r\nHost: x\r\n\r\n", 1), func(o *Observation) {
			Expect(o).To(BeClosedGracefully())
			r := o.Client.Final()[0]
			Expect(string(r.Body)).To(Equal("Response flags: 0x00000005\n"))
			Expect(r.Get("Connection")).To(Equal("close"))
			Expect(o).To(HaveEventsInOrder("send final 27 bytes flags=DISCONNECT|BUFFER_DATA =S_OK"))
		})

	// SR-INFO-1 [DOC] GetHeadersBeingSent and GetReadyToLogData.
	// Source: iis:isendresponseprovider-interface
	Behaviour("tells which send carries the headers and which is the last", []string{"SR-INFO-1", "PIPE-7"},
		ScenarioCase(sendFlagsInfo), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call GetSendInfo =flags=MORE_DATA headers=TRUE ready-to-log=FALSE",
				"call GetSendInfo =flags=0 headers=FALSE ready-to-log=TRUE",
			))
		})
})
