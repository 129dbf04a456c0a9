package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

var (
	disableNotifications = &fixtures.Scenario{ID: "disable-notifications", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Quitter", At("RQ_BEGIN_REQUEST", "", Do("DisableNotifications", "RQ_AUTHENTICATE_REQUEST|RQ_END_REQUEST", "RQ_BEGIN_REQUEST")),
				PostAt("RQ_BEGIN_REQUEST", ""), At("RQ_AUTHENTICATE_REQUEST", ""), At("RQ_END_REQUEST", ""), At("RQ_SEND_RESPONSE", "")),
			Mod("Other", At("RQ_AUTHENTICATE_REQUEST", ""), At("RQ_END_REQUEST", "")),
		}}
	requestHandled = &fixtures.Scenario{ID: "set-request-handled", HandlerBody: "handler must not run\n",
		Modules: []fixtures.ModuleScript{
			Mod("Handled", At("RQ_MAP_REQUEST_HANDLER", "", Do("WriteEntityChunks", "from the module\n"), Do("SetRequestHandled")),
				At("RQ_EXECUTE_REQUEST_HANDLER", "")),
		}}
	lastAndNext = &fixtures.Scenario{ID: "last-and-next-notification", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Asker", At("RQ_BEGIN_REQUEST", "", Do("GetIsLastNotification", "RQ_NOTIFICATION_CONTINUE"),
				Do("GetNextNotification", "RQ_NOTIFICATION_CONTINUE"), Do("GetNextNotification", "RQ_NOTIFICATION_FINISH_REQUEST")),
				At("RQ_AUTHORIZE_REQUEST", ""),
				At("RQ_END_REQUEST", "", Do("GetIsLastNotification", "RQ_NOTIFICATION_CONTINUE"),
					Do("GetNextNotification", "RQ_NOTIFICATION_CONTINUE"))),
		}}
	headersSent = &fixtures.Scenario{ID: "response-headers-sent", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("GetResponseHeadersSent"), Do("Flush"), Do("GetResponseHeadersSent"))),
		}}
	cancelIo = &fixtures.Scenario{ID: "cancel-io", HandlerBody: "whole body\n",
		Modules: []fixtures.ModuleScript{
			Mod("Canceller", At("RQ_BEGIN_REQUEST", "", Do("CancelIo"), Do("IsConnected"))),
		}}
)

var _ = Area("IHttpContext", func() {
	// PIPE-DIS-1 [DOC] DisableNotifications affects only the calling module,
	// this request, deterministic notifications.
	// Source: iis:ihttpcontext-disablenotifications-method
	Behaviour("stops only the calling module's notifications", []string{"PIPE-DIS-1"},
		ScenarioCase(disableNotifications), Checks{Wire: func(o *Observation) {
			expectServed(o, "handler\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Quitter",
				"RQ_AUTHENTICATE_REQUEST Other",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler",
				"RQ_END_REQUEST Other",
				"RQ_SEND_RESPONSE Quitter",
			))
		}})

	// PIPE-HND-1 [DOC] After SetRequestHandled no further handler runs.
	// Source: iis:ihttpcontext-setrequesthandled-method
	Behaviour("runs no handler after SetRequestHandled", []string{"PIPE-HND-1"},
		ScenarioCase(requestHandled), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("from the module\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_MAP_REQUEST_HANDLER Handled", "RQ_EXECUTE_REQUEST_HANDLER Handled"))
		}})

	// CTX-LAST-1 [DOC] GetIsLastNotification is TRUE while notifications
	// are pending, as its page's return value says.
	// CTX-NEXT-1 [INFER] GetNextNotification reports the next notification
	// the module is registered for, given the status it would return.
	// Source: iis:ihttpcontext-getislastnotification-method
	Behaviour("tells the module whether and which notification comes next", []string{"CTX-LAST-1", "CTX-NEXT-1"},
		ScenarioCase(lastAndNext), Checks{Wire: func(o *Observation) {
			expectServed(o, "handler\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call GetIsLastNotification =TRUE",
				"call GetNextNotification =RQ_AUTHORIZE_REQUEST post=false",
				"call GetNextNotification =RQ_END_REQUEST post=false",
				"call GetIsLastNotification =FALSE",
				"call GetNextNotification =FALSE",
			))
		}})

	// CTX-HDRS-1 [DOC] GetResponseHeadersSent turns TRUE with the flush.
	// Source: iis:ihttpcontext-getresponseheaderssent-method
	Behaviour("reports when the headers have gone", []string{"CTX-HDRS-1"},
		ScenarioCase(headersSent), Checks{Wire: func(o *Observation) {
			expectServed(o, "handler\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetResponseHeadersSent =FALSE", "call Flush", "call GetResponseHeadersSent =TRUE"))
		}})

	// CIO-1 [DOC] CancelIo is neither a reset nor a disconnect.
	// Source: iis:ihttpcontext-cancelio-method
	Behaviour("cancels I/O without resetting or closing the connection", []string{"CIO-1"},
		ScenarioCase(cancelIo), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("whole body\n"))
			Expect(o).To(StayOpen())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call CancelIo =S_OK", "call IsConnected =TRUE"))
		}})
})

// pendingScenario goes PENDING in three ways and comes back each time: an
// asynchronous write, IndicateCompletion (no re-entry) and PostCompletion
// (through OnAsyncCompletion); it also stores two module contexts.
var pendingScenario = &fixtures.Scenario{ID: "pending-and-async-completion", Modules: []fixtures.ModuleScript{
	Mod("Async",
		At("RQ_BEGIN_REQUEST", "PENDING", Do("SetModuleContext"), Do("SetModuleContext"), Do("GetModuleContext"),
			Do("WriteEntityChunksAsync", "async write\n")),
		At("RQ_AUTHENTICATE_REQUEST", "PENDING", Do("IndicateCompletion", "RQ_NOTIFICATION_CONTINUE")),
		At("RQ_AUTHORIZE_REQUEST", "PENDING", Do("PostCompletion", "7"))),
}}

var _ = Area("RQ_NOTIFICATION_PENDING and asynchronous completion", func() {
	// PIPE-PEND-1 [DOC] PENDING pauses the request until IndicateCompletion
	// (no re-entry) or PostCompletion (through OnAsyncCompletion).
	// ASYNC-1 [INFER] an async write completes through OnAsyncCompletion.
	// CTX-CONT-1 [DOC] one stored context per module; cleaned up at the end.
	// Source: iis:ihttpcontext-indicatecompletion-method, iis:ihttpcontext-postcompletion-method
	Behaviour("resumes a pending request through IndicateCompletion, PostCompletion and async completions",
		[]string{"PIPE-PEND-1", "ASYNC-1", "CTX-CONT-1"}, ScenarioCase(pendingScenario), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("async write\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Async =PENDING", "RQ_BEGIN_REQUEST Async =CONTINUE",
				"RQ_AUTHENTICATE_REQUEST Async =PENDING", "RQ_AUTHENTICATE_REQUEST Async =CONTINUE",
				"RQ_AUTHORIZE_REQUEST Async =PENDING", "RQ_AUTHORIZE_REQUEST Async =CONTINUE",
			))
			Expect(o).To(HaveEventsInOrder(
				"call SetModuleContext =context 1: S_OK",
				"call SetModuleContext =context 2: HRESULT_FROM_WIN32(ERROR_ALREADY_ASSIGNED)",
				"call GetModuleContext =context 1",
				"call WriteEntityChunks =S_OK",
				"call OnAsyncCompletion =12 bytes, S_OK",
				"call IndicateCompletion =S_OK",
				"call PostCompletion =S_OK",
				"call OnAsyncCompletion =7 bytes, S_OK",
				"call CleanupStoredContext =context 1",
			))
			Expect(callResults(o, "OnAsyncCompletion")).To(Equal([]string{"12 bytes, S_OK", "7 bytes, S_OK"}),
				"the write's and PostCompletion's; IndicateCompletion re-enters nothing")
		}})
})

// secondCompletion posts two completions in the step that returns PENDING:
// the first still waits to be taken when the second comes.
var secondCompletion = &fixtures.Scenario{ID: "second-completion", HandlerBody: "handler\n", Modules: []fixtures.ModuleScript{
	Mod("Poster", At("RQ_BEGIN_REQUEST", "PENDING", Do("PostCompletion", "1"), Do("PostCompletion", "2"))),
}}

var _ = Area("RQ_NOTIFICATION_PENDING and asynchronous completion", func() {
	// PIPE-PEND-2 [INFER] A completion posted while an earlier one still
	// waits to be taken is refused with ERROR_INVALID_STATE; the request
	// resumes once, with the first.
	// Source: project decision (see the catalogue entry)
	Behaviour("refuses a second completion while the first still waits, and resumes the request once", []string{"PIPE-PEND-2"},
		ScenarioCase(secondCompletion), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("handler\n"))
		}, Server: func(o *Observation) {
			Expect(callResults(o, "PostCompletion")).To(Equal([]string{"S_OK", "HRESULT_FROM_WIN32(ERROR_INVALID_STATE)"}))
			Expect(callResults(o, "OnAsyncCompletion")).To(Equal([]string{"1 bytes, S_OK"}), "resumed once, with the first completion")
		}})
})
