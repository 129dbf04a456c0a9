package conformance

import (
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// Specs for pipeline behaviour that mutation testing found unchecked (see
// internal/mutate and its survivors list): each kills mutants of iis that
// survived the suite before it.

var (
	// redirectOverOwn sets its own Location and Content-Type and writes,
	// then redirects: Redirect's values replace the module's.
	redirectOverOwn = &fixtures.Scenario{ID: "redirect-over-own-headers", HandlerBody: "never\n",
		Request: "GET {path}/page HTTP/1.1\r\nHost: example.test\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Redirector", At("RQ_BEGIN_REQUEST", "FINISH", Do("SetHeader", "Location", "/mine"),
				Do("SetHeader", "Content-Type", "text/plain"), Do("WriteEntityChunks", "mine\n"),
				Do("Redirect", "/moved", "true", "false"))),
		}}
	// redirectEmpty asks for a redirect to no URL at all.
	redirectEmpty = &fixtures.Scenario{ID: "redirect-empty-url", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Redirector", At("RQ_BEGIN_REQUEST", "", Do("Redirect", "", "true", "false"))),
		}}
	// flushThenAsync writes and flushes synchronously, then writes
	// asynchronously and goes PENDING: the one completion that comes back
	// is the asynchronous write's.
	flushThenAsync = &fixtures.Scenario{ID: "flush-then-async-write", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_BEGIN_REQUEST", "PENDING", Do("WriteEntityChunks", "ab\n"), Do("Flush"),
				Do("WriteEntityChunksAsync", "cdef\n"))),
		}}
	// completionExpected writes and flushes both ways and records the
	// pfCompletionExpected each call returned.
	completionExpected = &fixtures.Scenario{ID: "completion-expected", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer",
				At("RQ_BEGIN_REQUEST", "PENDING", Do("WriteEntityChunksCompletionExpected", "ab\n", "false"),
					Do("FlushCompletionExpected", "false"), Do("WriteEntityChunksCompletionExpected", "cd\n", "true")),
				At("RQ_AUTHENTICATE_REQUEST", "PENDING", Do("WriteEntityChunksCompletionExpected", "ef\n", "false"),
					Do("FlushCompletionExpected", "true"))),
		}}
	// readAsync reads the body asynchronously, asking how much is left
	// before and after.
	readAsync = &fixtures.Scenario{ID: "read-entity-async", HandlerBody: "handler\n",
		Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789",
		Modules: []fixtures.ModuleScript{
			Mod("Reader", At("RQ_BEGIN_REQUEST", "PENDING", Do("GetRemainingEntityBytes"), Do("ReadEntityBodyAsync")),
				At("RQ_AUTHENTICATE_REQUEST", "", Do("GetRemainingEntityBytes"))),
		}}
	// logDataOnFlush asks for the log data on each send: a flush's, then
	// the final one's.
	logDataOnFlush = &fixtures.Scenario{ID: "log-data-on-flush", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "early\n"), Do("Flush"))),
			{Name: "Logger", Priority: map[string]string{"RQ_SEND_RESPONSE": "HIGH"},
				Steps: []fixtures.Step{At("RQ_SEND_RESPONSE", "", Do("SetLogData", "cs-uri-stem", "/final"))}},
		}}
	// nextFinish asks GetNextNotification about FINISH_REQUEST while a
	// later module of the same notification still has a handler, and asks
	// from inside an unordered notification.
	nextFinish = &fixtures.Scenario{ID: "next-notification-finish", HandlerBody: "never\n",
		Modules: []fixtures.ModuleScript{
			Mod("Raiser", At("RQ_BEGIN_REQUEST", "", Do("NotifyCustomNotification", "ask"))),
			Mod("Listener", At("RQ_CUSTOM_NOTIFICATION", "", Do("GetNextNotification", "RQ_NOTIFICATION_CONTINUE"))),
			Mod("Finisher", At("RQ_BEGIN_REQUEST", "FINISH", Do("GetNextNotification", "RQ_NOTIFICATION_CONTINUE"),
				Do("GetNextNotification", "RQ_NOTIFICATION_FINISH_REQUEST"))),
			Mod("Skipped", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "X-Skipped", "ran"))),
			Mod("Ender", At("RQ_END_REQUEST", "", Do("SetHeader", "X-End", "ran"))),
		}}
)

// fieldValues returns every value of the named header, in order.
func fieldValues(r *wire.Response, name string) []string {
	var out []string
	for _, f := range r.Fields {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

var _ = Area("The pipeline, as mutation testing asked", func() {
	// RD-1 [INFER] Redirect replaces a Location and a Content-Type the
	// module set before it, rather than adding a second of each: a
	// response carries one Location (RFC 9110 section 10.2.2) and one
	// Content-Type (section 8.3), and the redirect's message is HTML; the
	// entity written before the call is removed (the method page).
	// Source: iis:ihttpresponse-redirect-method
	Behaviour("replaces the module's own Location and Content-Type when it redirects", []string{"RD-1", "RD-2"},
		ScenarioCase(redirectOverOwn), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			loc := "http://" + o.SentHost() + "/moved"
			Expect(r).To(HaveStatus(302))
			Expect(fieldValues(r, "Location")).To(Equal([]string{loc}), "one Location, Redirect's")
			Expect(fieldValues(r, "Content-Type")).To(Equal([]string{"text/html; charset=UTF-8"}), "one Content-Type, Redirect's")
			Expect(r).To(HaveBody(documentMoved(loc)))
		}})

	// HD-5 [INFER] Redirect to an empty URL fails with
	// ERROR_INVALID_PARAMETER and changes nothing: there is no Location to
	// send.
	// Source: iis:ihttpresponse-redirect-method
	Behaviour("refuses a redirect to an empty URL and leaves the response alone", []string{"HD-5", "RD-1"},
		ScenarioCase(redirectEmpty), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveNoHeader("Location"))
			Expect(r).To(HaveBody("handler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call Redirect =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)"))
		}})

	// ASYNC-1 [INFER] A synchronous WriteEntityChunks or Flush expects no
	// completion (pfCompletionExpected FALSE): the one OnAsyncCompletion a
	// module then gets is its asynchronous write's, with that write's
	// bytes.
	// Source: iis:ihttpresponse-flush-method, iis:ihttpresponse-writeentitychunks-method
	Behaviour("completes only the asynchronous write, not the synchronous write and flush before it", []string{"ASYNC-1", "FL-1"},
		ScenarioCase(flushThenAsync), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("ab\ncdef\nhandler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_BEGIN_REQUEST Writer =PENDING", "RQ_BEGIN_REQUEST Writer =CONTINUE",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler =CONTINUE"))
			Expect(callResults(o, "OnAsyncCompletion")).To(Equal([]string{"5 bytes, S_OK"}),
				"one completion, the asynchronous write's")
		}})

	// ASYNC-1 [INFER] WriteEntityChunks and Flush return
	// pfCompletionExpected TRUE when asked to run asynchronously, and the
	// completion then comes through OnAsyncCompletion; synchronously they
	// return FALSE.
	// Source: iis:ihttpresponse-writeentitychunks-method, iis:ihttpresponse-flush-method
	Behaviour("expects a completion for an asynchronous write or flush, and none for a synchronous one", []string{"ASYNC-1", "FL-1"},
		ScenarioCase(completionExpected), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("ab\ncd\nef\nhandler\n"))
		}, Server: func(o *Observation) {
			Expect(callResults(o, "WriteEntityChunksCompletionExpected")).To(Equal([]string{"FALSE", "TRUE", "FALSE"}))
			Expect(callResults(o, "FlushCompletionExpected")).To(Equal([]string{"FALSE", "TRUE"}))
			Expect(callResults(o, "OnAsyncCompletion")).To(Equal([]string{"3 bytes, S_OK", "6 bytes, S_OK"}),
				"the asynchronous write's, then the asynchronous flush's, which sends what both wrote since the first flush")
		}})

	// ASYNC-1 [INFER] An asynchronous ReadEntityBody completes through
	// OnAsyncCompletion with the bytes read, once the module returned
	// PENDING. RQ-1 [DOC] GetRemainingEntityBytes is the entity not yet
	// read: all of it before the read, none after.
	// Source: iis:ihttprequest-readentitybody-method, iis:ihttprequest-getremainingentitybytes-method
	Behaviour("completes an asynchronous ReadEntityBody through OnAsyncCompletion", []string{"ASYNC-1", "RQ-1"},
		ScenarioCase(readAsync), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("handler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("RQ_BEGIN_REQUEST Reader =PENDING", "call GetRemainingEntityBytes =10",
				"call ReadEntityBody =S_OK", "call OnAsyncCompletion =10 bytes, S_OK", "RQ_BEGIN_REQUEST Reader =CONTINUE",
				"RQ_AUTHENTICATE_REQUEST Reader", "call GetRemainingEntityBytes =0"))
			Expect(callResults(o, "OnAsyncCompletion")).To(Equal([]string{"10 bytes, S_OK"}))
		}})

	// LOG-DATA-1 [INFER] GetLogData is NULL on a send that is not the final
	// one (GetReadyToLogData FALSE), even for a module registered at HIGH,
	// so SetLogData changes the log only from the final send.
	// Source: iis:isendresponseprovider-getlogdata-method
	Behaviour("gives no log data on a flush's send, only on the final one", []string{"LOG-DATA-1", "PIPE-6"},
		ScenarioCase(logDataOnFlush), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("early\nhandler\n"))
		}, Server: func(o *Observation) {
			Expect(callResults(o, "SetLogData")).To(Equal([]string{"NULL", `cs-uri-stem "/scenarios/log-data-on-flush": S_OK`}),
				"the flush's send, then the final one")
			Expect(o.W3CLog()).To(HaveLen(1))
			Expect(o.RequestLog[0].URIStem).To(Equal("/final"))
		}})

	// CTX-NEXT-1 [DOC] GetNextNotification is FALSE while a later module of
	// the current notification would still run (a handler in between), and
	// in an unordered notification, which has no next one. PIPE-FIN-2
	// [INFER] with FINISH_REQUEST the later modules do not run, so the
	// answer is the next end stage a module is registered for.
	// Source: iis:ihttpcontext-getnextnotification-method
	Behaviour("answers GetNextNotification for FINISH_REQUEST past the modules it skips, and FALSE in an unordered notification",
		[]string{"CTX-NEXT-1", "PIPE-FIN-2", "CN-1"},
		ScenarioCase(nextFinish), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveHeader("X-End", "ran"))
			Expect(r).To(HaveNoHeader("X-Skipped"))
		}, Server: func(o *Observation) {
			Expect(callResults(o, "GetNextNotification")).To(Equal([]string{
				"FALSE",                     // Listener, in RQ_CUSTOM_NOTIFICATION
				"FALSE",                     // Finisher, CONTINUE: Skipped comes in between
				"RQ_END_REQUEST post=false", // Finisher, FINISH_REQUEST: Skipped will not run
			}))
		}})
})
