package iis

import (
	"fmt"

	"github.com/iisemu/iisemu/httpsys"
)

// How a request's context records module calls, their answers, sends and
// notifications in its trace. Nothing is formatted when tracing is off.

// call records a method call and its HRESULT in the trace.
func (c *httpContext) call(method, args string, hr HRESULT) {
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
func (c *httpContext) callf(method string, hr HRESULT, args func() string) {
	if c.trace.on() {
		c.call(method, args(), hr)
	}
}

// beginNotification records a notification as it starts; its status is
// filled in when it returns, so nested sends keep their place.
func (c *httpContext) beginNotification(module string, n RequestNotification, post bool) int {
	if !c.trace.on() {
		return -1
	}
	return c.trace.begin(Event{Kind: EventNotification, Notification: n, Post: post, Module: module, Depth: c.depth})
}

func (c *httpContext) endNotification(ev int, st RequestNotificationStatus) {
	c.trace.finish(ev, func(e *Event) { e.Status = st })
}

// boolResult is how a BOOL answer appears in traces.
func boolResult(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// Note records a call event in ctx's trace with the given answer. It lets
// code outside the package, such as the scripted module, put what it
// observed through the IIS interfaces into the trace.
func Note(ctx IHttpContext, method, answer string) {
	if c, ok := ctx.(*httpContext); ok {
		c.answer(method, "", answer)
	}
}
