package iis

import (
	"fmt"
	"sync"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/internal/fault"
)

// httpContext is IHttpContext: one request's state as it travels the
// pipeline. Its pipeline goroutine owns it; IndicateCompletion and
// PostCompletion may come from any goroutine and only send on resume.
type httpContext struct {
	sys        *httpsys.Request
	app        *appRuntime
	request    *httpRequest
	response   *httpResponse
	connection *httpConnection
	modules    []HttpModule // one instance per registration (PIPE-4)

	// The parts above live in one allocation with the context.
	requestPart    httpRequest
	responsePart   httpResponse
	connectionPart httpConnection
	bytesIn        int64 // cs-bytes and sc-bytes, taken at RequestDone
	bytesOut       int64
	decisions      *Decisions
	faults         fault.Set
	trace          *tracer

	curModule       string
	curIndex        int // the calling module's registration, or -1
	curNotification RequestNotification
	curPost         bool
	depth           int                   // handlers running, one inside another
	requestHandled  bool                  // SetRequestHandled (PIPE-HND-1)
	disabled        []RequestNotification // DisableNotifications, per module; nil until used
	disabledPost    []RequestNotification
	finishRequested bool // FINISH_REQUEST seen inside RQ_SEND_RESPONSE
	provider        eventProvider
	container       contextContainer // the request's module contexts

	resumeOnce sync.Once
	resumeCh   chan resumeMsg  // PENDING: how the request was resumed; made on first use
	stop       <-chan struct{} // closed when the server stops
}

// resume is the channel a pending request is resumed through.
func (c *httpContext) resume() chan resumeMsg {
	c.resumeOnce.Do(func() { c.resumeCh = make(chan resumeMsg, 1) })
	return c.resumeCh
}

// RequestDone hears from HTTP.sys how the request left its connection.
func (c *httpContext) RequestDone(k httpsys.CloseKind) {
	if k == httpsys.Reset {
		c.connection.reset.Store(true)
	}
	c.bytesIn, c.bytesOut = c.sys.BytesOnWire()
	c.trace.add(Event{Kind: EventClose, CloseKind: k})
}

// resumeMsg is how a pending request goes on (PIPE-PEND-1).
type resumeMsg struct {
	status RequestNotificationStatus
	post   bool // PostCompletion: call OnAsyncCompletion
	bytes  uint32
	hr     HRESULT // the completed operation's result
}

func (c *httpContext) GetRequest() IHttpRequest       { return c.request }
func (c *httpContext) GetResponse() IHttpResponse     { return c.response }
func (c *httpContext) GetConnection() IHttpConnection { return c.connection }

// GetModuleContextContainer is the request's container.
func (c *httpContext) GetModuleContextContainer() IHttpModuleContextContainer { return &c.container }

// IndicateCompletion resumes a pending request with status, without
// calling the module again (PIPE-PEND-1).
func (c *httpContext) IndicateCompletion(status RequestNotificationStatus) {
	c.call("IndicateCompletion", status.String(), S_OK, 0)
	c.resume() <- resumeMsg{status: status}
}

// PostCompletion resumes a pending request through the module's
// OnAsyncCompletion (PIPE-PEND-1).
func (c *httpContext) PostCompletion(cbBytes uint32) HRESULT {
	c.call("PostCompletion", fmt.Sprint(cbBytes), S_OK, 0)
	c.resume() <- resumeMsg{post: true, bytes: cbBytes}
	return S_OK
}

// completeAsync finishes an asynchronous operation: the emulator does the
// work at once, and the completion reaches the module through
// OnAsyncCompletion once its handler returns RQ_NOTIFICATION_PENDING, as
// with PostCompletion (ASYNC-1). A module that does not return PENDING
// never sees it.
func (c *httpContext) completeAsync(n uint32, hr HRESULT) {
	select {
	case c.resume() <- resumeMsg{post: true, bytes: n, hr: hr}:
	default: // one completion is already waiting: a module may have one async call outstanding
	}
}

// call records a method call and its HRESULT in the trace.
func (c *httpContext) call(method, args string, hr HRESULT, n int) {
	if c.trace.on() {
		c.trace.add(Event{Kind: EventCall, Method: method, Module: c.curModule,
			Notification: c.curNotification, Args: clip(args), Result: hr})
	}
}

// answer records a getter's call with its answer as the result.
func (c *httpContext) answer(method, args, result string) {
	if !c.trace.on() {
		return
	}
	c.trace.add(Event{Kind: EventCall, Method: method, Module: c.curModule,
		Notification: c.curNotification, Args: clip(args), Answer: clip(result)})
}

// maxTraced bounds how much of an argument or answer a trace keeps.
const maxTraced = 160

// clip shortens long trace text, saying how long it was.
func clip(s string) string {
	if len(s) <= maxTraced {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:maxTraced], len(s))
}

// beginSend records a send as it starts, so that what it causes (a close)
// follows it in the trace; endSend fills in its result, dropSend says it
// never reached HTTP.sys.
func (c *httpContext) beginSend(n int, flags httpsys.SendFlags, final bool) int {
	if !c.trace.on() {
		return -1
	}
	return c.trace.begin(Event{Kind: EventSend, Bytes: n, Flags: flags, Final: final})
}

func (c *httpContext) endSend(ev int, hr HRESULT) {
	c.trace.finish(ev, func(e *Event) { e.Result = hr })
}

func (c *httpContext) dropSend(ev int) {
	c.trace.finish(ev, func(e *Event) { e.Dropped = true })
}

// callf is call with arguments rendered only when the trace is on, so an
// untraced request formats nothing.
func (c *httpContext) callf(method string, hr HRESULT, n int, args func() string) {
	if c.trace.on() {
		c.call(method, args(), hr, n)
	}
}

// eventProvider is IHttpEventProvider for the ordered notifications.
type eventProvider struct{ errorStatus HRESULT }

func (p *eventProvider) SetErrorStatus(hr HRESULT) { p.errorStatus = hr }

// completionInfo is IHttpCompletionInfo for PostCompletion.
type completionInfo struct {
	bytes uint32
	hr    HRESULT
}

func (i completionInfo) GetCompletionBytes() uint32   { return i.bytes }
func (i completionInfo) GetCompletionStatus() HRESULT { return i.hr }

var (
	_ IHttpContext        = (*httpContext)(nil)
	_ IHttpEventProvider  = (*eventProvider)(nil)
	_ IHttpCompletionInfo = completionInfo{}
)

// Note records a call event in ctx's trace with the given answer. It lets
// code outside the package, such as the scripted module, put what it
// observed through the IIS interfaces into the trace.
func Note(ctx IHttpContext, method, answer string) {
	if c, ok := ctx.(*httpContext); ok {
		c.answer(method, "", answer)
	}
}
