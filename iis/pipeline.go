package iis

// The pipeline: one loop over the ordered notifications (PIPE-1), and the
// one place where FINISH_REQUEST, PENDING and post-notifications are
// handled.

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

// isEndStage reports the stages that still run after FINISH_REQUEST
// (PIPE-FIN-3, INFER).
func isEndStage(n RequestNotification) bool {
	return n == RQ_LOG_REQUEST || n == RQ_END_REQUEST
}

// run takes the request through every stage, then makes the final send
// (PIPE-7: after RQ_END_REQUEST and its post-notification).
func (c *httpContext) run() {
	finishing := false
	for _, n := range orderedNotifications {
		if finishing && !(isEndStage(n) && c.decisions.FinishRunsEndStages) {
			continue
		}
		if c.notify(n, false) == StatusFinishRequest {
			finishing = true // PIPE-FIN-1
			if c.decisions.FinishSkipsLaterModules {
				continue // PIPE-FIN-2: the post-notification is skipped too
			}
		}
		if c.notify(n, true) == StatusFinishRequest {
			finishing = true
		}
	}
	c.curModule, c.curIndex, c.curNotification, c.curPost = "", -1, 0, false
	c.response.send(true)
}

// notify runs n (or its post-notification) on every subscribed module in
// order and returns FINISH_REQUEST if one module finished the request.
func (c *httpContext) notify(n RequestNotification, post bool) RequestNotificationStatus {
	order := c.app.order[stageIndex(n)]
	if post {
		order = c.app.post[stageIndex(n)]
	}
	result := StatusContinue
	for _, i := range order {
		if c.modules[i] == nil || c.isDisabled(i, n, post) {
			continue // PIPE-DIS-1
		}
		if c.requestHandled && n == RQ_EXECUTE_REQUEST_HANDLER {
			if _, isHandler := c.modules[i].(handlerModule); isHandler {
				continue // PIPE-HND-1
			}
		}
		if c.invoke(i, n, post, &c.provider) == StatusFinishRequest {
			result = StatusFinishRequest
			if c.decisions.FinishSkipsLaterModules {
				return result // PIPE-FIN-2: later modules do not run
			}
		}
	}
	return result
}

// invoke calls one module's handler, records it, and waits out PENDING.
func (c *httpContext) invoke(i int, n RequestNotification, post bool, p IHttpEventProvider) RequestNotificationStatus {
	reg := c.app.regs[i]
	c.curModule, c.curIndex, c.curNotification, c.curPost = reg.name, i, n, post
	ev := c.beginNotification(reg.name, n, post)
	outer := n&orderedMask != 0 // sends and notifications this handler raises report back here
	var saved bool
	if outer {
		saved, c.finishRequested = c.finishRequested, false
	}
	var claims []nextClaim
	if outer {
		claims, c.claims = c.claims, nil
	}
	c.depth++
	st := stageTable[stageIndex(n)].call(c.modules[i], post, c, p)
	c.depth--
	for st == StatusPending {
		c.endNotification(ev, st)
		st = c.waitResume(i, n, post)
		ev = c.beginNotification(reg.name, n, post)
	}
	if c.resumeCh != nil {
		select {
		case <-c.resumeCh: // a completion the module did not wait for
		default:
		}
	}
	if outer {
		if c.finishRequested {
			st = StatusFinishRequest // FINISH from a send this handler made
		}
		c.finishRequested = saved
		c.merge(i, st) // CTX-NEXT-1
		c.claims = claims
	}
	c.endNotification(ev, st)
	return st
}

// waitResume blocks a pending request until IndicateCompletion or
// PostCompletion (PIPE-PEND-1), or until the server stops.
func (c *httpContext) waitResume(i int, n RequestNotification, post bool) RequestNotificationStatus {
	select {
	case msg := <-c.resume():
		if !msg.post {
			return msg.status
		}
		if h, ok := c.modules[i].(AsyncCompletionHandler); ok {
			return h.OnAsyncCompletion(c, n, post, &c.provider, completionInfo{bytes: msg.bytes, hr: msg.hr})
		}
		return StatusContinue
	case <-c.stop:
		return StatusFinishRequest
	}
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

// nextFor returns the stage after the current one that the calling module
// will be notified of, were it to return status: FINISH_REQUEST leaves only
// the end stages (PIPE-FIN-3).
func (c *httpContext) nextFor(status RequestNotificationStatus) (stagePoint, bool) {
	if c.curIndex < 0 {
		return stagePoint{}, false
	}
	return c.nextStage(status, func(sp stagePoint) bool { return c.subscribed(c.curIndex, sp) })
}

// pendingAfter reports whether any module of the request will be notified
// of a stage after the current one, were the calling module to return
// status (CTX-LAST-1). Only the ordered stages count, as for nextFor:
// RQ_SEND_RESPONSE for the final send is not among them (INFER).
func (c *httpContext) pendingAfter(status RequestNotificationStatus) bool {
	if c.curIndex < 0 {
		return false
	}
	_, ok := c.nextStage(status, func(sp stagePoint) bool {
		for i := range c.app.regs {
			if c.subscribed(i, sp) {
				return true
			}
		}
		return false
	})
	return ok
}

// subscribed reports whether module i will be notified of sp: registered
// for it and not disabled for this request.
func (c *httpContext) subscribed(i int, sp stagePoint) bool {
	reg := c.app.regs[i]
	on := reg.mask&sp.n != 0
	if sp.post {
		on = reg.post&sp.n != 0
	}
	return on && c.modules[i] != nil && !c.isDisabled(i, sp.n, sp.post)
}

// nextStage returns the first stage after the current one that match
// accepts, were the calling module to return status: FINISH_REQUEST leaves
// only the end stages (PIPE-FIN-3). During RQ_SEND_RESPONSE there is none.
func (c *httpContext) nextStage(status RequestNotificationStatus, match func(stagePoint) bool) (stagePoint, bool) {
	if c.curNotification == RQ_SEND_RESPONSE {
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
		if match(sp) {
			return sp, true
		}
	}
	return stagePoint{}, false
}
