package conformance

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// disconnectProbe is a module that holds its request with
// RQ_NOTIFICATION_PENDING until the test has made the client leave and
// resumed it, then reports what the IIS calls returned.
type disconnectProbe struct {
	started  chan struct{} // the module holds the request
	notified chan struct{} // NotifyDisconnect fired
	results  chan []string
	held     chan iis.IHttpContext
}

func newDisconnectProbe() *disconnectProbe {
	return &disconnectProbe{started: make(chan struct{}), notified: make(chan struct{}),
		results: make(chan []string, 1), held: make(chan iis.IHttpContext, 1)}
}

type notifyContext struct{ p *disconnectProbe }

func (n *notifyContext) CleanupStoredContext() {}
func (n *notifyContext) NotifyDisconnect()     { close(n.p.notified) }

type probeModule struct {
	p  *disconnectProbe
	id iis.ModuleID
}

func (m *probeModule) Dispose() {}
func (m *probeModule) OnBeginRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	c.GetConnection().GetModuleContextContainer().SetModuleContext(&notifyContext{m.p}, m.id)
	close(m.p.started)
	m.p.held <- c
	return iis.StatusPending // resumed by PostCompletion: OnAsyncCompletion
}

// OnAsyncCompletion tries the IIS calls a module makes after its client
// left.
func (m *probeModule) OnAsyncCompletion(c iis.IHttpContext, _ iis.RequestNotification, _ bool, _ iis.IHttpEventProvider, _ iis.IHttpCompletionInfo) iis.RequestNotificationStatus {
	var out []string
	resp := c.GetResponse()
	out = append(out, fmt.Sprintf("IsConnected %t", c.GetConnection().IsConnected()))
	_, _, hr := resp.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("late\n"))}, false, true)
	out = append(out, "buffered write "+hr.String())
	_, _, hr1 := resp.Flush(false, true)
	resp.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("later\n"))}, false, true)
	_, _, hr2 := resp.Flush(false, true)
	out = append(out, "flush "+hr1.String(), "flush "+hr2.String())
	m.p.results <- out
	return iis.StatusContinue
}

func (p *disconnectProbe) site() *iis.Site {
	register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		id := info.GetId()
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *probeModule { return &probeModule{p, id} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	return &iis.Site{Name: "Disconnect", Applications: []*iis.Application{{Path: "/probe",
		Modules: []iis.ModuleEntry{{Name: "Probe", Register: register}}}}}
}

// within waits for ch, failing the spec after a generous bound.
func within(ch <-chan struct{}, what string) {
	select {
	case <-ch:
	case <-time.After(exchangeTimeout):
		Fail("timed out waiting for " + what)
	}
}

// leaving is the disconnect scenario: the module watches its connection,
// flushes a first line (the client's cue to leave), waits for
// NotifyDisconnect, then makes the calls a module makes after its client
// left.
func leaving(how string) *fixtures.Scenario {
	return &fixtures.Scenario{ID: "client-" + how + "s", Leave: how, Modules: []fixtures.ModuleScript{
		Mod("Holder", At("RQ_BEGIN_REQUEST", "", Do("WatchDisconnect"), Do("WriteEntityChunks", "holding\n"), Do("Flush"),
			Do("WaitForDisconnect"), Do("IsConnected"), Do("WriteEntityChunks", "late\n"), Do("Flush"),
			Do("WriteEntityChunks", "later\n"), Do("Flush")))}}
}

// leavingMidBody has the client leave (reset or close) after 10 of the
// 100 body bytes it announced, once the module has flushed its cue.
func leavingMidBody(how string) *fixtures.Scenario {
	id := "client-resets-mid-body"
	if how == "close" {
		id = "client-closes-mid-body"
	}
	return &fixtures.Scenario{ID: id, Leave: how,
		Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b",
		Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "",
			Do("WriteEntityChunks", "reading\n"), Do("Flush"), Do("ReadEntityBody"), Do("IsConnected")))}}
}

// closingMidChunk has the client close its side (FIN) after 3 of the 10
// bytes of a chunk, once the module has flushed its cue.
var closingMidChunk = &fixtures.Scenario{ID: "client-closes-mid-chunk", Leave: "close",
	Request: "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\na\r\nten",
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_BEGIN_REQUEST", "",
		Do("WriteEntityChunks", "reading\n"), Do("Flush"), Do("ReadEntityBody")))}}

// callResults are the results of every call of method in the trace, in
// order.
func callResults(o *Observation, method string) []string {
	var out []string
	for _, e := range o.Events() {
		if e.Kind == iis.EventCall && e.Method == method {
			out = append(out, e.ResultText())
		}
	}
	return out
}

var _ = Area("Client disconnects", func() {
	// DISC-1 [INFER] IsConnected turns FALSE once the client resets or
	// closes. DISC-2 [DOC] the connection's stored contexts hear
	// NotifyDisconnect. DISC-3 [INFER] buffered writes still succeed; a
	// write that must reach the dead socket fails with
	// ERROR_NETNAME_DELETED (after a FIN the first send may still be
	// accepted, as TCP accepts it). The module completes the request at
	// once, within the logging timeout: nothing goes to HTTP.sys's error
	// log (SYS-LOG-5), and IIS's request log gives the
	// request ERROR_NETNAME_DELETED (64), the client having left, not
	// the 1236 of a connection the server reset itself (LOG-W32-1).
	// Source: iis:ihttpconnectionstoredcontext-notifydisconnect-method
	for _, how := range []string{"reset", "close"} {
		Behaviour("tells the module when the client "+how+"s while a request is processed",
			[]string{"DISC-1", "DISC-2", "DISC-3", "SYS-LOG-5", "LOG-W32-1"}, ScenarioCase(leaving(how)), Checks{Wire: func(o *Observation) {
				Expect(string(o.Client.Received)).To(ContainSubstring("holding"), "the client's cue to leave")
				Expect(o.Client.Left).To(Equal(how))
			}, Server: func(o *Observation) {
				Expect(o).To(HaveEventsInOrder("call WatchDisconnect =S_OK", "call Flush =S_OK",
					"call WaitForDisconnect =NotifyDisconnect", "call IsConnected =FALSE", "call WriteEntityChunks =S_OK"))
				if how == "reset" {
					Expect(o).To(HaveEventsInOrder("call IsConnected =FALSE", "call Flush =HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)",
						"call Flush =HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)"))
				}
				Expect(callResults(o, "Flush")).To(HaveExactElements("S_OK", Not(BeEmpty()), "HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)"),
					"the cue's flush, then one that may still pass after a FIN, then one that must fail")
				Expect(o.ErrorReasons()).To(BeEmpty(), "the request was completed within the logging timeout (SYS-LOG-5)")
				Expect(o.W3CLog()).To(HaveLen(1))
				Expect(o.RequestLog[0].Win32Status).To(Equal(httpsys.ErrorNetnameDeleted), "sc-win32-status of a request whose client left")
			}})
	}

	// RB-1 [DOC] ReadEntityBody returns ERROR_CONNECTION_INVALID when the
	// byte count of the request is wrong: the client reset, or closed its
	// side (FIN), before its Content-Length was sent. DISC-1 [INFER]
	// IsConnected is then FALSE, though no NotifyDisconnect was asked for.
	// Source: iis:ihttprequest-readentitybody-method
	for _, how := range []string{"reset", "close"} {
		Behaviour("fails ReadEntityBody when the client "+how+"s mid-body, and IsConnected is FALSE", []string{"RB-1", "DISC-1"}, ScenarioCase(leavingMidBody(how)),
			Checks{Wire: func(o *Observation) {
				Expect(o.Client.Left).To(Equal(how))
			}, Server: func(o *Observation) {
				Expect(o).To(HaveEventsInOrder("call ReadEntityBody =S_OK",
					"call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_CONNECTION_INVALID)", "call IsConnected =FALSE"))
			}})
	}
	Behaviour("fails ReadEntityBody when the client closes in the middle of a chunk", []string{"RB-1"}, ScenarioCase(closingMidChunk),
		Checks{Wire: func(o *Observation) {
			Expect(o.Client.Left).To(Equal("close"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call ReadEntityBody =S_OK",
				"call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_CONNECTION_INVALID)"))
		}})
})

var _ = Describe("Client disconnects while a request is pending", func() {
	// DISC-1, DISC-2, DISC-3 as above, for a request its module holds
	// with RQ_NOTIFICATION_PENDING and the test resumes with
	// PostCompletion once the client has gone. SYS-LOG-5: completed
	// within the logging timeout, the request is logged in the W3C log
	// alone; still held when the timeout passes, it is logged
	// Connection_Dropped in the error log, once, at that moment.
	Spec("tells a pending request's module when the client resets",
		Needs{Behaviours: []string{"DISC-1", "DISC-2", "DISC-3", "SYS-LOG-5"}, Site: true}, func(ctx SpecContext, b Backend) {
			leavePending(ctx, b, false)
		})
	Spec("logs Connection_Dropped when a request whose client left outlasts the logging timeout",
		Needs{Behaviours: []string{"SYS-LOG-5"}, Site: true}, func(ctx SpecContext, b Backend) {
			leavePending(ctx, b, true)
		})
})

// leavePending has the client reset while the disconnect probe holds its
// request, lets the logging timeout pass first when outlast is set, then
// resumes the request and checks the probe's results and both logs.
func leavePending(ctx SpecContext, b Backend, outlast bool) {
	p := newDisconnectProbe()
	in := startOn(b, p.site(), func(model bool) httpsys.Config {
		if model || !outlast {
			return httpsys.Config{} // the documented minute; on the model Fire moves the clock
		}
		return httpsys.Config{LoggingTimeout: socketTimer}
	})
	conn := openOn(ctx, in)
	conn.Send([]byte("GET /probe HTTP/1.1\r\nHost: x\r\n\r\n"))
	within(p.started, "the module to hold the request")
	held, resumed := <-p.held, false
	DeferCleanup(func() { // a failed wait must not leave the host waiting for the request
		if !resumed {
			held.PostCompletion(0)
		}
	})
	conn.Reset()
	within(p.notified, "NotifyDisconnect")
	errorLog := func() []httpsys.ErrorLogEntry { return in.ErrorLog(conn.LocalAddr()) }
	if outlast {
		if _, own := in.(TimerFirer); own {
			Expect(errorLog()).To(BeEmpty(), "nothing is logged before the logging timeout")
			elapse(ctx, in, httpsys.DefaultLoggingTimeout, httpsys.DefaultLoggingTimeout, 0)
		}
		Eventually(errorLog).Should(ConsistOf(HaveField("Reason", httpsys.ReasonConnectionDropped)),
			"HTTP.sys logs the request still held when the logging timeout passes")
	}
	held.PostCompletion(0)
	resumed = true
	got := <-p.results
	Expect(got).To(Equal([]string{"IsConnected false", "buffered write S_OK",
		"flush HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)", "flush HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)"}))
	Eventually(func() []iis.RequestLogEntry { return in.RequestLog(conn.LocalAddr()) }).
		Should(ConsistOf(HaveField("Win32Status", httpsys.ErrorNetnameDeleted)), "IIS logs the request, its client gone (LOG-W32-1)")
	if outlast {
		Expect(errorLog()).To(ConsistOf(HaveField("Reason", httpsys.ReasonConnectionDropped)), "one entry, however the request ended")
	} else {
		Expect(errorLog()).To(BeEmpty(), "a request completed within the logging timeout is no error-log matter")
	}
}
