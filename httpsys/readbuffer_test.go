package httpsys_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
)

// TestIdleConnectionMemory: at the largest MaxRequestBytes (16 MiB), a
// connection that sent a small request and went idle costs kilobytes,
// not the limit: the read buffer grows with the head, not ahead of it.
// The figure is the bytes allocated per connection, by client and server
// together, over the connection's whole life so far.
func TestIdleConnectionMemory(t *testing.T) {
	const conns = 20
	const budget = 128 << 10 // per connection; the limit is 16 MiB
	for _, tc := range transports {
		t.Run(tc.name, func(t *testing.T) {
			cfg := httpsys.Config{Limits: httpsys.Limits{MaxRequestBytes: 16 << 20}}
			h := newHarness(t, tc.make(), cfg, echoURL)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range conns {
				c, err := h.tr.Dial(t.Context(), h.addr)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
					t.Fatal(err)
				}
				if ev, err := h.srv.WaitSettled(t.Context(), c.LocalAddr().String(), 1); err != nil || ev.State != httpsys.StateIdle {
					t.Fatalf("connection did not go idle: %v %v", ev, err)
				}
			}
			runtime.ReadMemStats(&after)
			per := (after.TotalAlloc - before.TotalAlloc) / conns
			t.Logf("%d bytes allocated per idle connection at MaxRequestBytes 16 MiB", per)
			if per > budget {
				t.Errorf("%d bytes per idle connection, want at most %d", per, budget)
			}
		})
	}
}

// TestHeadsLargerThanTheFirstBuffer: heads past the buffer a connection
// starts with are read whole as the buffer grows, with a chunked body and
// a pipelined request behind them, and a head past MaxRequestBytes is
// still refused.
func TestHeadsLargerThanTheFirstBuffer(t *testing.T) {
	cfg := func(bool) httpsys.Config {
		return httpsys.Config{Limits: httpsys.Limits{MaxRequestBytes: 1 << 20, MaxFieldLength: 65534}}
	}
	runWith(t, cfg, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		var big strings.Builder
		for i := range 40 {
			fmt.Fprintf(&big, "X-Big-%d: %s\r\n", i, strings.Repeat("v", 3000))
		}
		res := h.do("POST /one HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"+big.String()+"\r\n"+
			"5\r\nhello\r\n0\r\n\r\n"+
			"GET /two HTTP/1.1\r\nHost: x\r\n"+big.String()+big.String()+"\r\n", 2)
		wantBodies(t, res, "/one", "/two")
		wantClose(t, res, httpsys.Open)
		huge := strings.Repeat(big.String(), 9) // 1.08 MB of fields
		res = h.do("GET /three HTTP/1.1\r\nHost: x\r\n"+huge+"\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 {
			t.Fatalf("a head past MaxRequestBytes: %q", res.Received)
		}
		log.wait(t, httpsys.ReasonRequestLength)
	})
}
