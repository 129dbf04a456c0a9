package httpsys

import (
	"context"
	"net"
)

// Conn is one end of a stream connection on either transport. Orderly close
// and reset are two named operations, never a flag:
//   - CloseWrite sends FIN (half-close); reads still work.
//   - Close ends the connection; on TCP, closing with unread received bytes
//     sends RST (RFC 1122 4.2.2.13), and the in-memory transport copies that.
//   - Reset ends the connection abortively with RST (SO_LINGER 0 on TCP).
type Conn interface {
	net.Conn
	CloseWrite() error
	Reset() error
	// PeerState reports, without blocking and without consuming anything,
	// whether the peer is still there: Reset once its RST has arrived,
	// Closed once its FIN has (with nothing left unread), Open otherwise.
	PeerState() CloseKind
	// WaitPeer blocks until the peer resets or closes, or sends data, or
	// stop is closed, and returns PeerState then.
	WaitPeer(stop <-chan struct{}) CloseKind
}

// Listener accepts Conns.
type Listener interface {
	Accept() (Conn, error)
	Close() error
	Addr() net.Addr
}

// Transport is the seam between the emulated HTTP.sys and the wire: one
// implementation keeps everything in memory (NewMemTransport), the other
// uses real loopback TCP sockets (TCPTransport).
type Transport interface {
	// Listen opens a listener. For TCP, addr is host:port; the in-memory
	// transport names its listeners by addr too.
	Listen(addr string) (Listener, error)
	// Dial connects to a listener of this transport.
	Dial(ctx context.Context, addr string) (Conn, error)
	// Clock is the time source deadlines on this transport's Conns use.
	Clock() Clock
	// Name is "model" or "sockets", the backend word of traces and labels.
	Name() string
}
