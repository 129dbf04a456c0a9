package iis

import "fmt"

// GetNextNotification (iis:ihttpcontext-getnextnotification-method) lets
// a module merge notifications: instead of returning to the pipeline it
// skips to the next notification of the module host and goes on as though
// it were registered for it, provided no other handler is registered in
// between (CTX-NEXT-1, DOC).

// nextClaim is one successful GetNextNotification call: the stage it
// returned, for the status the module said it would return.
type nextClaim struct {
	status RequestNotificationStatus
	sp     stagePoint
}

// GetNextNotification returns the next notification of the request within
// the module host (any module's; the emulator runs one host), were the
// calling module to return status. It is FALSE when there is none, when a
// later module of the current notification still has a handler to run (a
// handler in between), and in RQ_SEND_RESPONSE or an unordered
// notification. When the calling module is itself registered for the
// notification returned and then returns that status, the pipeline does
// not raise that notification to it again: the module has merged it into
// the current one (INFER on the exact rule: the emulator cannot hand the
// caller another module's handler, so other modules still get theirs).
func (c *httpContext) GetNextNotification(status RequestNotificationStatus) (n RequestNotification, post bool, ok bool) {
	sp, ok := c.hostNext(status)
	if ok && c.subscribed(c.curIndex, sp) {
		c.claims = append(c.claims, nextClaim{status, sp})
	}
	if c.trace.on() {
		result := "FALSE"
		if ok {
			result = fmt.Sprintf("%v post=%t", sp.n, sp.post)
		}
		c.answer("GetNextNotification", status.String(), result)
	}
	return sp.n, sp.post, ok
}

// hostNext finds GetNextNotification's answer.
func (c *httpContext) hostNext(status RequestNotificationStatus) (stagePoint, bool) {
	if c.curIndex < 0 || c.curNotification&orderedMask == 0 {
		return stagePoint{}, false
	}
	if c.laterInCurrent(status) {
		return stagePoint{}, false
	}
	return c.nextStage(status, func(sp stagePoint) bool {
		for i := range c.app.regs {
			if c.subscribed(i, sp) {
				return true
			}
		}
		return false
	})
}

// laterInCurrent reports whether a module after the calling one in the
// current notification will still be notified of it, were the calling
// module to return status.
func (c *httpContext) laterInCurrent(status RequestNotificationStatus) bool {
	if status == StatusFinishRequest && c.decisions.FinishSkipsLaterModules {
		return false // PIPE-FIN-2: they will not run
	}
	order := c.app.order[stageIndex(c.curNotification)]
	if c.curPost {
		order = c.app.post[stageIndex(c.curNotification)]
	}
	here := stagePoint{c.curNotification, c.curPost}
	seen := false
	for _, i := range order {
		if seen && c.subscribed(i, here) {
			return true
		}
		seen = seen || i == c.curIndex
	}
	return false
}

// merge applies, once module i's handler returned st, the
// GetNextNotification calls it made for that status: the notifications
// they returned are not raised to module i again.
func (c *httpContext) merge(i int, st RequestNotificationStatus) {
	for _, cl := range c.claims {
		if cl.status != st {
			continue
		}
		if c.disabled == nil {
			c.disabled = make([]RequestNotification, len(c.modules))
			c.disabledPost = make([]RequestNotification, len(c.modules))
		}
		if cl.sp.post {
			c.disabledPost[i] |= cl.sp.n
		} else {
			c.disabled[i] |= cl.sp.n
		}
	}
}
