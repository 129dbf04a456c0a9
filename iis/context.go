package iis

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/internal/fault"
)

// IHttpContext is the request's context (iis:ihttpcontext-interface).
type IHttpContext interface {
	GetRequest() IHttpRequest
	GetResponse() IHttpResponse
	GetConnection() IHttpConnection
	// IndicateCompletion resumes a request whose module returned
	// RQ_NOTIFICATION_PENDING, with the given status, without calling the
	// module again (PIPE-PEND-1).
	IndicateCompletion(RequestNotificationStatus)
	// PostCompletion resumes a pending request by calling the module's
	// OnAsyncCompletion; its return value counts (PIPE-PEND-1).
	PostCompletion(cbBytes uint32) HRESULT
	// GetModuleContextContainer holds per-request module state; each stored
	// context is cleaned up when the request ends.
	GetModuleContextContainer() IHttpModuleContextContainer
	DisableNotifications(mask, postMask RequestNotification)
	SetRequestHandled()
	GetResponseHeadersSent() bool
	GetIsLastNotification(status RequestNotificationStatus) bool
	GetNextNotification(status RequestNotificationStatus) (n RequestNotification, post bool, ok bool)
	CancelIo() HRESULT
	// MapPath maps a URL to a physical path, raising RQ_MAP_PATH.
	MapPath(url string) (string, HRESULT)
	// NotifyCustomNotification raises RQ_CUSTOM_NOTIFICATION.
	NotifyCustomNotification(p ICustomNotificationProvider) (completionExpected bool, hr HRESULT)
}

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
	moduleSlots    [4]HttpModule // modules, when no more than 4 are registered
	bytesIn        int64         // cs-bytes and sc-bytes, taken at RequestDone
	bytesOut       int64
	firstByte      time.Time // time-taken's ends (LOG-TT-1), taken at RequestDone
	lastSend       time.Time
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
	finishRequested bool           // FINISH_REQUEST seen inside RQ_SEND_RESPONSE
	claims          []nextClaim    // GetNextNotification calls of the running handler
	logData         *LogFieldsData // SetLogData: what the W3C log writes
	provider        eventProvider
	container       contextContainer // the request's module contexts

	resumeOnce sync.Once
	postMu     sync.Mutex      // a completion is recorded and handed over as one step
	resumeCh   chan resumeMsg  // PENDING: how the request was resumed; made on first use
	stop       <-chan struct{} // closed when the server stops
}

// resume is the channel a pending request is resumed through.
func (c *httpContext) resume() chan resumeMsg {
	c.resumeOnce.Do(func() { c.resumeCh = make(chan resumeMsg, 1) })
	return c.resumeCh
}

// RequestDone hears from HTTP.sys how the request left its connection. A
// Reset here may be the server's (ResetConnection, which marks the
// connection itself) or the end of a send that found the client gone:
// only the first is this request's reset (LOG-W32-1).
func (c *httpContext) RequestDone(k httpsys.CloseKind) {
	c.bytesIn, c.bytesOut = c.sys.BytesOnWire()
	c.firstByte, c.lastSend = c.sys.Timing()
	if c.trace.on() {
		c.trace.add(Event{Kind: EventClose, CloseKind: k})
	}
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
// calling the module again (PIPE-PEND-1). A completion made while an
// earlier one still waits to be taken is refused (PIPE-PEND-2): the trace
// records the call with the refusal.
func (c *httpContext) IndicateCompletion(status RequestNotificationStatus) {
	c.post(resumeMsg{status: status}, "IndicateCompletion", status.String())
}

// PostCompletion resumes a pending request through the module's
// OnAsyncCompletion (PIPE-PEND-1), or is refused while an earlier
// completion still waits to be taken (PIPE-PEND-2).
func (c *httpContext) PostCompletion(cbBytes uint32) HRESULT {
	return c.post(resumeMsg{post: true, bytes: cbBytes}, "PostCompletion", fmt.Sprint(cbBytes))
}

// post records a module's completion call, then hands the completion to
// the pending request without blocking. The channel holds one; a second
// completion before the first was taken is refused rather than left to
// block its caller forever. The call is recorded before the pipeline can
// take the completion, so the trace keeps its order.
func (c *httpContext) post(m resumeMsg, method, args string) HRESULT {
	c.postMu.Lock()
	defer c.postMu.Unlock()
	ch := c.resume()
	if len(ch) == cap(ch) {
		c.call(method, args, hrInvalidState)
		return hrInvalidState
	}
	c.call(method, args, S_OK)
	ch <- m // only the pipeline takes from ch, so there is room still
	return S_OK
}

// completeAsync finishes an asynchronous operation: the emulator does the
// work at once, and the completion reaches the module through
// OnAsyncCompletion once its handler returns RQ_NOTIFICATION_PENDING, as
// with PostCompletion (ASYNC-1). A module that does not return PENDING
// never sees it.
func (c *httpContext) completeAsync(n uint32, hr HRESULT) {
	c.postMu.Lock()
	defer c.postMu.Unlock()
	select {
	case c.resume() <- resumeMsg{post: true, bytes: n, hr: hr}:
	default: // one completion is already waiting: a module may have one async call outstanding
	}
}

// DisableNotifications stops the calling module's handlers for the given
// deterministic notifications, for this request only (PIPE-DIS-1). Bits of
// non-deterministic notifications are ignored.
func (c *httpContext) DisableNotifications(mask, postMask RequestNotification) {
	if i := c.curIndex; i >= 0 {
		if c.disabled == nil {
			c.disabled = make([]RequestNotification, len(c.modules))
			c.disabledPost = make([]RequestNotification, len(c.modules))
		}
		var det RequestNotification
		for _, n := range orderedNotifications {
			det |= n
		}
		c.disabled[i] |= mask & det
		c.disabledPost[i] |= postMask & det
	}
	c.callf("DisableNotifications", S_OK, func() string { return fmt.Sprintf("%v post %v", mask, postMask) })
}

// SetRequestHandled makes the application's handler not run (PIPE-HND-1).
func (c *httpContext) SetRequestHandled() {
	c.requestHandled = true
	c.call("SetRequestHandled", "", S_OK)
}

// GetResponseHeadersSent reports whether status and headers have gone to
// the client.
func (c *httpContext) GetResponseHeadersSent() bool {
	sent := c.response.headersSent
	c.answer("GetResponseHeadersSent", "", boolResult(sent))
	return sent
}

// GetIsLastNotification reports, as its method page's summary, return
// value and remarks define it, whether further notifications are pending
// for this request within the module host were the calling module to
// return status: TRUE when one is (CTX-LAST-1, DOC). The emulator runs
// every module in one host, so any module's later notification counts.
// Decisions.IsLastNotificationMeansPending FALSE follows the method's name
// and sample instead: TRUE when the calling module gets no further
// notification.
func (c *httpContext) GetIsLastNotification(status RequestNotificationStatus) bool {
	var answer bool
	if c.decisions.IsLastNotificationMeansPending {
		answer = c.pendingAfter(status)
	} else {
		_, more := c.nextFor(status)
		answer = !more
	}
	c.answer("GetIsLastNotification", status.String(), boolResult(answer))
	return answer
}

// CancelIo cancels the calling module's pending asynchronous operation: a
// completion not yet delivered completes with ERROR_OPERATION_ABORTED. It
// neither resets nor closes the connection (CIO-1).
func (c *httpContext) CancelIo() HRESULT {
	select {
	case msg := <-c.resume():
		msg.hr = HRESULT_FROM_WIN32(httpsys.ErrorOperationAborted)
		c.resume() <- msg
	default:
	}
	c.call("CancelIo", "", S_OK)
	return S_OK
}

// PhysicalRoot is where the emulated site's files would live; MapPath
// maps URLs under it (INFER: the emulator serves no files, the path is
// only computed).
const PhysicalRoot = `C:\inetpub\wwwroot`

// MapPath maps a URL to a physical path, raising RQ_MAP_PATH so that
// modules may change the answer.
func (c *httpContext) MapPath(url string) (string, HRESULT) {
	if !strings.HasPrefix(url, "/") {
		return "", hrInvalidParameter
	}
	p := &mapPathProvider{url: url, path: PhysicalRoot + strings.ReplaceAll(url, "/", `\`)}
	c.notifyUnordered(RQ_MAP_PATH, p)
	c.call("MapPath", url+" -> "+p.path, S_OK)
	return p.path, S_OK
}

// NotifyCustomNotification raises RQ_CUSTOM_NOTIFICATION with the given
// provider. completionExpected is always FALSE: the handlers ran before it
// returns.
func (c *httpContext) NotifyCustomNotification(p ICustomNotificationProvider) (completionExpected bool, hr HRESULT) {
	if p == nil {
		return false, hrInvalidParameter
	}
	c.notifyUnordered(RQ_CUSTOM_NOTIFICATION, p)
	c.call("NotifyCustomNotification", p.QueryNotificationType(), S_OK)
	return false, S_OK
}

var _ IHttpContext = (*httpContext)(nil)
