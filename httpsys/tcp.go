package httpsys

import (
	"context"
	"net"
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

var (
	_ Transport = TCPTransport{}
	_ Conn      = TCPConn{}
	_ Listener  = tcpListener{}
)
