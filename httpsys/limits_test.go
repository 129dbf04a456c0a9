package httpsys_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// errorLog collects a server's error-log entries.
type errorLog struct {
	mu      sync.Mutex
	entries []httpsys.ErrorLogEntry
	added   chan struct{}
}

func newErrorLog() *errorLog { return &errorLog{added: make(chan struct{}, 100)} }

func (l *errorLog) add(e httpsys.ErrorLogEntry) {
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
	l.added <- struct{}{}
}

// wait returns the first entry with the reason, waiting for it.
func (l *errorLog) wait(t *testing.T, reason httpsys.LogReason) httpsys.ErrorLogEntry {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		l.mu.Lock()
		for _, e := range l.entries {
			if e.Reason == reason {
				l.mu.Unlock()
				return e
			}
		}
		got := fmt.Sprint(l.entries)
		l.mu.Unlock()
		select {
		case <-l.added:
		case <-deadline:
			t.Fatalf("no %s entry in the error log: %s", reason, got)
		}
	}
}

// runWith is run with a Config and an error log.
func runWith(t *testing.T, cfg func(model bool) httpsys.Config, handle func(*httpsys.Request), f func(t *testing.T, h *harness, log *errorLog)) {
	for _, tc := range transports {
		t.Run(tc.name, func(t *testing.T) {
			tr := tc.make()
			c := cfg(tc.name == "model")
			log := newErrorLog()
			c.ErrorLog = log.add
			f(t, newHarness(t, tr, c, handle), log)
		})
	}
}

func defaults(bool) httpsys.Config { return httpsys.Config{} }

func TestURLLimits(t *testing.T) {
	long := strings.Repeat("a", 261)
	many := strings.Repeat("/s", 256)
	cases := []struct {
		name   string
		limits httpsys.Limits
		target string
		status int
		reason httpsys.LogReason
	}{
		{"segment of 261 bytes", httpsys.Limits{}, "/" + long, 400, httpsys.ReasonURL},
		{"segment limit off", httpsys.Limits{UrlSegmentMaxLength: -1}, "/" + long, 200, ""},
		{"256 segments", httpsys.Limits{}, many, 400, httpsys.ReasonURL},
		{"segment count off", httpsys.Limits{UrlSegmentMaxCount: -1}, many, 200, ""},
		{"restricted character", httpsys.Limits{}, "/a%01b", 400, httpsys.ReasonURL},
		{"restricted characters allowed", httpsys.Limits{AllowRestrictedChars: true}, "/a%01b", 200, ""},
		{"bad percent escape", httpsys.Limits{}, "/a%zz", 400, httpsys.ReasonURL},
		{"%u escape", httpsys.Limits{}, "/a%u0041", 200, ""},
		{"%u escape refused", httpsys.Limits{RejectPercentU: true}, "/a%u0041", 400, httpsys.ReasonURL},
		{"raw non-UTF-8", httpsys.Limits{}, "/a\xffb", 200, ""},
		{"raw non-UTF-8 refused", httpsys.Limits{RejectNonUTF8: true}, "/a\xffb", 400, httpsys.ReasonURL},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			runWith(t, func(bool) httpsys.Config { return httpsys.Config{Limits: c.limits} }, echoURL, func(t *testing.T, h *harness, log *errorLog) {
				res := h.do("GET "+c.target+" HTTP/1.1\r\nHost: x\r\n\r\n", 1)
				if len(res.Final()) != 1 || res.Final()[0].StatusCode != c.status {
					t.Fatalf("want %d; received %q", c.status, res.Received)
				}
				if c.reason != "" {
					if e := log.wait(t, c.reason); e.Status != c.status || e.Method != "GET" || e.Version != "HTTP/1.1" {
						t.Errorf("log entry %+v", e)
					}
				}
			})
		})
	}
}

func TestHeaderLimits(t *testing.T) {
	cfg := func(bool) httpsys.Config {
		return httpsys.Config{Limits: httpsys.Limits{MaxFieldLength: 100, MaxRequestBytes: 300}}
	}
	runWith(t, cfg, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		res := h.do("GET / HTTP/1.1\r\nHost: x\r\nX-Long: "+strings.Repeat("v", 120)+"\r\n\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 || !strings.Contains(string(r[0].Body), "Request Too Long") {
			t.Fatalf("long field: %q", res.Received)
		}
		wantClose(t, res, httpsys.Closed)
		log.wait(t, httpsys.ReasonFieldLength)
		many := ""
		for i := 0; i < 10; i++ {
			many += fmt.Sprintf("X-H%d: %s\r\n", i, strings.Repeat("v", 40))
		}
		res = h.do("GET / HTTP/1.1\r\nHost: x\r\n"+many+"\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 {
			t.Fatalf("long head: %q", res.Received)
		}
		log.wait(t, httpsys.ReasonRequestLength)
	})
}

func TestHugeHeaderLineIsRefusedEarly(t *testing.T) {
	// A 1 MB header line gets 400 Request Too Long without the server
	// reading it all: the answer comes while the client is still sending.
	runWith(t, defaults, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte("GET / HTTP/1.1\r\nHost: x\r\nX-Huge: " + strings.Repeat("v", 1<<20) + "\r\n\r\n"))
		res := conn.Finish(t.Context(), 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 {
			t.Fatalf("received %q", res.Received)
		}
		log.wait(t, httpsys.ReasonFieldLength)
	})
}

func TestMaxConnections(t *testing.T) {
	cfg := func(bool) httpsys.Config { return httpsys.Config{Limits: httpsys.Limits{MaxConnections: 1}} }
	runWith(t, cfg, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		ctx := t.Context()
		first, err := h.client.Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		first.Send([]byte("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"))
		if res := first.Finish(ctx, 1); len(res.Final()) != 1 {
			t.Fatalf("first connection: %q", res.Received)
		}
		res := h.do(get, 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 503 {
			t.Fatalf("second connection: want 503; received %q", res.Received)
		}
		wantClose(t, res, httpsys.Closed)
		log.wait(t, httpsys.ReasonConnLimit)
		first.Send([]byte("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"))
		if res := first.Finish(ctx, 2); len(res.Final()) != 2 {
			t.Fatalf("the first connection stopped working: %q", res.Received)
		}
	})
}

func TestQueueFull(t *testing.T) {
	// Nobody takes requests from the queue: with room for one, the second
	// request is answered 503 QueueFull by HTTP.sys itself.
	for _, tc := range transports {
		t.Run(tc.name, func(t *testing.T) {
			tr := tc.make()
			log := newErrorLog()
			active := make(chan string, 4)
			h := newHarness(t, tr, httpsys.Config{QueueLength: 1, ErrorLog: log.add,
				ConnObserver: func(ev httpsys.ConnEvent) {
					if ev.State == httpsys.StateActive {
						active <- ev.Remote
					}
				}}, nil)
			dial := func() net.Conn {
				c, err := tr.Dial(context.Background(), h.addr)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			a := dial()
			defer a.Close()
			a.Write([]byte(get))
			<-active // queued
			b := dial()
			defer b.Close()
			b.Write([]byte(get))
			got, _ := io.ReadAll(b)
			if !strings.HasPrefix(string(got), "HTTP/1.1 503 ") {
				t.Fatalf("received %q", got)
			}
			log.wait(t, httpsys.ReasonQueueFull)
		})
	}
}

func TestErrorLogLine(t *testing.T) {
	e := httpsys.ErrorLogEntry{Time: time.Date(2026, 11, 25, 22, 28, 7, 0, time.UTC), ClientAddr: "127.0.0.1:54902",
		ServerAddr: "127.0.0.1:80", Version: "HTTP/3.0", Method: "GET", URI: "/a b", Status: 505, Reason: httpsys.ReasonVersion}
	want := "2026-11-25 22:28:07 127.0.0.1 54902 127.0.0.1 80 HTTP/3.0 GET /a+b 505 1 Version_N/S DefaultAppPool"
	if got := e.Line(); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := (httpsys.ErrorLogEntry{Time: e.Time, Reason: httpsys.ReasonTimerConnectionIdle}).Line(); got != "2026-11-25 22:28:07 - - - - - - - - 1 Timer_ConnectionIdle DefaultAppPool" {
		t.Fatalf("empty fields: %s", got)
	}
}

// TestErrorLogEntryJSON: the log endpoint's JSON writes the reason as the
// phrase itself, and reads it back.
func TestErrorLogEntryJSON(t *testing.T) {
	e := httpsys.ErrorLogEntry{Time: time.Date(2026, 11, 25, 22, 28, 7, 0, time.UTC), ClientAddr: "127.0.0.1:54902",
		ServerAddr: "127.0.0.1:80", Status: 503, Reason: httpsys.ReasonConnLimit}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2026-11-25T22:28:07Z","client":"127.0.0.1:54902","server":"127.0.0.1:80","cs-version":"","cs-method":"","cs-uri":"","sc-status":503,"s-reason":"ConnLimit"}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back httpsys.ErrorLogEntry
	if err := json.Unmarshal(b, &back); err != nil || back != e {
		t.Fatalf("read back %+v, %v", back, err)
	}
}

func TestClientLeavingIsLogged(t *testing.T) {
	// A client that resets in the middle of a request head: Client_Reset.
	// A client gone when the answer is sent, which the application then
	// completes at once: nothing more, the request being complete within
	// the logging timeout (SYS-LOG-5, zombie_test.go).
	held := make(chan *httpsys.Request, 1)
	release := make(chan struct{})
	handle := func(r *httpsys.Request) {
		held <- r
		<-release
		r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, [][]byte{[]byte("late")}, httpsys.SendMoreData)
		r.SendEntityBody([][]byte{[]byte("later")}, 0)
	}
	runWith(t, defaults, handle, func(t *testing.T, h *harness, log *errorLog) {
		conn, err := h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		conn.Send([]byte("GET / HTTP/1.1\r\nHost: x\r\nX-Half"))
		// On the model, wait until the server holds the bytes (its idle
		// timer gives way to HeaderWait). TCP delivers the partial head
		// before the reset either way.
		if m, ok := h.tr.(*httpsys.MemTransport); ok {
			clock := m.ManualClock()
			clock.WaitArmed(clock.Now().Add(httpsys.DefaultTimer), t.Context().Done())
		}
		conn.Reset()
		log.wait(t, httpsys.ReasonClientReset)

		conn, err = h.client.Open(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		conn.Send([]byte(get))
		<-held
		conn.Reset()
		release <- struct{}{}
		if got := log.afterEnd(t, h, conn.LocalAddr()); len(got) != 1 {
			t.Errorf("error log %v, want the Client_Reset entry alone", got)
		}
	})
}

func TestVerbIsLogged(t *testing.T) {
	runWith(t, defaults, echoURL, func(t *testing.T, h *harness, log *errorLog) {
		res := h.do("G(ET / HTTP/1.1\r\nHost: x\r\n\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 {
			t.Fatalf("received %q", res.Received)
		}
		log.wait(t, httpsys.ReasonVerb)
	})
}

// TestMaxConnectionsFreedWhenEndReported: once a connection's close is
// reported to the ConnObserver, it no longer counts against
// MaxConnections, so a client told it ended may connect again at once.
// The observer makes the second connection while the first connection's
// goroutine waits for it, before that goroutine has finished closing.
func TestMaxConnectionsFreedWhenEndReported(t *testing.T) {
	for _, tc := range transports {
		t.Run(tc.name, func(t *testing.T) {
			var (
				first  atomic.Value // the first connection's client address
				once   sync.Once
				second = make(chan *wire.Result, 1)
				h      *harness
			)
			observe := func(ev httpsys.ConnEvent) {
				if addr, _ := first.Load().(string); addr == "" || ev.Remote != addr ||
					(ev.State != httpsys.StateClosing && !ev.State.Terminal()) {
					return
				}
				once.Do(func() {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					res, err := h.client.Do(ctx, []byte(get), 1)
					if err != nil {
						res = &wire.Result{EndErr: err}
					}
					second <- res
				})
			}
			h = newHarness(t, tc.make(), httpsys.Config{Limits: httpsys.Limits{MaxConnections: 1}, ConnObserver: observe}, echoURL)
			ctx := t.Context()
			conn, err := h.client.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conn.Send([]byte(get))
			if res := conn.Finish(ctx, 1); len(res.Final()) != 1 {
				t.Fatalf("first connection: %q", res.Received)
			}
			first.Store(conn.LocalAddr())
			conn.Close()
			res := <-second
			if r := res.Final(); len(r) != 1 || r[0].StatusCode != 200 {
				t.Fatalf("a connection made once the first one's end was reported: want 200; received %q (%v)", res.Received, res.EndErr)
			}
		})
	}
}
