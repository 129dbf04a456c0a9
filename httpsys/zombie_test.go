package httpsys_test

import (
	"context"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// TestLeftRequestLoggedAfterLoggingTimeout: the client resets while the
// application holds its request, and the application completes it only
// after the logging timeout. HTTP.sys writes Connection_Dropped when the
// timeout passes, not before, and only once (SYS-LOG-5). It finds the
// client gone either from a send that fails or from a reset the
// application's watch (HttpWaitForDisconnect) saw. The model keeps the
// documented timeout and the test moves its clock; on sockets it is short.
func TestLeftRequestLoggedAfterLoggingTimeout(t *testing.T) {
	for _, found := range []string{"send", "watch"} {
		for _, tc := range transports {
			t.Run(found+"/"+tc.name, func(t *testing.T) {
				testLeftRequestLogged(t, found, tc.make())
			})
		}
	}
}

func testLeftRequestLogged(t *testing.T, found string, tr httpsys.Transport) {
	gone, held := make(chan struct{}, 1), make(chan struct{}, 1)
	release, finish := make(chan struct{}, 1), make(chan struct{}, 1)
	handle := func(r *httpsys.Request) {
		if found == "watch" {
			r.WatchPeer(func(httpsys.CloseKind) { gone <- struct{}{} })
		}
		held <- struct{}{}
		<-release
		if found == "send" {
			r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{[]byte("late")}, httpsys.SendMoreData)
			gone <- struct{}{}
		}
		<-finish
		if found == "send" {
			r.SendEntityBody([][]byte{[]byte("later")}, 0)
		} else {
			r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{[]byte("late")}, 0)
		}
	}
	log := newErrorLog()
	cfg := httpsys.Config{ErrorLog: log.add}
	m, model := tr.(*httpsys.MemTransport)
	if !model {
		cfg.LoggingTimeout = 50 * time.Millisecond
	}
	h := newHarness(t, tr, cfg, handle)
	t.Cleanup(func() { // a failed test must not leave the handler waiting
		for _, ch := range []chan struct{}{release, finish} {
			select {
			case ch <- struct{}{}:
			default: // already given
			}
		}
	})
	conn, err := h.client.Open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Send([]byte(get))
	<-held
	conn.Reset()
	release <- struct{}{}
	<-gone
	if model {
		clock := m.ManualClock()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if !clock.WaitArmed(clock.Now().Add(httpsys.DefaultLoggingTimeout), ctx.Done()) {
			t.Fatal("no logging timer armed")
		}
		clock.Advance(httpsys.DefaultLoggingTimeout - time.Millisecond)
		if got := log.snapshot(); len(got) != 0 {
			t.Fatalf("error log %v before the logging timeout, want none", got)
		}
		clock.Advance(time.Millisecond)
	}
	e := log.wait(t, httpsys.ReasonConnectionDropped)
	if e.Method != "GET" || e.URI != "/a" {
		t.Errorf("entry %+v, want the request's method and URL", e)
	}
	finish <- struct{}{}
	if got := log.afterEnd(t, h, conn.LocalAddr()); len(got) != 1 {
		t.Errorf("error log %v, want the Connection_Dropped entry alone", got)
	}
}
