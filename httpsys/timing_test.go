package httpsys_test

import (
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// timingListener reads the request's Timing when it is done.
type timingListener struct {
	r   *httpsys.Request
	got chan [2]time.Time
}

func (l timingListener) RequestDone(httpsys.CloseKind) {
	first, last := l.r.Timing()
	l.got <- [2]time.Time{first, last}
}

// TestTiming: a request's time runs from its first byte, before the head
// is complete, to its final send's completion (LOG-TT-1). On the model
// the clock moves 5 s between the head's two halves and 3 s while the
// application holds the request: 8 s in all. IdleConnection is an hour,
// so that the only timer due DefaultTimer from now is HeaderWait, armed
// once the server has the first byte (with both at DefaultTimer, the idle
// timer, armed first, would let the clock move before the first byte).
func TestTiming(t *testing.T) {
	got := make(chan [2]time.Time, 1)
	taken, proceed := make(chan struct{}), make(chan struct{})
	handle := func(r *httpsys.Request) {
		r.SetOnDone(timingListener{r, got})
		taken <- struct{}{}
		<-proceed
		respond(200, "x", 0)(r)
	}
	cfg := func(bool) httpsys.Config {
		return httpsys.Config{Timeouts: httpsys.Timeouts{IdleConnection: time.Hour}}
	}
	runWith(t, cfg, handle, func(t *testing.T, h *harness, _ *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var clock *httpsys.ManualClock
		if m, ok := h.tr.(*httpsys.MemTransport); ok {
			clock = m.ManualClock()
		}
		conn.Send([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
		if clock != nil {
			// The server has the first byte once HeaderWait is armed.
			clock.WaitArmed(clock.Now().Add(httpsys.DefaultTimer), t.Context().Done())
			clock.Advance(5 * time.Second)
		}
		conn.Send([]byte("\r\n"))
		<-taken
		if clock != nil {
			clock.Advance(3 * time.Second)
		}
		proceed <- struct{}{}
		res := conn.Finish(t.Context(), 1)
		wantBodies(t, res, "x")
		ends := <-got
		first, last := ends[0], ends[1]
		if first.IsZero() || last.Before(first) {
			t.Fatalf("first byte %v, last send %v", first, last)
		}
		if clock != nil && last.Sub(first) != 8*time.Second {
			t.Errorf("time taken %v, want 8s", last.Sub(first))
		}
	})
}
