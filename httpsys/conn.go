package httpsys

import (
	"errors"
	"io"
	"sync"
	"time"
)

// disposition is how a request left its connection.
type disposition int

const (
	dispositionKeepAlive disposition = iota // answered; the connection persists
	dispositionClose                        // answered; close in an orderly way
	dispositionReset                        // cancelled: the connection was reset
	dispositionFailed                       // a send hit a dead connection
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

	stateMu  sync.Mutex // guards state against Server.Close and observers
	state    ConnState
	served   int
	received int
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
	ev := ConnEvent{Remote: c.remote, State: to, Served: c.served, Received: c.received}
	c.stateMu.Unlock()
	c.s.report(ev)
}

func (c *conn) getState() ConnState {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.state
}

// serve reads requests one at a time, hands each to the queue, and waits
// for its disposition; pipelined requests are therefore answered in order
// (SYS-KA-1).
func (c *conn) serve() {
	defer c.stopWatch()
	for {
		h := &c.req.Head
		err := c.cr.readHead(h, c.s.cfg.Limits, nil)
		if err != nil {
			c.endAfterReadError(err)
			return
		}
		c.startRequest()
		c.stateMu.Lock()
		c.received++
		c.stateMu.Unlock()
		c.setState(StateActive)
		var d disposition
		if c.s.dispatch != nil {
			c.s.dispatch(&c.req)
			select {
			case d = <-c.finished:
			default:
				// The application returned without finishing the request.
				c.req.Cancel()
				d = <-c.finished
			}
		} else {
			if !c.s.enqueue(&c.req) {
				c.reset()
				return
			}
			select {
			case d = <-c.finished:
			case <-c.s.done:
				c.reset()
				return
			}
		}
		c.stopWatch()
		switch d {
		case dispositionReset, dispositionFailed:
			c.reset()
			return
		case dispositionClose:
			c.closeOrderly()
			return
		}
		// SYS-DRAIN-1: read and drop what the application left of the
		// body, so the next request can be parsed.
		if _, err := io.Copy(io.Discard, &c.req.body); err != nil {
			c.closeOrderly()
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

func (c *conn) startRequest() {
	r := &c.req
	r.ID = c.s.nextID()
	r.body.reset(c.cr, &r.Head)
	r.mu.Lock()
	r.state, r.plan, r.sent, r.continued, r.onDone = SendNotStarted, sendPlan{}, 0, false, nil
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
		c.out = appendErrorResponse(c.out[:0], rej, c.s.date.get(), !c.s.cfg.DisableServerHeader)
		if c.write() != nil {
			c.reset()
			return
		}
		c.closeOrderly()
	case Classify(err) == Closed && c.cr.buffered() == 0:
		c.closeOrderly()
	default:
		c.reset()
	}
}

// write sends and empties c.out.
func (c *conn) write() error {
	if len(c.out) == 0 {
		return nil
	}
	_, err := c.nc.Write(c.out)
	c.out = c.out[:0]
	return err
}

// finish hands the request's disposition back to the serve goroutine.
func (c *conn) finish(d disposition) { c.finished <- d }

// closeOrderly is the orderly close: FIN first, then read and drop
// whatever the client still sends until it closes (or lingerTimeout), and
// only then close. Closing with unread bytes in the receive buffer would
// send RST instead of FIN (RFC 1122 4.2.2.13; SEMANTICS.md §5).
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
