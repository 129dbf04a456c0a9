package httpsys

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// memBufferSize is what one direction of an in-memory connection holds
// before writes block, like a loopback socket's send and receive buffers.
const memBufferSize = 4 << 20

// MemTransport is the in-memory transport: no sockets, no real time. It
// reproduces what a TCP peer observes on Linux loopback (TestTransportsAgree
// holds it to the TCP transport):
//   - an orderly close gives EOF after every delivered byte;
//   - a reset gives ECONNRESET after the bytes already delivered;
//   - closing with unread received bytes turns into a reset;
//   - writing to a peer that has closed succeeds once, and draws a reset;
//   - writes after a reset fail with EPIPE;
//   - CloseWrite is a half-close: the peer reads EOF, this end still reads;
//   - read and write deadlines run on the transport's ManualClock.
//
// Its errors have the same identities as TCP's (io.EOF, syscall.ECONNRESET,
// syscall.EPIPE, os.ErrDeadlineExceeded, net.ErrClosed), so Classify treats
// both alike.
type MemTransport struct {
	clock *ManualClock

	mu        sync.Mutex
	listeners map[string]*memListener
	nextPort  int
}

// NewMemTransport returns an in-memory transport whose clock starts at a
// fixed instant, so that runs are reproducible.
func NewMemTransport() *MemTransport {
	return &MemTransport{
		clock:     NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
		listeners: make(map[string]*memListener),
		nextPort:  49152,
	}
}

// Name returns "model".
func (t *MemTransport) Name() string { return "model" }

// Clock returns the transport's ManualClock.
func (t *MemTransport) Clock() Clock { return t.clock }

// ManualClock returns the clock as its concrete type, for Advance.
func (t *MemTransport) ManualClock() *ManualClock { return t.clock }

// Listen registers a listener under addr ("127.0.0.1:80", say). An addr
// whose port is 0 gets a fresh port.
func (t *MemTransport) Listen(addr string) (Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("httpsys: mem listen %q: %w", addr, err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if port == "0" {
		port = fmt.Sprint(t.allocPortLocked())
		addr = net.JoinHostPort(host, port)
	}
	if _, ok := t.listeners[addr]; ok {
		return nil, &net.OpError{Op: "listen", Net: "mem", Addr: memAddr(addr), Err: os.NewSyscallError("bind", syscall.EADDRINUSE)}
	}
	l := &memListener{t: t, addr: memAddr(addr), backlog: make(chan *memConn, 128), done: make(chan struct{})}
	t.listeners[addr] = l
	return l, nil
}

func (t *MemTransport) allocPortLocked() int {
	t.nextPort++
	return t.nextPort
}

// Dial connects to the listener registered under addr. With no listener
// there it fails with ECONNREFUSED, as TCP does.
func (t *MemTransport) Dial(ctx context.Context, addr string) (Conn, error) {
	t.mu.Lock()
	l := t.listeners[addr]
	local := memAddr(fmt.Sprintf("127.0.0.1:%d", t.allocPortLocked()))
	t.mu.Unlock()
	refused := &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(addr), Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	if l == nil {
		return nil, refused
	}
	client, server := newMemPipe(t.clock, local, l.addr)
	select {
	case l.backlog <- server:
		return client, nil
	case <-l.done:
		return nil, refused
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type memAddr string

func (a memAddr) Network() string { return "mem" }
func (a memAddr) String() string  { return string(a) }

type memListener struct {
	t       *MemTransport
	addr    memAddr
	backlog chan *memConn
	once    sync.Once
	done    chan struct{}
}

func (l *memListener) Accept() (Conn, error) {
	select {
	case c := <-l.backlog:
		return c, nil
	case <-l.done:
		return nil, &net.OpError{Op: "accept", Net: "mem", Addr: l.addr, Err: net.ErrClosed}
	}
}

// Close unregisters the listener and resets connections never accepted.
func (l *memListener) Close() error {
	l.once.Do(func() {
		close(l.done)
		l.t.mu.Lock()
		delete(l.t.listeners, string(l.addr))
		l.t.mu.Unlock()
		for {
			select {
			case c := <-l.backlog:
				c.Reset()
			default:
				return
			}
		}
	})
	return nil
}

func (l *memListener) Addr() net.Addr { return l.addr }

// memPipe is the shared state of the two ends; one mutex guards both.
type memPipe struct {
	clock *ManualClock
	mu    sync.Mutex
	cond  *sync.Cond
	ends  [2]memEnd
}

// memEnd is the state of one end. rbuf holds bytes the peer sent that this
// end has not read.
type memEnd struct {
	rbuf      []byte // rbuf[roff:] is unread
	roff      int
	rfin      bool // the peer sent FIN
	rrst      bool // the peer sent RST
	wshut     bool // this end sent FIN
	closed    bool // this end was closed or reset
	rdeadline time.Time
	wdeadline time.Time
	rtimer    Timer     // armed only while a Read waits
	rtimerAt  time.Time // the deadline rtimer is for
	wtimer    Timer
	wtimerAt  time.Time
}

func (e *memEnd) unread() int { return len(e.rbuf) - e.roff }

type memConn struct {
	p             *memPipe
	side          int
	local, remote memAddr
}

func newMemPipe(clock *ManualClock, clientAddr, serverAddr memAddr) (client, server *memConn) {
	p := &memPipe{clock: clock}
	p.cond = sync.NewCond(&p.mu)
	return &memConn{p: p, side: 0, local: clientAddr, remote: serverAddr},
		&memConn{p: p, side: 1, local: serverAddr, remote: clientAddr}
}

func (c *memConn) me() *memEnd   { return &c.p.ends[c.side] }
func (c *memConn) peer() *memEnd { return &c.p.ends[1-c.side] }

func (c *memConn) opErr(op string, err error) error {
	return &net.OpError{Op: op, Net: "mem", Source: c.local, Addr: c.remote, Err: err}
}

func expired(deadline time.Time, now time.Time) bool {
	return !deadline.IsZero() && !now.Before(deadline)
}

func (c *memConn) Read(b []byte) (int, error) {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	me := c.me()
	for {
		switch {
		case me.closed:
			return 0, c.opErr("read", net.ErrClosed)
		case me.unread() > 0:
			if len(b) == 0 {
				return 0, nil
			}
			n := copy(b, me.rbuf[me.roff:])
			me.roff += n
			if me.roff == len(me.rbuf) {
				me.rbuf, me.roff = me.rbuf[:0], 0 // keep the storage
			}
			p.cond.Broadcast() // room for a writer blocked on a full buffer
			return n, nil
		case me.rfin:
			// Linux answers EOF once FIN has arrived, even if a RST
			// followed (SOCK_DONE is checked before sk_err).
			return 0, io.EOF
		case me.rrst:
			return 0, c.opErr("read", os.NewSyscallError("read", syscall.ECONNRESET))
		case expired(me.rdeadline, p.clock.Now()):
			return 0, c.opErr("read", os.ErrDeadlineExceeded)
		}
		c.armLocked(&me.rtimer, &me.rtimerAt, me.rdeadline)
		p.cond.Wait()
	}
}

// Write delivers b to the peer. When the peer's unread bytes reach
// memBufferSize, Write blocks until it reads, like a full socket buffer,
// and a write deadline then ends it.
func (c *memConn) Write(b []byte) (int, error) {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	me, peer := c.me(), c.peer()
	written := 0
	for {
		switch {
		case me.closed:
			return written, c.opErr("write", net.ErrClosed)
		case me.rrst, me.wshut:
			return written, c.opErr("write", os.NewSyscallError("write", syscall.EPIPE))
		case expired(me.wdeadline, p.clock.Now()):
			return written, c.opErr("write", os.ErrDeadlineExceeded)
		}
		if peer.closed {
			// The peer's socket is gone: the segment is answered with RST.
			me.rrst = true
			p.cond.Broadcast()
			return len(b), nil
		}
		room := memBufferSize - peer.unread()
		if room > 0 {
			n := min(room, len(b)-written)
			c.appendLocked(peer, b[written:written+n])
			written += n
			p.cond.Broadcast()
			if written == len(b) {
				return written, nil
			}
		}
		c.armLocked(&me.wtimer, &me.wtimerAt, me.wdeadline)
		p.cond.Wait()
	}
}

// appendLocked adds bytes to the peer's receive buffer.
func (c *memConn) appendLocked(peer *memEnd, b []byte) {
	if peer.roff > 0 && peer.roff >= len(peer.rbuf)/2 {
		// Move the unread part down rather than grow forever.
		n := copy(peer.rbuf, peer.rbuf[peer.roff:])
		peer.rbuf, peer.roff = peer.rbuf[:n], 0
	}
	peer.rbuf = append(peer.rbuf, b...)
}

// CloseWrite sends FIN; the peer reads EOF after the delivered bytes.
func (c *memConn) CloseWrite() error {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	me, peer := c.me(), c.peer()
	if me.closed {
		return c.opErr("close", net.ErrClosed)
	}
	if !me.wshut {
		me.wshut = true
		if peer.closed {
			me.rrst = true
		} else {
			peer.rfin = true
		}
		p.cond.Broadcast()
	}
	return nil
}

// Close ends this end. Unread received bytes turn the close into a reset,
// as on TCP; otherwise the peer gets FIN (if not already sent).
func (c *memConn) Close() error {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	me, peer := c.me(), c.peer()
	if me.closed {
		return c.opErr("close", net.ErrClosed)
	}
	if me.unread() > 0 {
		c.resetLocked()
		return nil
	}
	me.closed = true
	if !me.wshut && !peer.closed {
		me.wshut = true
		peer.rfin = true
	}
	c.stopTimersLocked()
	p.cond.Broadcast()
	return nil
}

// Reset ends this end abortively: the peer reads what was already
// delivered, then ECONNRESET.
func (c *memConn) Reset() error {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.me().closed {
		return c.opErr("close", net.ErrClosed)
	}
	c.resetLocked()
	return nil
}

func (c *memConn) resetLocked() {
	me, peer := c.me(), c.peer()
	me.closed = true
	me.rbuf, me.roff = nil, 0
	if !peer.closed {
		peer.rrst = true
	}
	c.stopTimersLocked()
	c.p.cond.Broadcast()
}

func (c *memConn) stopTimersLocked() {
	me := c.me()
	for _, t := range []*Timer{&me.rtimer, &me.wtimer} {
		if *t != nil {
			(*t).Stop()
			*t = nil
		}
	}
}

// PeerState reads this end's view of the peer.
func (c *memConn) PeerState() CloseKind {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	return c.peerStateLocked()
}

func (c *memConn) peerStateLocked() CloseKind {
	me := c.me()
	switch {
	case me.unread() > 0:
		return Open // like MSG_PEEK: pending data hides what follows it
	case me.rrst:
		return Reset
	case me.rfin:
		return Closed
	}
	return Open
}

// WaitPeer blocks until the peer resets, closes or sends, or stop closes.
func (c *memConn) WaitPeer(stop <-chan struct{}) CloseKind {
	p := c.p
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-stop:
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		case <-done:
		}
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		me := c.me()
		if me.closed || me.unread() > 0 || me.rrst || me.rfin {
			return c.peerStateLocked()
		}
		select {
		case <-stop:
			return Open
		default:
		}
		p.cond.Wait()
	}
}

func (c *memConn) LocalAddr() net.Addr  { return c.local }
func (c *memConn) RemoteAddr() net.Addr { return c.remote }

func (c *memConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// SetReadDeadline records t. A timer on the transport's clock is armed
// only when a Read must wait, so setting deadlines costs nothing on a
// connection that never blocks.
func (c *memConn) SetReadDeadline(t time.Time) error {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	me := c.me()
	if me.closed {
		return c.opErr("set", net.ErrClosed)
	}
	me.rdeadline = t
	p.cond.Broadcast() // a waiting Read re-checks its deadline
	return nil
}

// SetWriteDeadline records t; a Write blocked on a full buffer arms a
// timer for it.
func (c *memConn) SetWriteDeadline(t time.Time) error {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	me := c.me()
	if me.closed {
		return c.opErr("set", net.ErrClosed)
	}
	me.wdeadline = t
	p.cond.Broadcast()
	return nil
}

// armLocked makes sure a timer wakes the pipe's waiters at deadline d:
// the timer in *slot is kept if it is for d, replaced otherwise.
func (c *memConn) armLocked(slot *Timer, at *time.Time, d time.Time) {
	if d.IsZero() || (*slot != nil && at.Equal(d)) {
		return
	}
	if *slot != nil {
		(*slot).Stop()
		*slot = nil
	}
	p := c.p
	if wait := d.Sub(p.clock.Now()); wait > 0 {
		*at = d
		*slot = p.clock.AfterFunc(wait, func() {
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		})
	}
}

var (
	_ Transport = (*MemTransport)(nil)
	_ Conn      = (*memConn)(nil)
	_ Listener  = (*memListener)(nil)
)
