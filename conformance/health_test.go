package conformance

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// TestHealth: a refused connection is tried again retryWait later; one
// that then succeeds is no harm, but goneAfter refusals in a row mark the
// target gone, and every dial after that fails at once.
func TestHealth(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
		var attempts []time.Time
		up := false
		h := &health{dialer: func(ctx context.Context, addr string) (net.Conn, error) {
			attempts = append(attempts, time.Now())
			if up {
				c, _ := net.Pipe()
				return c, nil
			}
			if len(attempts) == goneAfter-1 {
				up = true // back before the last attempt
			}
			return nil, refused
		}}
		start := time.Now()
		c, err := h.dial(context.Background(), "target")
		if err != nil || h.stopped() != nil {
			t.Fatalf("back up in time: %v, gone %v", err, h.stopped())
		}
		c.Close()
		if len(attempts) != goneAfter || attempts[1].Sub(start) != retryWait {
			t.Errorf("attempts at %v, want %d, %v apart", attempts, goneAfter, retryWait)
		}

		up, attempts, start = false, nil, time.Now()
		h2 := &health{dialer: func(ctx context.Context, addr string) (net.Conn, error) {
			attempts = append(attempts, time.Now())
			return nil, refused
		}}
		_, err = h2.dial(context.Background(), "target")
		var gone *TargetGone
		if !errors.As(err, &gone) || !errors.Is(err, syscall.ECONNREFUSED) || h2.stopped() != gone {
			t.Fatalf("after %d refusals: %v, gone %v", len(attempts), err, h2.stopped())
		}
		if len(attempts) != goneAfter || time.Since(start) != retryWait*(goneAfter-1) {
			t.Errorf("%d attempts over %v", len(attempts), time.Since(start))
		}
		if _, err := h2.dial(context.Background(), "target"); err != gone || len(attempts) != goneAfter {
			t.Errorf("a dial after gone: %v, %d attempts", err, len(attempts))
		}

		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		h3 := &health{dialer: func(ctx context.Context, addr string) (net.Conn, error) { return nil, ctx.Err() }}
		if _, err := h3.dial(ctx, "target"); err == nil || h3.stopped() != nil {
			t.Errorf("a dial its context ended: %v, gone %v", err, h3.stopped())
		}
	})
}
