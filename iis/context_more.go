package iis

import (
	"fmt"

	"github.com/iisemu/iisemu/httpsys"
)

// stagePoint is one place in the ordered pipeline: a notification, pre or
// post.
type stagePoint struct {
	n    RequestNotification
	post bool
}

// pipelineOrder lists the ordered stages, each followed by its post.
var pipelineOrder = func() []stagePoint {
	var out []stagePoint
	for _, n := range orderedNotifications {
		out = append(out, stagePoint{n, false}, stagePoint{n, true})
	}
	return out
}()

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
	c.callf("DisableNotifications", S_OK, 0, func() string { return fmt.Sprintf("%v post %v", mask, postMask) })
}

// isDisabled reports whether module i turned notification n off.
func (c *httpContext) isDisabled(i int, n RequestNotification, post bool) bool {
	if c.disabled == nil {
		return false
	}
	if post {
		return c.disabledPost[i]&n != 0
	}
	return c.disabled[i]&n != 0
}

// SetRequestHandled makes the application's handler not run (PIPE-HND-1).
func (c *httpContext) SetRequestHandled() {
	c.requestHandled = true
	c.call("SetRequestHandled", "", S_OK, 0)
}

// GetResponseHeadersSent reports whether status and headers have gone to
// the client.
func (c *httpContext) GetResponseHeadersSent() bool {
	sent := c.response.headersSent
	c.answer("GetResponseHeadersSent", "", boolResult(sent))
	return sent
}

// nextFor returns the stage after the current one that the calling module
// will be notified of, were it to return status: FINISH_REQUEST leaves only
// the end stages (PIPE-FIN-3).
func (c *httpContext) nextFor(status RequestNotificationStatus) (stagePoint, bool) {
	i := c.curIndex
	if i < 0 || c.curNotification == RQ_SEND_RESPONSE {
		return stagePoint{}, false
	}
	finishing := status == StatusFinishRequest
	after := false
	for _, sp := range pipelineOrder {
		if !after {
			after = sp.n == c.curNotification && sp.post == c.curPost
			continue
		}
		if finishing && !(isEndStage(sp.n) && c.decisions.FinishRunsEndStages) {
			continue
		}
		if finishing && c.decisions.FinishSkipsLaterModules && sp.n == c.curNotification {
			continue
		}
		reg := c.app.regs[i]
		subscribed := reg.mask&sp.n != 0
		if sp.post {
			subscribed = reg.post&sp.n != 0
		}
		if subscribed && !c.isDisabled(i, sp.n, sp.post) {
			return sp, true
		}
	}
	return stagePoint{}, false
}

// GetIsLastNotification reports whether the current notification is the
// last one the calling module gets in this request, if it returns status.
// The method page contradicts itself on the polarity; iisemu follows the
// name: TRUE means no further notification (INFER, CTX-LAST-1).
func (c *httpContext) GetIsLastNotification(status RequestNotificationStatus) bool {
	_, more := c.nextFor(status)
	c.answer("GetIsLastNotification", status.String(), boolResult(!more))
	return !more
}

// GetNextNotification returns the next notification the calling module is
// registered for in this request, were it to return status; ok is FALSE
// when there is none (INFER, CTX-NEXT-1: the emulator reports it and does
// not run it early).
func (c *httpContext) GetNextNotification(status RequestNotificationStatus) (n RequestNotification, post bool, ok bool) {
	sp, ok := c.nextFor(status)
	if c.trace.on() {
		result := "FALSE"
		if ok {
			result = fmt.Sprintf("%v post=%t", sp.n, sp.post)
		}
		c.answer("GetNextNotification", status.String(), result)
	}
	return sp.n, sp.post, ok
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
	c.call("CancelIo", "", S_OK, 0)
	return S_OK
}

// boolResult is how a BOOL answer appears in traces.
func boolResult(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}
