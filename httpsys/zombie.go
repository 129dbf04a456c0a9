package httpsys

import "time"

// DefaultLoggingTimeout is Config.LoggingTimeout's default: the "1 minute"
// the Types-of-errors page gives Connection_Dropped (SYS-LOG-5; an IIS blog
// speaks of about two minutes, which is why the value is INFER).
const DefaultLoggingTimeout = time.Minute

// A request whose client left before its response was complete is kept
// until the application completes it: KB 937692 calls its connection a
// zombie. The application completes it with its final send, which carries
// the request's log data, or by cancelling it. Completed within
// Config.LoggingTimeout, the request is logged only in the request log;
// still open when the timeout passes, it is logged Connection_Dropped in
// the error log (SYS-LOG-5, the Types-of-errors page).
type zombie struct {
	timer     Timer
	done      bool          // completed (guarded by the request's mu)
	completed chan struct{} // closed at the application's final send or cancel
	expired   chan struct{} // closed when the timeout logged Connection_Dropped
}

// clientGoneLocked starts the logging timeout, once per request, when
// HTTP.sys finds the client gone before the response was complete: a
// send that failed, or a reset its watch saw.
func (r *Request) clientGoneLocked() {
	if r.zombie != nil || r.state == SendComplete || r.state == SendCancelled {
		return
	}
	z := &zombie{completed: make(chan struct{}), expired: make(chan struct{})}
	c := r.c
	z.timer = c.s.clock.AfterFunc(c.s.cfg.LoggingTimeout, func() {
		c.log(ReasonConnectionDropped, 0)
		close(z.expired)
	})
	r.zombie = z
}

// completedLocked records the application's last word on the request: a
// final send, or a cancel. A zombie's timeout no longer applies.
func (r *Request) completedLocked() {
	if z := r.zombie; z != nil && !z.done {
		z.done = true
		z.timer.Stop()
		close(z.completed)
	}
}

// awaitCompletion holds a connection whose client left until the
// application completes its request, the logging timeout passes, or the
// server stops.
func (c *conn) awaitCompletion() {
	r := &c.req
	r.mu.Lock()
	z := r.zombie
	r.mu.Unlock()
	if z == nil {
		return
	}
	select {
	case <-z.completed:
	case <-z.expired:
	case <-c.s.done:
		z.timer.Stop()
	}
}
