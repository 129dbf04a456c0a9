package iis

import "sync/atomic"

// httpConnection is IHttpConnection for one request's connection.
type httpConnection struct {
	ctx  *httpContext
	gone atomic.Bool // reset by the server or ended by the client
}

// IsConnected is FALSE once the connection has been reset (RC-6).
func (c *httpConnection) IsConnected() bool {
	ok := !c.gone.Load()
	if c.ctx.trace.on() {
		result := "TRUE"
		if !ok {
			result = "FALSE"
		}
		c.ctx.trace.add(Event{Kind: EventCall, Method: "IsConnected", Module: c.ctx.curModule,
			Notification: c.ctx.curNotification, Result: result})
	}
	return ok
}

var _ IHttpConnection = (*httpConnection)(nil)
