package explore

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// TestComparable: header fields in another order agree, fields of one name
// keep their order, and a field that differs still differs; close events
// are set aside only when one side records none.
func TestComparable(t *testing.T) {
	model := "HTTP/1.1 200 OK\r\nServer: IIS\r\nSet-Cookie: a\r\nSet-Cookie: b\r\nContent-Length: 2\r\n\r\nhi"
	for _, tc := range []struct {
		name, target string
		agree        bool
	}{
		{"another order", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: a\r\nServer: IIS\r\nSet-Cookie: b\r\n\r\nhi", true},
		{"one name's fields swapped", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: b\r\nServer: IIS\r\nSet-Cookie: a\r\n\r\nhi", false},
		{"a field more", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: a\r\nSet-Cookie: b\r\nServer: IIS\r\nX: 1\r\n\r\nhi", false},
	} {
		a := &conformance.Observation{Backend: "model", Client: &wire.Result{Received: []byte(model)}}
		b := &conformance.Observation{Backend: "target", Client: &wire.Result{Received: []byte(tc.target)}}
		ca, cb := comparable(a, b)
		if agree := conformance.Disagreement(ca, cb) == ""; agree != tc.agree {
			t.Errorf("%s: agree %v, want %v", tc.name, agree, tc.agree)
		}
		if string(a.Client.Received) != model || string(b.Client.Received) != tc.target {
			t.Errorf("%s: the observations were changed", tc.name)
		}
	}

	ev := func(kinds ...iis.EventKind) []*iis.Trace {
		tr := &iis.Trace{Method: "GET", URL: "/"}
		for i, k := range kinds {
			tr.Events = append(tr.Events, iis.Event{Seq: i, Kind: k})
		}
		return []*iis.Trace{tr}
	}
	obs := func(name string, traces []*iis.Trace) *conformance.Observation {
		return &conformance.Observation{Backend: name, Client: &wire.Result{}, Traces: traces}
	}
	send, closing := iis.EventSend, iis.EventClose
	if ca, cb := comparable(obs("model", ev(send, closing)), obs("target", ev(send))); conformance.Disagreement(ca, cb) != "" {
		t.Errorf("a target that records no close disagrees:\n%s", conformance.Disagreement(ca, cb))
	}
	if ca, cb := comparable(obs("model", ev(send, closing)), obs("target", ev(send, closing, closing))); conformance.Disagreement(ca, cb) == "" {
		t.Error("a target that records closes is compared without them")
	}
}

// TestDivergesEndsWithItsContext: an exchange with a target that accepts
// and never answers ends when the run's context is cancelled (as a signal
// cancels it), not when the target's timeout passes.
func TestDivergesEndsWithItsContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns sync.WaitGroup
	held := make(chan net.Conn, 16)
	conns.Add(1)
	go func() {
		defer conns.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held <- c
		}
	}()
	defer func() {
		ln.Close()
		conns.Wait()
		close(held)
		for c := range held {
			c.Close()
		}
	}()
	target, err := conformance.TargetBackend("http://"+ln.Addr().String(), conformance.TargetOptions{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	done := make(chan string, 1)
	start := time.Now()
	go func() {
		done <- (Pair{conformance.ModelBackend(), target}).Diverges(ctx, NewGenerator(1, Options{}).Scenario(2))
	}()
	select {
	case d := <-done:
		if !strings.Contains(d, "target failed to run it") {
			t.Errorf("after the cancel: %q", d)
		}
		t.Logf("ended %v after the start", time.Since(start).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		t.Fatal("the exchange outlived its cancelled context by 10 s")
	}
}
