package wire

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// Settler tells the client, for an in-process server, when the server's
// side of the connection has settled after answering requests, and how.
// ServerSettler is the usual implementation.
type Settler func(ctx context.Context, clientAddr string, requests int) (Settled, error)

// Settled is how a connection settled.
type Settled struct {
	// Closing reports that the server is ending the connection: its FIN or
	// RST is on the way, and the client reads until it comes. Otherwise
	// the connection stays open.
	Closing bool
	// Sent is how many bytes the server has written to the connection; on
	// a connection that stays open the client reads until it holds them
	// all. Bytes written are not yet bytes received: on a loaded machine
	// loopback delivery can lag a write by tens of milliseconds, so no
	// fixed wait after the server settles is long enough.
	Sent int64
}

// ServerSettler is the Settler of a Server in this process, which needs
// Config.Track (see httpsys.Server.WaitSettled).
func ServerSettler(s *httpsys.Server) Settler {
	return func(ctx context.Context, clientAddr string, requests int) (Settled, error) {
		ev, err := s.WaitSettled(ctx, clientAddr, requests)
		return Settled{Closing: ev.State != httpsys.StateIdle, Sent: ev.Sent}, err
	}
}

// Client sends raw requests and reports what comes back.
type Client struct {
	// Dial opens the connection.
	Dial func(ctx context.Context) (net.Conn, error)
	// Clock is the time base of the connection's deadlines (the
	// transport's clock). Nil means the system clock.
	Clock httpsys.Clock
	// Settle, when set, decides when reading stops on a connection that
	// stays open: once the bytes the server reports written are in;
	// without it, Quiet does.
	Settle Settler
	// Quiet is how long a connection must stay silent, once the expected
	// responses are in, before the client calls it open (only without
	// Settle). Default 500ms.
	Quiet time.Duration
}

// Result is everything the client observed on one connection.
type Result struct {
	Sent      []byte
	Received  []byte
	Responses []Response
	// Close is how the connection ended: reset, closed, or still open.
	Close httpsys.CloseKind
	// EndErr is the read error that ended the connection (nil if open).
	EndErr error
	// WriteErr is the error of a write that failed, if any.
	WriteErr error
	// Left is how the client itself ended the connection before the server
	// did ("reset" or "close"; see Conn.Leave); "" when it did not.
	Left string
}

// Final returns the final (non-1xx) responses.
func (r *Result) Final() []Response {
	var out []Response
	for _, resp := range r.Responses {
		if !resp.Interim() {
			out = append(out, resp)
		}
	}
	return out
}

// Conn is one client connection under observation.
type Conn struct {
	c     *Client
	nc    net.Conn
	sent  []byte
	recv  []byte
	werr  error
	ended bool
	end   error

	// While readToEnd runs: the length of recv, and the length the server
	// settled at (-1 until it has).
	got, want atomic.Int64
}

// Open dials a new connection.
func (c *Client) Open(ctx context.Context) (*Conn, error) {
	nc, err := c.Dial(ctx)
	if err != nil {
		return nil, err
	}
	return &Conn{c: c, nc: nc}, nil
}

// Do opens a connection, sends raw, reads until the connection ends or has
// settled after answering requests, closes it, and returns the result.
func (c *Client) Do(ctx context.Context, raw []byte, requests int) (*Result, error) {
	conn, err := c.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.Send(raw)
	return conn.Finish(ctx, requests), nil
}

// LocalAddr is the client's address: the server's name for the connection.
func (cn *Conn) LocalAddr() string { return cn.nc.LocalAddr().String() }

// Send writes raw bytes. A failed write is recorded in the Result, not
// returned: writing into a reset connection is an observation.
func (cn *Conn) Send(raw []byte) {
	cn.sent = append(cn.sent, raw...)
	if cn.werr != nil {
		return
	}
	if _, err := cn.nc.Write(raw); err != nil {
		cn.werr = err
	}
}

func (cn *Conn) now() time.Time {
	if cn.c.Clock != nil {
		return cn.c.Clock.Now()
	}
	return time.Now()
}

// Finish reads until the connection ends, or until the server has settled
// with the connection open after answering requests, and returns all that
// was observed since Open.
func (cn *Conn) Finish(ctx context.Context, requests int) *Result {
	if !cn.ended {
		cn.readToEnd(ctx, requests)
	}
	return cn.result()
}

// ReadSome waits for the first bytes from the server (or the end of the
// connection, or ctx), and keeps what arrived.
func (cn *Conn) ReadSome(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { cn.nc.SetReadDeadline(time.Unix(1, 0)) })
	defer func() {
		stop()
		cn.nc.SetReadDeadline(time.Time{})
	}()
	buf := make([]byte, 32<<10)
	n, err := cn.nc.Read(buf)
	cn.recv = append(cn.recv, buf[:n]...)
	if err != nil && httpsys.Classify(err) != httpsys.Open {
		cn.ended, cn.end = true, err
	}
	if n == 0 && err != nil {
		return fmt.Errorf("waiting for the server's first bytes: %w", err)
	}
	return nil
}

// Leave ends the client's side of the connection, with an RST when reset
// is set and a FIN otherwise, and returns what was observed until then;
// its Left says which.
func (cn *Conn) Leave(reset bool) *Result {
	left := "close"
	if reset {
		left = "reset"
		cn.Reset()
	} else {
		cn.Close()
	}
	res := cn.result()
	res.Left = left
	return res
}

func (cn *Conn) result() *Result {
	res := &Result{
		Sent:     cn.sent,
		Received: cn.recv,
		EndErr:   cn.end,
		WriteErr: cn.werr,
		Close:    httpsys.Classify(cn.end),
	}
	ended := res.Close != httpsys.Open
	res.Responses = ParseResponses(cn.recv, ended, nil)
	return res
}

func (cn *Conn) readToEnd(ctx context.Context, requests int) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
		cn.nc.SetReadDeadline(time.Time{})
	}()
	cn.got.Store(int64(len(cn.recv)))
	cn.want.Store(-1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		cn.watch(ctx, requests)
	}()
	buf := make([]byte, 32<<10)
	for {
		if w := cn.want.Load(); w >= 0 && int64(len(cn.recv)) >= w {
			return // all the server wrote is in
		}
		n, err := cn.nc.Read(buf)
		cn.recv = append(cn.recv, buf[:n]...)
		cn.got.Store(int64(len(cn.recv)))
		if err != nil {
			if httpsys.Classify(err) != httpsys.Open {
				cn.ended, cn.end = true, err
			}
			return
		}
		if cn.c.Settle == nil && countFinal(cn.recv) >= requests {
			cn.nc.SetReadDeadline(cn.now().Add(cn.quiet()))
		}
	}
}

// watch stops the read loop when the server settles with the connection
// open and all it wrote has arrived, or when ctx ends.
func (cn *Conn) watch(ctx context.Context, requests int) {
	if cn.c.Settle != nil {
		st, err := cn.c.Settle(ctx, cn.LocalAddr(), requests)
		if err == nil && !st.Closing {
			// The read loop stops once it holds st.Sent bytes. Store
			// before load, as the loop stores got before it loads want:
			// one of the two sees the other's store.
			cn.want.Store(st.Sent)
			if cn.got.Load() >= st.Sent {
				cn.nc.SetReadDeadline(time.Unix(1, 0)) // wake a Read that began after the last byte
				return
			}
		}
		// Otherwise the server is closing (the read loop will see FIN or
		// RST) or the bytes are still on their way: wait for either.
	}
	// ctx ends when the read loop has returned (readToEnd cancels it, and
	// clears the deadline once this returns) or when the caller's context
	// ends, by its deadline or cancelled: wake the read either way.
	<-ctx.Done()
	cn.nc.SetReadDeadline(time.Unix(1, 0))
}

func (cn *Conn) quiet() time.Duration {
	if cn.c.Quiet > 0 {
		return cn.c.Quiet
	}
	return 500 * time.Millisecond
}

func countFinal(data []byte) int {
	n := 0
	for _, r := range ParseResponses(data, false, nil) {
		if !r.Interim() {
			n++
		}
	}
	return n
}

// Close closes the client side (a FIN, unless unread bytes make it RST).
func (cn *Conn) Close() error { return cn.nc.Close() }

// Reset closes the client side abortively (RST).
func (cn *Conn) Reset() error {
	switch c := cn.nc.(type) {
	case interface{ Reset() error }:
		return c.Reset()
	case *net.TCPConn:
		c.SetLinger(0)
		return c.Close()
	}
	return cn.nc.Close()
}
