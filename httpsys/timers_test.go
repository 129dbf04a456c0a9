package httpsys_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// Timer tests run with the documented 120 s defaults on the model, whose
// clock the test advances, and with small values on sockets, whose timers
// fire by themselves.
var socketTimer = 60 * time.Millisecond

// timersFor makes every timer but the one under test an hour long: on the
// model, so that the one under test is the only one due at the documented
// 120 s and fire cannot catch another; on sockets, so that only the one
// under test is small. A small timer the test does not mean to expire can
// expire on a loaded machine before the server reads what is already
// there: Go checks a read deadline before it reads, and a server goroutine
// that waits 60 ms for a CPU finds IdleConnection over with the request in
// its buffer.
func timersFor(which string) func(model bool) httpsys.Config {
	return func(model bool) httpsys.Config {
		var t httpsys.Timeouts
		for _, name := range httpsys.TimerNames {
			*t.Timer(name) = time.Hour
		}
		if d := t.Timer(which); d != nil { // MinSendRate is no duration timer
			*d = httpsys.DefaultTimer
			if !model {
				*d = socketTimer
			}
		}
		if !model {
			t.MinSendRate = 256 << 20 // a 32 MB send outlives it in 125 ms
		}
		return httpsys.Config{Timeouts: t}
	}
}

// fire advances the model's clock past the timer the server arms for d
// from now; on sockets it does nothing. It may run in its own goroutine.
func fire(t *testing.T, h *harness, d time.Duration) {
	m, ok := h.tr.(*httpsys.MemTransport)
	if !ok {
		return
	}
	clock := m.ManualClock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !clock.WaitArmed(clock.Now().Add(d), ctx.Done()) {
		t.Errorf("no timer armed for %v", d)
		return
	}
	clock.Advance(d)
}

func TestIdleConnectionTimer(t *testing.T) {
	runWith(t, timersFor("IdleConnection"), echoURL, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		go fire(t, h, httpsys.DefaultTimer)
		res := conn.Finish(t.Context(), 1)
		wantClose(t, res, httpsys.Closed)
		log.wait(t, httpsys.ReasonTimerConnectionIdle)
	})
}

func TestHeaderWaitDropsSlowloris(t *testing.T) {
	runWith(t, timersFor("HeaderWait"), echoURL, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a"))
		go fire(t, h, httpsys.DefaultTimer)
		res := conn.Finish(t.Context(), 1)
		if len(res.Received) != 0 {
			t.Errorf("received %q", res.Received)
		}
		wantClose(t, res, httpsys.Closed)
		log.wait(t, httpsys.ReasonTimerHeaderWait)
	})
}

func TestEntityBodyTimer(t *testing.T) {
	results := make(chan error, 2)
	handle := func(r *httpsys.Request) {
		buf := make([]byte, 64)
		n, err := r.ReadEntityBody(buf)
		if n != 5 || err != nil {
			results <- err
			return
		}
		_, err = r.ReadEntityBody(buf)
		results <- err
		r.Cancel()
	}
	runWith(t, timersFor("EntityBody"), handle, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nfive!"))
		go fire(t, h, httpsys.DefaultTimer)
		if err := <-results; !isErrno(err, httpsys.ErrorConnectionInvalid) {
			t.Fatalf("the stalled body read: %v, want ERROR_CONNECTION_INVALID", err)
		}
		wantClose(t, conn.Finish(t.Context(), 1), httpsys.Reset)
		// Once: not again for the Cancel that followed.
		log.only(t, h, conn.LocalAddr(), httpsys.ReasonTimerEntityBody)
	})
}

func TestMinSendRate(t *testing.T) {
	// A client that never reads a 32 MB response is dropped once it falls
	// below MinSendRate: the write outlives its allowance.
	big := []byte(strings.Repeat("x", 32<<20))
	sent := make(chan error, 1)
	handle := func(r *httpsys.Request) {
		sent <- r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{big}, 0)
	}
	runWith(t, timersFor("MinSendRate"), handle, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.tr.Dial(t.Context(), h.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Write([]byte(get))
		if m, ok := h.tr.(*httpsys.MemTransport); ok {
			// The whole send, head and body, at 150 bytes a second.
			allowed := time.Duration(len(big)+150) * time.Second / httpsys.DefaultMinSendRate
			clock := m.ManualClock()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			for !clock.WaitArmedAfter(clock.Now().Add(allowed-time.Second), ctx.Done()) {
				t.Fatal("no send deadline armed")
			}
			clock.Advance(allowed)
		}
		if err := <-sent; !isErrno(err, httpsys.ErrorNetnameDeleted) {
			t.Fatalf("the stalled send: %v", err)
		}
		log.wait(t, httpsys.ReasonTimerMinBytesPerSecond)
	})
}

func TestDrainEntityBodyTimer(t *testing.T) {
	// The application answers without reading a body that never fully
	// arrives: after the response, HTTP.sys drains it until DrainEntityBody
	// expires, then closes in an orderly way, and logs Timer_EntityBody
	// (the Types-of-errors page has no phrase of its own for the drain).
	runWith(t, timersFor("DrainEntityBody"), echoURL, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte("POST /unread HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nten bytes!"))
		go fire(t, h, httpsys.DefaultTimer)
		res := conn.Finish(t.Context(), 1)
		wantBodies(t, res, "/unread")
		wantClose(t, res, httpsys.Closed)
		log.only(t, h, conn.LocalAddr(), httpsys.ReasonTimerEntityBody)
	})
}

func TestRequestQueueTimer(t *testing.T) {
	// Nobody calls Receive: the request waits in the queue until
	// RequestQueue expires, and HTTP.sys answers 503 itself.
	for _, tc := range transports {
		t.Run(tc.name, func(t *testing.T) {
			tr := tc.make()
			log := newErrorLog()
			cfg := httpsys.Config{ErrorLog: log.add, Track: true,
				Timeouts: httpsys.Timeouts{RequestQueue: socketTimer, IdleConnection: time.Hour, HeaderWait: time.Hour}}
			if tc.name == "model" {
				cfg.Timeouts.RequestQueue = httpsys.DefaultTimer
			}
			h := newHarness(t, tr, cfg, nil)
			c, err := tr.Dial(t.Context(), h.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.Write([]byte(get))
			if m, ok := tr.(*httpsys.MemTransport); ok {
				clock := m.ManualClock()
				clock.WaitArmed(clock.Now().Add(httpsys.DefaultTimer), t.Context().Done())
				clock.Advance(httpsys.DefaultTimer)
			}
			got, _ := io.ReadAll(c)
			if !strings.HasPrefix(string(got), "HTTP/1.1 503 ") {
				t.Fatalf("received %q", got)
			}
			log.wait(t, httpsys.ReasonTimerReqQueue)
		})
	}
}

// TestMinSendRateOff: with MinSendRate MAXULONG no send is timed, so a
// client that takes a large response slowly gets all of it. On the model
// the clock jumps an hour before each read, which would expire any send
// deadline (SYS-TIME-2). The jumps start once the application has the
// request: before that, one would expire the server's IdleConnection or
// HeaderWait timer instead, and the request would never be answered.
func TestMinSendRateOff(t *testing.T) {
	big := []byte(strings.Repeat("x", 4<<20))
	taken := make(chan struct{}, 1)
	sent := make(chan error, 1)
	handle := func(r *httpsys.Request) {
		taken <- struct{}{}
		sent <- r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{big}, 0)
	}
	cfg := func(bool) httpsys.Config {
		return httpsys.Config{Timeouts: httpsys.Timeouts{MinSendRate: httpsys.MinSendRateOff}}
	}
	runWith(t, cfg, handle, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.tr.Dial(t.Context(), h.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
		select {
		case <-taken:
		case <-time.After(10 * time.Second):
			t.Fatal("the request never reached the application")
		}
		var got int
		buf := make([]byte, 64<<10)
		for {
			if m, ok := h.tr.(*httpsys.MemTransport); ok {
				m.ManualClock().Advance(time.Hour)
			}
			n, err := conn.Read(buf)
			got += n
			if err != nil {
				break
			}
		}
		if err := <-sent; err != nil {
			t.Fatalf("the send: %v", err)
		}
		if got < len(big) {
			t.Fatalf("received %d bytes, want the %d-byte body and its head", got, len(big))
		}
	})
}
