package conformance

import (
	"context"
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/iis"
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
		ScenarioCase(disableNotifications), func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Quitter",
				"RQ_AUTHENTICATE_REQUEST Other",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler",
				"RQ_END_REQUEST Other",
				"RQ_SEND_RESPONSE Quitter",
			))
		})

	// PIPE-HND-1 [DOC] After SetRequestHandled no further handler runs.
	// Source: iis:ihttpcontext-setrequesthandled-method
	Behaviour("runs no handler after SetRequestHandled", []string{"PIPE-HND-1"},
		ScenarioCase(requestHandled), func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_MAP_REQUEST_HANDLER Handled", "RQ_EXECUTE_REQUEST_HANDLER Handled"))
			Expect(string(o.Client.Final()[0].Body)).To(Equal("from the module\n"))
		})

	// CTX-LAST-1 [INFER] GetIsLastNotification follows its name.
	// CTX-NEXT-1 [INFER] GetNextNotification reports the next notification
	// the module is registered for, given the status it would return.
	// Source: iis:ihttpcontext-getislastnotification-method
	Behaviour("tells the module whether and which notification comes next", []string{"CTX-LAST-1", "CTX-NEXT-1"},
		ScenarioCase(lastAndNext), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call GetIsLastNotification =FALSE",
				"call GetNextNotification =RQ_AUTHORIZE_REQUEST post=false",
				"call GetNextNotification =RQ_END_REQUEST post=false",
				"call GetIsLastNotification =TRUE",
				"call GetNextNotification =FALSE",
			))
		})

	// CTX-HDRS-1 [DOC] GetResponseHeadersSent turns TRUE with the flush.
	// Source: iis:ihttpcontext-getresponseheaderssent-method
	Behaviour("reports when the headers have gone", []string{"CTX-HDRS-1"},
		ScenarioCase(headersSent), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetResponseHeadersSent =FALSE", "call Flush", "call GetResponseHeadersSent =TRUE"))
		})

	// CIO-1 [DOC] CancelIo is neither a reset nor a disconnect.
	// Source: iis:ihttpcontext-cancelio-method
	Behaviour("cancels I/O without resetting or closing the connection", []string{"CIO-1"},
		ScenarioCase(cancelIo), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call CancelIo =S_OK", "call IsConnected =TRUE"))
			Expect(string(o.Client.Final()[0].Body)).To(Equal("whole body\n"))
			Expect(o).To(StayOpen())
		})
})

// asyncModule goes PENDING in three ways and records how it resumed.
type asyncModule struct {
	id    iis.ModuleID
	held  chan iis.IHttpContext
	seen  *[]string
	store *storedProbe
}

type storedProbe struct{ cleaned bool }

func (s *storedProbe) CleanupStoredContext() { s.cleaned = true }

func (m *asyncModule) Dispose() {}
func (m *asyncModule) OnBeginRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	cc := c.GetModuleContextContainer()
	hr1 := cc.SetModuleContext(m.store, m.id)
	hr2 := cc.SetModuleContext(&storedProbe{}, m.id)
	*m.seen = append(*m.seen, fmt.Sprintf("SetModuleContext %s then %s; Get is the first: %t", hr1.String(), hr2.String(), cc.GetModuleContext(m.id) == m.store))
	_, expected, hr := c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("async write\n"))}, true, true)
	*m.seen = append(*m.seen, fmt.Sprintf("async write %s, completion expected %t", hr.String(), expected))
	return iis.StatusPending
}
func (m *asyncModule) OnAuthenticateRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	m.held <- c // the test resumes it with IndicateCompletion
	return iis.StatusPending
}
func (m *asyncModule) OnAuthorizeRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	m.held <- c // the test resumes it with PostCompletion
	return iis.StatusPending
}
func (m *asyncModule) OnAsyncCompletion(c iis.IHttpContext, n iis.RequestNotification, post bool, _ iis.IHttpEventProvider, info iis.IHttpCompletionInfo) iis.RequestNotificationStatus {
	*m.seen = append(*m.seen, fmt.Sprintf("OnAsyncCompletion in %v: %d bytes, %s", n, info.GetCompletionBytes(), info.GetCompletionStatus().String()))
	return iis.StatusContinue
}

var _ = Describe("RQ_NOTIFICATION_PENDING and asynchronous completion", func() {
	skipTargetSpecs(1, whyOwnSite)
	for _, b := range hostBackends() {
		b := b
		text := "resumes a pending request through IndicateCompletion, PostCompletion and async completions"
		ids := []string{"PIPE-PEND-1", "ASYNC-1", "CTX-CONT-1"}
		cover(ids, text, b.Name())
		// PIPE-PEND-1 [DOC] PENDING pauses the request until IndicateCompletion
		// (no re-entry) or PostCompletion (through OnAsyncCompletion).
		// ASYNC-1 [INFER] an async write completes through OnAsyncCompletion.
		// CTX-CONT-1 [DOC] one stored context per module; cleaned up at the end.
		// Source: iis:ihttpcontext-indicatecompletion-method, iis:ihttpcontext-postcompletion-method
		It(text, Label(append([]string{b.Name()}, ids...)...), func(ctx SpecContext) {
			describeBehaviours(ids)
			held := make(chan iis.IHttpContext, 1)
			var seen []string
			store := &storedProbe{}
			register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
				id := info.GetId()
				return info.SetRequestNotifications(iis.NewModuleFactory(func() *asyncModule {
					return &asyncModule{id: id, held: held, seen: &seen, store: store}
				}), iis.RQ_BEGIN_REQUEST|iis.RQ_AUTHENTICATE_REQUEST|iis.RQ_AUTHORIZE_REQUEST, 0)
			}
			site := &iis.Site{Name: "Async", Applications: []*iis.Application{{Path: "/async",
				Modules: []iis.ModuleEntry{{Name: "Async", Register: register}}}}}
			in := startOn(b, site)
			done := make(chan *Observation, 1)
			go func() {
				defer GinkgoRecover()
				obs, err := Exchange(context.Context(ctx), b.Name(), in, []byte("GET /async HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
				Expect(err).NotTo(HaveOccurred())
				done <- obs
			}()
			(<-held).IndicateCompletion(iis.StatusContinue)
			(<-held).PostCompletion(7)
			obs := <-done
			Expect(seen).To(Equal([]string{
				"SetModuleContext S_OK then HRESULT_FROM_WIN32(ERROR_ALREADY_ASSIGNED); Get is the first: true",
				"async write S_OK, completion expected true",
				"OnAsyncCompletion in RQ_BEGIN_REQUEST: 12 bytes, S_OK",
				"OnAsyncCompletion in RQ_AUTHORIZE_REQUEST: 7 bytes, S_OK",
			}))
			Expect(obs).To(HaveNotified(
				"RQ_BEGIN_REQUEST Async =PENDING", "RQ_BEGIN_REQUEST Async =CONTINUE",
				"RQ_AUTHENTICATE_REQUEST Async =PENDING", "RQ_AUTHENTICATE_REQUEST Async =CONTINUE",
				"RQ_AUTHORIZE_REQUEST Async =PENDING", "RQ_AUTHORIZE_REQUEST Async =CONTINUE",
			))
			Expect(string(obs.Client.Final()[0].Body)).To(Equal("async write\n"))
			Expect(store.cleaned).To(BeTrue(), "CleanupStoredContext at the end of the request")
		})
	}
})
