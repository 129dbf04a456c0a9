package httpsys_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// pair dials one connection on tr and returns both ends.
func pair(t *testing.T, tr httpsys.Transport) (client, server httpsys.Conn) {
	t.Helper()
	l, err := tr.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan httpsys.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			accepted <- nil
			return
		}
		accepted <- c
	}()
	client, err = tr.Dial(context.Background(), l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// identity names an error by the identities specs may compare.
func identity(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, io.EOF):
		return "EOF"
	case errors.Is(err, syscall.ECONNRESET):
		return "ECONNRESET"
	case errors.Is(err, syscall.EPIPE):
		return "EPIPE"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "deadline"
	case errors.Is(err, net.ErrClosed):
		return "closed"
	}
	return "other: " + err.Error()
}

// readAll reads until an error and reports bytes and the ending.
func readAll(c net.Conn) string {
	var got []byte
	buf := make([]byte, 1024)
	for {
		n, err := c.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			return fmt.Sprintf("read %q then %s (%v)", got, identity(err), httpsys.Classify(err))
		}
	}
}

// elapse moves the model's ManualClock on by d. Real sockets need no help:
// their deadlines fire on the wall clock by themselves.
func elapse(tr httpsys.Transport, d time.Duration) {
	if m, ok := tr.(*httpsys.MemTransport); ok {
		m.ManualClock().Advance(d)
	}
}

// The in-memory transport's claims, each checked against real TCP: the
// same scenario must produce the same observation on both.
var transportScenarios = []struct {
	name string
	run  func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string
}{
	{"orderly close: bytes then EOF", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		server.Write([]byte("abc"))
		server.Close()
		return readAll(client)
	}},
	{"reset: bytes then ECONNRESET, later writes fail", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		server.Write([]byte("abc"))
		server.Reset()
		out := readAll(client)
		_, err := client.Write([]byte("x"))
		return out + "; write: " + httpsys.Classify(err).String()
	}},
	{"close with unread received bytes is a reset", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		client.Write([]byte("unread request"))
		buf := make([]byte, 1)
		server.Read(buf) // take one byte, leave the rest unread
		server.Write([]byte("answer"))
		server.Close()
		return readAll(client)
	}},
	{"write after the peer's FIN succeeds, then EOF", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		server.Close()
		first := readAll(client)
		_, err := client.Write([]byte("late request"))
		return first + "; write: " + identity(err) + "; then " + readAll(client)
	}},
	{"half-close: the peer reads EOF and still answers", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		client.Write([]byte("question"))
		client.CloseWrite()
		got := readAll(server)
		server.Write([]byte("answer"))
		server.Close()
		return got + "; client " + readAll(client)
	}},
	{"read deadline: the connection stays open", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		client.SetReadDeadline(tr.Clock().Now().Add(20 * time.Millisecond))
		done := make(chan string, 1)
		go func() { done <- readAll(client) }()
		elapse(tr, 30*time.Millisecond)
		return <-done
	}},
	{"bytes that arrived before the deadline are read", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		server.Write([]byte("in time"))
		client.SetReadDeadline(tr.Clock().Now().Add(20 * time.Millisecond))
		done := make(chan string, 1)
		go func() { done <- readAll(client) }()
		elapse(tr, 30*time.Millisecond)
		return <-done
	}},
	{"peer state: open, then data, then gone by FIN", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		before := server.PeerState()
		client.Write([]byte("x"))
		withData := server.WaitPeer(nil)
		server.Read(make([]byte, 1))
		client.Close()
		return fmt.Sprintf("%v %v %v", before, withData, server.WaitPeer(nil))
	}},
	{"peer state: gone by RST", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		client.Reset()
		return server.WaitPeer(nil).String() + " " + httpsys.Classify(func() error { _, err := server.Write([]byte("x")); return err }()).String()
	}},
	{"peer state while another goroutine waits on the peer", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		// IsConnected asks while a NotifyDisconnect watch waits: the
		// answer must not wait for the watch to end.
		stop := make(chan struct{})
		watched := make(chan httpsys.CloseKind, 1)
		go func() { watched <- server.WaitPeer(stop) }()
		time.Sleep(20 * time.Millisecond) // nothing says the watch is parked; give it the time to be
		state := make(chan httpsys.CloseKind, 1)
		go func() { state <- server.PeerState() }()
		got := "PeerState blocked behind the watch"
		select {
		case k := <-state:
			got = k.String()
		case <-time.After(5 * time.Second): // a bound on failure only
		}
		close(stop)
		return got + "; watch " + (<-watched).String()
	}},
	{"waiting for the peer stops on request", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		stop := make(chan struct{})
		close(stop)
		return server.WaitPeer(stop).String()
	}},
	{"reads and writes after a local close", func(t *testing.T, tr httpsys.Transport, client, server httpsys.Conn) string {
		client.Close()
		_, rerr := client.Read(make([]byte, 1))
		_, werr := client.Write([]byte("x"))
		return identity(rerr) + " " + identity(werr) + "; server " + readAll(server)
	}},
}

func TestTransportsAgree(t *testing.T) {
	for _, sc := range transportScenarios {
		t.Run(strings.ReplaceAll(sc.name, " ", "_"), func(t *testing.T) {
			got := map[string]string{}
			for _, tc := range transports {
				tr := tc.make()
				client, server := pair(t, tr)
				got[tc.name] = sc.run(t, tr, client, server)
			}
			if got["model"] != got["sockets"] {
				t.Fatalf("transports disagree:\n  model:   %s\n  sockets: %s", got["model"], got["sockets"])
			}
			t.Logf("both: %s", got["model"])
		})
	}
}

func TestMemTransportRefusesUnknownAddress(t *testing.T) {
	tr := httpsys.NewMemTransport()
	_, err := tr.Dial(context.Background(), "127.0.0.1:1")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial to nothing: %v, want ECONNREFUSED", err)
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		err  error
		want httpsys.CloseKind
	}{
		{nil, httpsys.Open},
		{io.EOF, httpsys.Closed},
		{&net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, httpsys.Reset},
		{&net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, httpsys.Reset},
		{&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, httpsys.Open},
	}
	for _, c := range cases {
		if got := httpsys.Classify(c.err); got != c.want {
			t.Errorf("Classify(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
