package httpsys_test

import (
	"bytes"
	"context"
	"io"
	"math"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// only waits until the server has ended the connection from local, then
// checks that the error log holds exactly one entry, with reason want:
// every dropped connection is logged, and once (SYS-LOG-1).
func (l *errorLog) only(t *testing.T, h *harness, local string, want httpsys.LogReason) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if ev, err := h.srv.WaitSettled(ctx, local, math.MaxInt); err != nil {
		t.Fatalf("the connection did not end: %v (%v)", err, ev)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) != 1 || l.entries[0].Reason != want {
		t.Fatalf("error log %v, want one %s entry", l.entries, want)
	}
}

// readUntil reads from c until what arrived contains want.
func readUntil(t *testing.T, c io.Reader, want string) []byte {
	t.Helper()
	var got []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(got, []byte(want)) {
		n, err := c.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			t.Fatalf("read %q, then %v; want %q", got, err, want)
		}
	}
	return got
}

// TestPartialHeadThenFIN: a client that sends part of a request line and
// closes its side gets an orderly close back, not a reset, and the entry
// Client_Reset, which the Types-of-errors page gives a client that
// "prematurely closes its connection" before its request reached the
// application.
func TestPartialHeadThenFIN(t *testing.T) {
	runWith(t, defaults, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		c, err := h.tr.Dial(t.Context(), h.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write([]byte("GET /samples/hel"))
		c.CloseWrite()
		got, err := io.ReadAll(c)
		if err != nil || len(got) != 0 {
			t.Fatalf("received %q, then %v; want a FIN and nothing else", got, err)
		}
		log.only(t, h, c.LocalAddr().String(), httpsys.ReasonClientReset)
	})
}

// TestResetDuringDrain: the response was sent and HTTP.sys is draining the
// body the application left unread when the client resets: one
// Connection_Dropped entry.
func TestResetDuringDrain(t *testing.T) {
	runWith(t, defaults, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		c, err := h.tr.Dial(t.Context(), h.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write([]byte("POST /unread HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nten bytes!"))
		readUntil(t, c, "/unread")
		c.Reset()
		log.only(t, h, c.LocalAddr().String(), httpsys.ReasonConnectionDropped)
	})
}

// TestResetMidUpload: the client resets while the application reads its
// body; the application answers anyway. One Connection_Dropped entry,
// whichever of the answer and the drain meets the reset first.
func TestResetMidUpload(t *testing.T) {
	began := make(chan struct{}, 2)
	handle := func(r *httpsys.Request) {
		buf := make([]byte, 64)
		r.ReadEntityBody(buf)
		began <- struct{}{}
		for {
			if _, err := r.ReadEntityBody(buf); err != nil {
				break
			}
		}
		r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{[]byte("late")}, 0)
	}
	runWith(t, defaults, handle, func(t *testing.T, h *harness, log *errorLog) {
		c, err := h.tr.Dial(t.Context(), h.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write([]byte("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nfirst"))
		<-began
		c.Reset()
		log.only(t, h, c.LocalAddr().String(), httpsys.ReasonConnectionDropped)
	})
}
