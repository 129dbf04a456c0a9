package conformance

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// A target that refuses goneAfter connection attempts in a row, retryWait
// apart, has stopped accepting connections: the run stops there rather
// than fail every spec left with the same error.
const (
	goneAfter = 3
	retryWait = 200 * time.Millisecond
)

// TargetGone is the error of a connection to a target that has stopped
// accepting connections.
type TargetGone struct {
	// At is when the last attempt failed.
	At time.Time
	// Cause is that attempt's error.
	Cause error
}

func (g *TargetGone) Error() string {
	return fmt.Sprintf("the target stopped accepting connections at %s: %v", g.At.Format(time.TimeOnly), g.Cause)
}

func (g *TargetGone) Unwrap() error { return g.Cause }

// Watched is a backend that notices when it stops accepting connections
// (an external target that died): once Gone is not nil, the run stops.
type Watched interface {
	Backend
	Gone() *TargetGone
}

// health watches one target's connections. It is safe for concurrent use.
type health struct {
	// dialer opens a connection; nil is a net.Dialer's.
	dialer func(ctx context.Context, addr string) (net.Conn, error)

	mu   sync.Mutex
	gone *TargetGone
}

// dial connects to addr, trying again retryWait later when it fails, up to
// goneAfter attempts in all; the last failure marks the target gone, and
// every dial after that fails at once with the same TargetGone. A failure
// that ctx caused is only ctx's.
func (h *health) dial(ctx context.Context, addr string) (net.Conn, error) {
	if g := h.stopped(); g != nil {
		return nil, g
	}
	dial := h.dialer
	if dial == nil {
		var d net.Dialer
		dial = func(ctx context.Context, addr string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) }
	}
	var err error
	for try := 1; try <= goneAfter; try++ {
		if try > 1 {
			if perr := pause(ctx, retryWait); perr != nil {
				return nil, err
			}
		}
		var c net.Conn
		if c, err = dial(ctx, addr); err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gone == nil {
		h.gone = &TargetGone{At: time.Now(), Cause: err}
	}
	return nil, h.gone
}

// stopped is the TargetGone once the target is gone, else nil.
func (h *health) stopped() *TargetGone {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.gone
}

// Gone says whether the target has stopped accepting connections.
func (t *targetBackend) Gone() *TargetGone { return t.health.stopped() }

var _ Watched = (*targetBackend)(nil)
