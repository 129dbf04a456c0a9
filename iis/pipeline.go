package iis

// The pipeline: one loop over the ordered notifications (PIPE-1), and the
// one place where FINISH_REQUEST, PENDING and post-notifications are
// handled.

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

// notifySendResponse runs RQ_SEND_RESPONSE for one send (PIPE-6), in its
// reversed order (PIPE-3), through notifyUnordered.
func (c *httpContext) notifySendResponse(p *sendResponseProvider) {
	c.notifyUnordered(RQ_SEND_RESPONSE, p)
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

// beginNotification records a notification as it starts; its status is
// filled in when it returns, so nested sends keep their place.
func (c *httpContext) beginNotification(module string, n RequestNotification, post bool) int {
	return c.trace.begin(Event{Kind: EventNotification, Notification: n, Post: post, Module: module, Depth: c.depth})
}

func (c *httpContext) endNotification(ev int, st RequestNotificationStatus) {
	c.trace.finish(ev, func(e *Event) { e.Status = st })
}
