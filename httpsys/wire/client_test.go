package wire_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

const (
	request  = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
)

// pipeServer is the server end of a net.Pipe: it reads the request, then
// writes its answer only once the client's Settle has reported, so that
// the answer is still in flight when the client learns the server settled
// (what a loaded machine does to loopback sockets).
type pipeServer struct {
	client  *wire.Client
	settled chan struct{}
	done    chan struct{}
}

func newPipeServer(t *testing.T, settled wire.Settled, then func(net.Conn)) *pipeServer {
	t.Helper()
	cl, sv := net.Pipe()
	p := &pipeServer{settled: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer sv.Close()
		buf := make([]byte, len(request))
		if _, err := io.ReadFull(sv, buf); err != nil {
			return
		}
		<-p.settled
		if _, err := sv.Write([]byte(response)); err != nil {
			return
		}
		then(sv)
	}()
	p.client = &wire.Client{
		Dial: func(context.Context) (net.Conn, error) { return cl, nil },
		// A manual clock, as the in-memory model has: no time passes on
		// it, so only the bytes themselves can end the read.
		Clock: httpsys.NewManualClock(time.Unix(0, 0)),
		Settle: func(ctx context.Context, _ string, requests int) (wire.Settled, error) {
			if requests != 1 {
				t.Errorf("Settle asked about %d requests, want 1", requests)
			}
			close(p.settled)
			return settled, nil
		},
	}
	t.Cleanup(func() { cl.Close(); <-p.done })
	return p
}

// An open connection: the client keeps reading after Settle until it has
// every byte the server reported written, however late they arrive, and
// then stops without waiting for the connection to end.
func TestFinishReadsWhatTheServerWroteAfterSettle(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	p := newPipeServer(t, wire.Settled{Sent: int64(len(response))}, func(net.Conn) { <-hold })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := p.client.Do(ctx, []byte(request), 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Received) != response {
		t.Errorf("received %q, want %q", res.Received, response)
	}
	if res.Close != httpsys.Open {
		t.Errorf("connection ended %v (%v), want open", res.Close, res.EndErr)
	}
	if ctx.Err() != nil {
		t.Errorf("the client waited for its context to end: %v", ctx.Err())
	}
}

// A closing connection: the client reads until the server's FIN.
func TestFinishReadsToTheServersClose(t *testing.T) {
	p := newPipeServer(t, wire.Settled{Closing: true, Sent: int64(len(response))}, func(c net.Conn) { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := p.client.Do(ctx, []byte(request), 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Received) != response {
		t.Errorf("received %q, want %q", res.Received, response)
	}
	if res.Close != httpsys.Closed {
		t.Errorf("connection ended %v (%v), want closed", res.Close, res.EndErr)
	}
}

// A server that never answers: cancelling the client's context, which
// has no deadline (as an interrupt does), ends its read.
func TestFinishEndsWhenItsContextIsCancelled(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	p := newPipeServer(t, wire.Settled{Closing: true}, func(net.Conn) { <-hold })
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-p.settled // the server has the request and will say nothing more
		cancel()
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.client.Do(ctx, []byte(request), 1)
	}()
	guard := time.NewTimer(10 * time.Second)
	defer guard.Stop()
	select {
	case <-done:
	case <-guard.C:
		t.Fatal("the client still reads 10 s after its context was cancelled")
	}
}
