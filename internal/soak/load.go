//go:build linux

package soak

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Load is the mix of clients, all against one loopback address. Each
// client loops until the context ends, paced, with a deadline on every
// exchange, so the whole load stops by itself.
type Load struct {
	Addr           string
	MaxConnections int           // the server's MaxConnections
	HeaderWait     time.Duration // the server's Timers.HeaderWait
	Record         *Record

	// gate keeps every client's dial apart from a flood wave: a wave holds
	// it while its connections are open and until the server has let them
	// go, so that the well-behaved client is not refused. A refusal that
	// slips through anyway is retried (see good.go).
	gate sync.RWMutex
	seq  atomic.Int64
}

const (
	exchangeTimeout = 5 * time.Second
	goodPace        = 20 * time.Millisecond // between one good client's requests
	goodClients     = 2
	keepAliveRun    = 20 // requests per keep-alive connection
	pipelineDepth   = 8
	floodExcess     = 8
	floodEvery      = 5 * time.Second
	floodHold       = time.Second
	uploadBody      = 64 << 10
	readBeforeReset = 16 << 10
	smallRcvBuf     = 4096
)

// Run starts the clients and returns when all have stopped.
func (l *Load) Run(ctx context.Context) {
	var wg sync.WaitGroup
	every := func(d time.Duration, f func(context.Context)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				f(ctx)
				sleep(ctx, d)
			}
		})
	}
	for range goodClients {
		every(goodPace, l.goodRun)
	}
	every(500*time.Millisecond, l.pipelined)
	// Each large answer is megabytes of garbage in the server: every 2 s
	// keeps the garbage collector's swings of RSS well inside the limit.
	every(2*time.Second, l.resetMidResponse)
	every(time.Second, l.resetMidUpload)
	every(200*time.Millisecond, l.slowloris)
	every(200*time.Millisecond, l.slowloris)
	wg.Go(func() {
		sleep(ctx, 2*time.Second)
		for ctx.Err() == nil {
			l.flood()
			sleep(ctx, floodEvery)
		}
	})
	wg.Wait()
}

// tag names one request uniquely: its kind's letter and a number.
func (l *Load) tag(kind string) string { return fmt.Sprintf("%s%d", kind, l.seq.Add(1)) }

// dial connects past the gate; rcvBuf > 0 sets SO_RCVBUF before the
// handshake, so the window the server sees is small from the start.
func (l *Load) dial(ctx context.Context, rcvBuf int) (*net.TCPConn, error) {
	l.gate.RLock()
	defer l.gate.RUnlock()
	return dialTCP(ctx, l.Addr, rcvBuf)
}

func dialTCP(ctx context.Context, addr string, rcvBuf int) (*net.TCPConn, error) {
	d := net.Dialer{Timeout: exchangeTimeout}
	if rcvBuf > 0 {
		d.Control = func(_, _ string, rc syscall.RawConn) error {
			var serr error
			if err := rc.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, rcvBuf)
			}); err != nil {
				return err
			}
			return serr
		}
	}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return c.(*net.TCPConn), nil
}

func port(c net.Conn) int { return c.LocalAddr().(*net.TCPAddr).Port }

// reset closes with SO_LINGER 0: the kernel sends RST instead of FIN.
func reset(c *net.TCPConn) {
	c.SetLinger(0)
	c.Close()
}

// sleep waits d or until ctx ends, and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
