package conformance

import (
	"context"
	"net"
	"testing"
	"time"
)

// TestTargetTimeoutBoundsAnExchange: --timeout bounds one exchange with a
// target, here one that accepts and never answers. The test's own bound,
// 5 s, is under the 10 s default, so a timeout left unused fails it.
func TestTargetTimeoutBoundsAnExchange(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		var held []net.Conn // accepted and left unanswered
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	b, err := TargetBackend("http://"+ln.Addr().String(), TargetOptions{WireOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	obs, err := b.(CaseRunner).RunCase(ctx, SysCase("silent", "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1))
	if ctx.Err() != nil {
		t.Fatalf("the exchange outlived its 100 ms timeout: %v", ctx.Err())
	}
	if err == nil && len(obs.Client.Final()) != 0 {
		t.Fatalf("a silent target answered: %+v", obs.Client.Final())
	}
}
