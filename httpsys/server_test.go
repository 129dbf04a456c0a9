package httpsys_test

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

const get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"

// echoURL answers each request with its URL, so order is visible.
func echoURL(r *httpsys.Request) { respond(200, r.URL(), 0)(r) }

func TestKeepAliveAndPipelining(t *testing.T) {
	run(t, echoURL, func(t *testing.T, h *harness) {
		// SYS-KA-1: two pipelined requests, answered in order, and the
		// connection persists.
		res := h.do("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n", 2)
		wantBodies(t, res, "/one", "/two")
		wantClose(t, res, httpsys.Open)
	})
}

func TestKeepAliveSequential(t *testing.T) {
	run(t, echoURL, func(t *testing.T, h *harness) {
		ctx := t.Context()
		conn, err := h.client.Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"))
		if res := conn.Finish(ctx, 1); res.Close != httpsys.Open {
			t.Fatalf("closed after first request: %v", res.Close)
		}
		conn.Send([]byte("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"))
		res := conn.Finish(ctx, 2)
		wantBodies(t, res, "/1", "/2")
		wantClose(t, res, httpsys.Open)
	})
}

func TestHTTP10Persistence(t *testing.T) {
	run(t, echoURL, func(t *testing.T, h *harness) {
		res := h.do("GET /a HTTP/1.0\r\n\r\n", 1)
		wantBodies(t, res, "/a")
		wantClose(t, res, httpsys.Closed)
		if p := res.Final()[0].Proto; p != "HTTP/1.1" {
			t.Errorf("status line %s, want HTTP/1.1", p)
		}
		if v, _ := res.Final()[0].Header("Connection"); v != "close" {
			t.Errorf("Connection = %q, want close", v)
		}
		res = h.do("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 2)
		wantBodies(t, res, "/b", "/b2")
		wantClose(t, res, httpsys.Open)
		for _, r := range res.Final() {
			// SYS-KA-2: HTTP/1.1 status line (EVID); the keep-alive echo is INFER.
			if v, _ := r.Header("Connection"); r.Proto != "HTTP/1.1" || v != "keep-alive" {
				t.Errorf("%s with Connection %q, want HTTP/1.1 with keep-alive", r.Proto, v)
			}
		}
		// HTTP.sys's own answer to a 1.0 request is HTTP/1.1 too.
		res = h.do("GET /d HTTP/1.0\r\nBad Header: v\r\n\r\n", 1)
		if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 || r[0].Proto != "HTTP/1.1" {
			t.Errorf("received %q", res.Received)
		}
		res = h.do("GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1)
		wantBodies(t, res, "/c")
		wantClose(t, res, httpsys.Closed)
	})
}

// echoBody answers with the request body it read.
func echoBody(r *httpsys.Request) {
	body, err := io.ReadAll(readerFunc(r.ReadEntityBody))
	if err != nil {
		respond(500, err.Error(), 0)(r)
		return
	}
	respond(200, string(body), 0)(r)
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestRequestBodies(t *testing.T) {
	run(t, echoBody, func(t *testing.T, h *harness) {
		res := h.do("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 1)
		wantBodies(t, res, "hello")
		res = h.do("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"+
			"3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nTrailer: t\r\n\r\n", 1)
		wantBodies(t, res, "abcdefg")
		// Both, pipelined: framing keeps them apart.
		res = h.do("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"+
			"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nyo\r\n0\r\n\r\n", 2)
		wantBodies(t, res, "hi", "yo")
		wantClose(t, res, httpsys.Open)
	})
}

func TestExpectContinue(t *testing.T) {
	run(t, echoBody, func(t *testing.T, h *harness) {
		res := h.do("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok", 1)
		if len(res.Responses) != 2 || res.Responses[0].StatusCode != 100 {
			t.Fatalf("want 100 Continue then the answer; got %q", res.Received)
		}
		wantBodies(t, res, "ok")
	})
}

// streamed sends the entity in two calls: the framing comes from the
// response headers (chunked) or from Content-Length.
func streamed(headers ...httpsys.Header) func(*httpsys.Request) {
	return func(r *httpsys.Request) {
		resp := &httpsys.Response{StatusCode: 200, Reason: "OK", Headers: headers}
		must(r.SendResponse(resp, [][]byte{[]byte("part1,")}, httpsys.SendMoreData))
		must(r.SendEntityBody([][]byte{[]byte("part2")}, 0))
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func TestResponseFraming(t *testing.T) {
	cases := []struct {
		name    string
		handle  func(*httpsys.Request)
		framing httpsys.Framing
		close   httpsys.CloseKind
	}{
		{"one-piece", respond(200, "part1,part2", 0), httpsys.FramingContentLength, httpsys.Open},
		{"content-length", streamed(httpsys.Header{Name: "Content-Length", Value: "11"}), httpsys.FramingContentLength, httpsys.Open},
		{"chunked", streamed(httpsys.Header{Name: "Transfer-Encoding", Value: "chunked"}), httpsys.FramingChunked, httpsys.Open},
		// SYS-DISC-1: neither framing: the close ends the entity.
		{"close-delimited", streamed(), httpsys.FramingClose, httpsys.Closed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run(t, c.handle, func(t *testing.T, h *harness) {
				res := h.do(get, 1)
				wantBodies(t, res, "part1,part2")
				if f := res.Final()[0].Framing; f != c.framing {
					t.Errorf("framing %v, want %v", f, c.framing)
				}
				wantClose(t, res, c.close)
			})
		})
	}
}

func TestServerAndDateHeaders(t *testing.T) {
	run(t, respond(200, "x", 0), func(t *testing.T, h *harness) {
		resp := h.do(get, 1).Final()[0]
		if v, _ := resp.Header("Server"); v != "Microsoft-HTTPAPI/2.0" {
			t.Errorf("Server = %q", v)
		}
		if v, ok := resp.Header("Date"); !ok || !strings.HasSuffix(v, " GMT") {
			t.Errorf("Date = %q", v)
		}
	})
	own := func(r *httpsys.Request) {
		must(r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK", ServerAsGiven: true, // as IIS sends it
			Headers: []httpsys.Header{{Name: "Server", Value: "Microsoft-IIS/10.0"}}}, nil, 0))
	}
	run(t, own, func(t *testing.T, h *harness) {
		resp := h.do(get, 1).Final()[0]
		if v, _ := resp.Header("Server"); v != "Microsoft-IIS/10.0" {
			t.Errorf("Server = %q, want the application's", v)
		}
	})
}

func TestDisconnectFlag(t *testing.T) {
	// SYS-DISC-1: the full response, then an orderly close; the second,
	// pipelined request is never answered.
	run(t, respond(200, "bye", httpsys.SendDisconnect), func(t *testing.T, h *harness) {
		res := h.do(get+get, 2)
		wantBodies(t, res, "bye")
		wantClose(t, res, httpsys.Closed)
		if v, _ := res.Final()[0].Header("Connection"); v != "close" {
			t.Errorf("Connection = %q, want close", v)
		}
	})
	// A request written after the response has arrived gets nothing either.
	run(t, respond(200, "bye", httpsys.SendDisconnect), func(t *testing.T, h *harness) {
		ctx := t.Context()
		conn, err := h.client.Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte(get))
		res := conn.Finish(ctx, 1)
		wantClose(t, res, httpsys.Closed)
		conn.Send([]byte(get))
		res = conn.Finish(ctx, 2)
		wantBodies(t, res, "bye")
	})
}

func TestDisconnectWithMoreDataRejected(t *testing.T) {
	got := make(chan error, 1)
	handle := func(r *httpsys.Request) {
		got <- r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK"}, nil,
			httpsys.SendDisconnect|httpsys.SendMoreData)
		respond(200, "ok", 0)(r)
	}
	run(t, handle, func(t *testing.T, h *harness) {
		wantBodies(t, h.do(get, 1), "ok")
		if err := <-got; !isErrno(err, httpsys.ErrorInvalidParameter) {
			t.Fatalf("DISCONNECT|MORE_DATA: %v, want ERROR_INVALID_PARAMETER", err)
		}
	})
}

func TestCancel(t *testing.T) {
	// SYS-CANCEL-1: nothing was sent; the client sees zero bytes, then RST.
	run(t, func(r *httpsys.Request) { must(r.Cancel()) }, func(t *testing.T, h *harness) {
		res := h.do(get, 1)
		if len(res.Received) != 0 {
			t.Errorf("received %q, want nothing", res.Received)
		}
		wantClose(t, res, httpsys.Reset)
	})
}

func TestCancelAfterPartialSend(t *testing.T) {
	// The flushed bytes arrive, then the reset; the chunked body lacks its
	// terminating chunk (RC-7's shape at the HTTP.sys level).
	errs := make(chan error, 2)
	handle := func(r *httpsys.Request) {
		must(r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK",
			Headers: []httpsys.Header{{Name: "Transfer-Encoding", Value: "chunked"}}},
			[][]byte{[]byte("flushed")}, httpsys.SendMoreData))
		must(r.Cancel())
		errs <- r.SendEntityBody([][]byte{[]byte("late")}, 0)
		errs <- r.Cancel()
	}
	run(t, handle, func(t *testing.T, h *harness) {
		res := h.do(get, 1)
		wantClose(t, res, httpsys.Reset)
		if len(res.Responses) != 1 {
			t.Fatalf("responses: %d; received %q", len(res.Responses), res.Received)
		}
		r := res.Responses[0]
		if r.Cut != wire.CutChunk || string(r.Body) != "flushed" {
			t.Errorf("want the flushed chunk and no last chunk; got cut=%q body=%q", r.Cut, r.Body)
		}
		if err := <-errs; !isErrno(err, httpsys.ErrorConnectionInvalid) {
			t.Errorf("send after cancel: %v", err)
		}
		if err := <-errs; !isErrno(err, httpsys.ErrorConnectionInvalid) {
			t.Errorf("second cancel: %v", err)
		}
	})
}

func TestCancelAfterFinalSend(t *testing.T) {
	errs := make(chan error, 1)
	handle := func(r *httpsys.Request) {
		respond(200, "done", 0)(r)
		errs <- r.Cancel()
	}
	run(t, handle, func(t *testing.T, h *harness) {
		wantBodies(t, h.do(get, 1), "done")
		if err := <-errs; !isErrno(err, httpsys.ErrorConnectionInvalid) {
			t.Fatalf("cancel after the last send: %v, want ERROR_CONNECTION_INVALID", err)
		}
	})
}

func TestOrderlyCloseWithUnreadBody(t *testing.T) {
	// The application never reads a large body and asks for DISCONNECT.
	// A plain close with unread bytes would send RST (RFC 1122 section
	// 4.2.2.13); the emulator's close must still be a FIN (SYS-DISC-1).
	body := strings.Repeat("x", 256<<10)
	raw := fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	run(t, respond(200, "no thanks", httpsys.SendDisconnect), func(t *testing.T, h *harness) {
		res := h.do(raw, 1)
		wantBodies(t, res, "no thanks")
		wantClose(t, res, httpsys.Closed)
	})
}

func TestUnreadBodyDrainedForNextRequest(t *testing.T) {
	// SYS-DRAIN-1: the first request's body is never read by the
	// application, and the second request is still answered.
	raw := "POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody" +
		"POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbody\r\n0\r\n\r\n" +
		"GET /3 HTTP/1.1\r\nHost: x\r\n\r\n"
	run(t, echoURL, func(t *testing.T, h *harness) {
		res := h.do(raw, 3)
		wantBodies(t, res, "/1", "/2", "/3")
		wantClose(t, res, httpsys.Open)
	})
}

func TestMalformedRequest(t *testing.T) {
	// SYS-ERR-1/2: HTTP.sys answers with its own page and closes orderly;
	// the application never sees the request.
	seen := make(chan string, 10)
	handle := func(r *httpsys.Request) { seen <- r.URL(); respond(200, "app", 0)(r) }
	cases := []struct{ raw, heading string }{
		{"GARBAGE\r\n\r\n", "Bad Request"},
		{"GET / HTTP/1.1\r\n\r\n", "Bad Request - Invalid Hostname"},
		{"GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", "Bad Request - Invalid Header Name"},
		{"GET / HTTP/1.1\nHost: x\n\n", "Bad Request"},
		{"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "Bad Request"},
	}
	for _, c := range cases {
		run(t, handle, func(t *testing.T, h *harness) {
			res := h.do(c.raw+get, 2)
			wantClose(t, res, httpsys.Closed)
			final := res.Final()
			if len(final) != 1 || final[0].StatusCode != 400 {
				t.Fatalf("%q: want one 400; received %q", c.raw, res.Received)
			}
			r := final[0]
			for _, want := range []string{"<h2>" + c.heading + "</h2>", "HTTP Error 400. "} {
				if !strings.Contains(string(r.Body), want) {
					t.Errorf("%q: page lacks %q:\n%s", c.raw, want, r.Body)
				}
			}
			if v, _ := r.Header("Content-Type"); v != "text/html; charset=us-ascii" {
				t.Errorf("Content-Type = %q", v)
			}
			if v, _ := r.Header("Server"); v != "Microsoft-HTTPAPI/2.0" {
				t.Errorf("Server = %q", v)
			}
		})
	}
	select {
	case u := <-seen:
		t.Fatalf("the application saw a request (%s)", u)
	default:
	}
}

func TestBufferDataIsHeldUntilTheNextSend(t *testing.T) {
	// BUFFER_DATA lets HTTP.sys hold the data; a cancel before the next
	// send therefore delivers none of it, while a plain MORE_DATA send is on
	// the wire at once.
	sendThenCancel := func(flags httpsys.SendFlags) func(*httpsys.Request) {
		return func(r *httpsys.Request) {
			must(r.SendResponse(&httpsys.Response{StatusCode: 200, Reason: "OK",
				Headers: []httpsys.Header{{Name: "Content-Length", Value: "10"}}},
				[][]byte{[]byte("held")}, httpsys.SendMoreData|flags))
			must(r.Cancel())
		}
	}
	run(t, sendThenCancel(httpsys.SendBufferData), func(t *testing.T, h *harness) {
		res := h.do(get, 1)
		wantClose(t, res, httpsys.Reset)
		if len(res.Received) != 0 {
			t.Fatalf("BUFFER_DATA: received %q before the next send", res.Received)
		}
	})
	run(t, sendThenCancel(0), func(t *testing.T, h *harness) {
		res := h.do(get, 1)
		wantClose(t, res, httpsys.Reset)
		if !strings.HasSuffix(string(res.Received), "\r\n\r\nheld") {
			t.Fatalf("without BUFFER_DATA: received %q", res.Received)
		}
	})
}

// ConnEvent.Sent counts every byte written to the connection, the interim
// 100 Continue included: a client that reads until it holds them (the wire
// client after Settle) must neither stop short nor wait for more.
func TestConnEventSentCountsEveryByte(t *testing.T) {
	run(t, echoBody, func(t *testing.T, h *harness) {
		ctx := t.Context()
		conn, err := h.client.Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok" +
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"))
		res := conn.Finish(ctx, 2)
		wantBodies(t, res, "ok", "abc")
		ev, err := h.srv.WaitSettled(ctx, conn.LocalAddr(), 2)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Sent != int64(len(res.Received)) {
			t.Errorf("the server reports %d bytes sent; the client received %d: %q", ev.Sent, len(res.Received), res.Received)
		}
	})
}
