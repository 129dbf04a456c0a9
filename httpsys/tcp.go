package httpsys

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
	"time"
)

// TCPTransport is the real transport: TCP sockets, in practice on
// loopback. Its Conns reset with SO_LINGER 0, which makes the kernel send
// RST on close.
type TCPTransport struct{}

// Name returns "sockets".
func (TCPTransport) Name() string { return "sockets" }

// Clock returns SystemClock: socket deadlines are wall-clock deadlines.
func (TCPTransport) Clock() Clock { return SystemClock{} }

// Listen opens a TCP listener on addr (use "127.0.0.1:0" in tests).
func (TCPTransport) Listen(addr string) (Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return tcpListener{l.(*net.TCPListener)}, nil
}

// Dial connects to addr over TCP.
func (TCPTransport) Dial(ctx context.Context, addr string) (Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return TCPConn{c.(*net.TCPConn)}, nil
}

type tcpListener struct{ *net.TCPListener }

func (l tcpListener) Accept() (Conn, error) {
	c, err := l.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return TCPConn{c}, nil
}

// TCPConn adapts *net.TCPConn to Conn.
type TCPConn struct{ *net.TCPConn }

// Reset closes the socket with SO_LINGER 0, so the kernel sends RST and
// discards anything not yet sent.
func (c TCPConn) Reset() error {
	if err := c.SetLinger(0); err != nil {
		c.TCPConn.Close()
		return err
	}
	return c.TCPConn.Close()
}

// PeerState peeks at the socket without consuming (MSG_PEEK|MSG_DONTWAIT):
// pending data means Open, a read of zero means the peer's FIN, ECONNRESET
// its RST. The kernel reports a reset only once: a later call may say
// Closed, and both mean the peer is gone.
//
// It peeks through Control, which takes none of the socket's locks, so
// that it answers at once while a WaitPeer holds the read side parked in
// the poller.
func (c TCPConn) PeerState() CloseKind {
	rc, err := c.SyscallConn()
	if err != nil {
		return Reset
	}
	kind := Open
	rc.Control(func(fd uintptr) {
		var b [1]byte
		n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		if err != syscall.EAGAIN && err != syscall.EWOULDBLOCK {
			kind = peekKind(n, err)
		}
	})
	return kind
}

// WaitPeer waits in the runtime's poller until the socket is readable
// (data, FIN or RST) or stop closes.
func (c TCPConn) WaitPeer(stop <-chan struct{}) CloseKind {
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-stop:
			c.SetReadDeadline(time.Unix(1, 0)) // wake the poller
		case <-done:
		}
	}()
	k, err := c.peek()
	select {
	case <-stop:
	default:
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.SetReadDeadline(time.Time{})
		return Open
	}
	return k
}

// peek waits in the poller until the socket is readable, then tells what
// is there without consuming it.
func (c TCPConn) peek() (CloseKind, error) {
	rc, err := c.SyscallConn()
	if err != nil {
		return Reset, err
	}
	kind := Open
	var b [1]byte
	rerr := rc.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		if err == syscall.EAGAIN || err == syscall.EWOULDBLOCK {
			return false // not readable: wait in the poller
		}
		kind = peekKind(n, err)
		return true
	})
	return kind, rerr
}

// peekKind reads a readable socket's peek: pending data is Open, a read
// of zero the peer's FIN, an error (ECONNRESET, EPIPE) its RST.
func peekKind(n int, err error) CloseKind {
	switch {
	case err != nil:
		return Reset
	case n == 0:
		return Closed
	}
	return Open
}

var (
	_ Transport = TCPTransport{}
	_ Conn      = TCPConn{}
	_ Listener  = tcpListener{}
)
