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
// every connection HTTP.sys drops is logged, and once (SYS-LOG-1).
func (l *errorLog) only(t *testing.T, h *harness, local string, want httpsys.LogReason) {
	t.Helper()
	if got := l.afterEnd(t, h, local); len(got) != 1 || got[0].Reason != want {
		t.Fatalf("error log %v, want one %s entry", got, want)
	}
}

// none waits until the server has ended the connection from local, then
// checks that the error log is empty: a client that left a request the
// application completed in time is no error-log matter (SYS-LOG-5).
func (l *errorLog) none(t *testing.T, h *harness, local string) {
	t.Helper()
	if got := l.afterEnd(t, h, local); len(got) != 0 {
		t.Fatalf("error log %v, want no entry", got)
	}
}

// snapshot is the error log as it stands.
func (l *errorLog) snapshot() []httpsys.ErrorLogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]httpsys.ErrorLogEntry(nil), l.entries...)
}

func (l *errorLog) afterEnd(t *testing.T, h *harness, local string) []httpsys.ErrorLogEntry {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if ev, err := h.srv.WaitSettled(ctx, local, math.MaxInt); err != nil {
		t.Fatalf("the connection did not end: %v (%v)", err, ev)
	}
	return l.snapshot()
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
// body the application left unread when the client resets. The request
// was complete: no error-log entry (SYS-LOG-5).
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
		log.none(t, h, c.LocalAddr().String())
	})
}

// TestResetMidUpload: the client resets while the application reads its
// body; the application answers anyway, at once. Whichever of the answer
// and the drain meets the reset first, the request was completed within
// the logging timeout: no error-log entry (SYS-LOG-5).
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
		log.none(t, h, c.LocalAddr().String())
	})
}
