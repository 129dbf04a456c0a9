package httpsys

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// disposition is how a request left its connection.
type disposition int

const (
	dispositionKeepAlive disposition = iota // answered; the connection persists
	dispositionClose                        // answered; close in an orderly way
	dispositionReset                        // cancelled: the connection was reset
	dispositionFailed                       // a send hit a dead connection
	dispositionSentReset                    // answered in full; then reset (ResetAfterFinalSend)
)

// lingerTimeout bounds the drain after an orderly close's FIN.
const lingerTimeout = 2 * time.Second

// conn is one client connection. Its serve goroutine owns every field
// except while a request is outstanding: from enqueue until finish, the
// request's sender (holding req.mu) owns out and the write side.
type conn struct {
	s             *Server
	nc            Conn
	remote, local string // the addresses, rendered once
	cr            *connReader
	req           Request
	out           []byte // response bytes not yet written

	finished chan disposition // one value per request, from the sender

	watchStop, watchDone chan struct{} // a WatchPeer goroutine, while one runs
	value                any           // the application's per-connection state
	overLimit            bool          // accepted past MaxConnections
	sawBytes             bool          // the request being read has begun
	queueExpired         bool          // the request outwaited RequestQueue
	logged               atomic.Bool   // the current request has its error-log entry

	stateMu  sync.Mutex // guards state against Server.Close and observers
	state    ConnState
	served   int
	received int
	sent     int64 // bytes written to the connection, for ConnEvent.Sent
}

func newConn(s *Server, nc Conn) *conn {
	c := &conn{s: s, nc: nc, finished: make(chan disposition, 1),
		remote: nc.RemoteAddr().String(), local: nc.LocalAddr().String()}
	c.cr = newConnReader(nc, s.cfg.Limits.MaxRequestBytes)
	c.req.c = c
	return c
}

// setState moves the connection along its lifecycle and reports it. An
// illegal transition is a bug in this package.
func (c *conn) setState(to ConnState) {
	c.stateMu.Lock()
	from := c.state
	if !legalConnTransition(from, to) {
		c.stateMu.Unlock()
		panic("httpsys: illegal connection transition " + from.String() + " -> " + to.String())
	}
	c.state = to
	if !closing(from) && closing(to) {
		c.s.open.Add(-1)
	}
	ev := ConnEvent{Remote: c.remote, State: to, Served: c.served, Received: c.received, Sent: c.sent}
	c.stateMu.Unlock()
	c.s.report(ev)
}

func (c *conn) getState() ConnState {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.state
}

// serve reads requests one at a time, hands each to the application, and
// waits for its disposition; pipelined requests are therefore answered in
// order (SYS-KA-1).
func (c *conn) serve() {
	defer c.stopWatch()
	if c.overLimit {
		c.endAfterReadError(RejectConnLimit) // SYS-LIM-1: MaxConnections
		return
	}
	t := &c.s.cfg.Timeouts
	for {
		h := &c.req.Head
		// SYS-TIME-1: IdleConnection until the request's first byte, then
		// HeaderWait until the end of its headers (firstByte).
		c.sawBytes = false
		c.nc.SetReadDeadline(c.s.clock.Now().Add(t.IdleConnection))
		if c.s.shuttingDown() {
			// Shutdown wakes an idle connection by its read deadline,
			// which the line above may just have undone: wake it again.
			c.nc.SetReadDeadline(time.Unix(1, 0))
		}
		err := c.cr.readHead(h, c.s.cfg.Limits, c)
		if err != nil {
			if isTimeout(err) {
				reason := ReasonTimerConnectionIdle
				if c.sawBytes {
					reason = ReasonTimerHeaderWait
				}
				c.log(reason, 0)
				c.closeOrderly()
				return
			}
			c.endAfterReadError(err)
			return
		}
		c.nc.SetReadDeadline(time.Time{})
		c.startRequest()
		c.stateMu.Lock()
		c.received++
		c.stateMu.Unlock()
		if c.s.inFlight.Add(1) > int64(c.s.cfg.QueueLength) {
			c.s.inFlight.Add(-1)
			c.endAfterReadError(RejectQueueFull)
			return
		}
		c.setState(StateActive)
		d, ok, full := c.handOver()
		c.s.inFlight.Add(-1)
		switch {
		case full && c.queueExpired:
			c.endAfterReadError(RejectRequestQueueTimer)
			return
		case full:
			c.endAfterReadError(RejectQueueFull)
			return
		case !ok:
			c.reset()
			return
		}
		c.stopWatch()
		switch d {
		case dispositionReset:
			c.log(ReasonApplicationCancel, 0)
			c.reset()
			return
		case dispositionFailed:
			// The client left before the response was complete: the
			// error log waits for the logging timeout (SYS-LOG-5).
			c.reset()
			c.awaitCompletion()
			return
		case dispositionClose:
			c.closeOrderly()
			return
		case dispositionSentReset:
			c.reset() // the response was complete: nothing for the error log
			return
		}
		// SYS-DRAIN-1: read and drop what the application left of the
		// body, so the next request can be parsed; DrainEntityBody bounds it.
		c.nc.SetReadDeadline(c.s.clock.Now().Add(t.DrainEntityBody))
		_, err = io.Copy(io.Discard, &c.req.body)
		c.nc.SetReadDeadline(time.Time{})
		if err != nil {
			c.endDrain(err)
			return
		}
		c.stateMu.Lock()
		c.served++
		c.stateMu.Unlock()
		if c.s.shuttingDown() {
			c.closeOrderly()
			return
		}
		c.setState(StateIdle)
	}
}

// firstByte switches from the idle timer to the header timer.
func (c *conn) firstByte() {
	c.sawBytes = true
	c.req.firstByteAt = c.s.clock.Now() // LOG-TT-1: time-taken starts here
	c.nc.SetReadDeadline(c.s.clock.Now().Add(c.s.cfg.Timeouts.HeaderWait))
}

// handOver gives the request to the application, by dispatch or through
// the queue, and returns how it left. ok is false when the server stopped;
// full when the queue had no room.
func (c *conn) handOver() (d disposition, ok, full bool) {
	if c.s.dispatch != nil {
		c.s.dispatch(&c.req)
		select {
		case d = <-c.finished:
		default:
			// The application returned without finishing the request.
			c.req.Cancel()
			d = <-c.finished
		}
		return d, true, false
	}
	// SYS-TIME-1: RequestQueue bounds the wait for Receive; take stops it.
	expired := make(chan struct{})
	c.req.mu.Lock()
	c.req.queueTimer = c.s.clock.AfterFunc(c.s.cfg.Timeouts.RequestQueue, func() { close(expired) })
	c.req.mu.Unlock()
	defer func() {
		c.req.mu.Lock()
		if c.req.queueTimer != nil {
			c.req.queueTimer.Stop()
			c.req.queueTimer = nil
		}
		c.req.mu.Unlock()
	}()
	queued, full := c.s.enqueue(&c.req)
	if full || !queued {
		return 0, false, full
	}
	for {
		select {
		case d = <-c.finished:
			return d, true, false
		case <-expired:
			if c.req.expire() {
				c.queueExpired = true
				return 0, false, true
			}
			expired = nil // taken just in time: wait for its answer
		case <-c.s.done:
			return 0, false, false
		}
	}
}

// endDrain ends a connection whose body could not be drained (SYS-LOG-1).
// The Types-of-errors page has no phrase for the drain timer: the body did
// not arrive in time, which is what Timer_EntityBody says (INFER), and the
// connection closes in an orderly way. A client that reset or closed
// before its body was all sent left a request whose response was complete:
// nothing for the error log (SYS-LOG-5).
// A body whose framing breaks (a bad chunk size) is a parse error of the
// request: BadRequest, without a response, since one was sent.
func (c *conn) endDrain(err error) {
	switch {
	case isTimeout(err):
		c.log(ReasonTimerEntityBody, 0)
		c.closeOrderly()
	case Classify(err) == Reset:
		c.reset()
	case Classify(err) == Closed:
		c.closeOrderly()
	default:
		c.log(ReasonBadRequest, 0)
		c.closeOrderly()
	}
}

// log writes an error-log entry about this connection's current request:
// the first one only, so that a connection dropped for one cause (a timer
// that reset it, say) is not logged again for what followed (the send
// that then failed). It may be called from the request's sender too.
func (c *conn) log(reason LogReason, status int) {
	if c.logged.Swap(true) {
		return
	}
	h := &c.req.Head
	e := ErrorLogEntry{ClientAddr: c.remote, ServerAddr: c.local, Status: status, Reason: reason}
	if h.Method != nil {
		e.Method, e.URI = string(h.Method), string(h.Target)
		e.Version = "HTTP/" + string(rune('0'+h.Major)) + "." + string(rune('0'+h.Minor))
	}
	c.s.logError(e)
}

func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func (c *conn) startRequest() {
	c.logged.Store(false)
	r := &c.req
	r.ID = c.s.nextID()
	r.body.reset(c.cr, &r.Head)
	r.mu.Lock()
	r.state, r.plan, r.sent, r.continued, r.onDone = SendNotStarted, sendPlan{}, 0, false, nil
	r.wireOut, r.taken, r.expired, r.lastSendAt, r.resetAfter, r.zombie = 0, false, false, time.Time{}, false, nil
	r.mu.Unlock()
	c.out = c.out[:0]
}

// stopWatch ends a WatchPeer goroutine before the connection reads on.
func (c *conn) stopWatch() {
	if c.watchStop == nil {
		return
	}
	close(c.watchStop)
	<-c.watchDone
	c.watchStop, c.watchDone = nil, nil
}

// endAfterReadError ends a connection whose next request could not be
// read: HTTP.sys answers a rejected request itself (SYS-ERR-1); a client
// that closed gets an orderly close back; anything else is a reset.
func (c *conn) endAfterReadError(err error) {
	var rej *Rejection
	switch {
	case errors.As(err, &rej):
		c.log(rej.LogReason, rej.Status)
		c.out = appendErrorResponse(c.out[:0], rej, c.s.date.get(), c.s.cfg.serverOnOwnAnswers())
		if c.write() != nil {
			c.reset()
			return
		}
		c.closeOrderly()
	case Classify(err) == Closed:
		// The client closed; an orderly close answers its FIN. Having
		// sent part of a request, it "prematurely closes its connection"
		// before the request reached the application: Client_Reset, as
		// the Types-of-errors page describes the phrase.
		if c.cr.buffered() > 0 {
			c.log(ReasonClientReset, 0)
		}
		c.closeOrderly()
	default:
		if c.cr.buffered() > 0 {
			c.log(ReasonClientReset, 0) // the client reset mid-request
		}
		c.reset()
	}
}

// write sends and empties c.out. MinSendRate bounds how long the client
// may take to take it (SYS-TIME-1, Timeouts.sendDeadline).
func (c *conn) write() error {
	if len(c.out) == 0 {
		return nil
	}
	c.nc.SetWriteDeadline(c.s.cfg.Timeouts.sendDeadline(c.s.clock.Now(), len(c.out)))
	n, err := c.nc.Write(c.out)
	c.nc.SetWriteDeadline(time.Time{})
	c.req.wireOut += int64(n)
	c.wrote(n)
	c.out = c.out[:0]
	if isTimeout(err) {
		c.log(ReasonTimerMinBytesPerSecond, 0)
	}
	return err
}

// wrote counts n bytes written to the connection (ConnEvent.Sent).
func (c *conn) wrote(n int) {
	c.stateMu.Lock()
	c.sent += int64(n)
	c.stateMu.Unlock()
}

// finish hands the request's disposition back to the serve goroutine.
func (c *conn) finish(d disposition) { c.finished <- d }

// closeOrderly is the orderly close: FIN first, then read and drop
// whatever the client still sends until it closes (or lingerTimeout), and
// only then close. Closing with unread bytes in the receive buffer would
// send RST instead of FIN (RFC 1122 section 4.2.2.13; RFC 9112 section
// 9.6 describes the staged close).
func (c *conn) closeOrderly() {
	c.setState(StateClosing)
	if err := c.nc.CloseWrite(); err != nil {
		c.reset()
		return
	}
	c.nc.SetReadDeadline(c.s.clock.Now().Add(lingerTimeout))
	io.Copy(io.Discard, io.LimitReader(c.nc, 1<<20))
	c.nc.Close()
	c.setState(StateClosed)
}

// reset is the abortive close: RST at once, nothing more is delivered.
func (c *conn) reset() {
	c.resetConn()
	c.stateMu.Lock()
	st := c.state
	c.stateMu.Unlock()
	if !st.Terminal() {
		c.setState(StateReset)
	}
}

// resetConn sends RST; it may be called from any goroutine.
func (c *conn) resetConn() { c.nc.Reset() }
