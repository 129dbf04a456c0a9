package httpsys_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// transports are the two backends every test runs on.
var transports = []struct {
	name string
	make func() httpsys.Transport
}{
	{"model", func() httpsys.Transport { return httpsys.NewMemTransport() }},
	{"sockets", func() httpsys.Transport { return httpsys.TCPTransport{} }},
}

// harness is one server on one transport, with an application goroutine
// that answers each request with handle (none when handle is nil), and a
// wire client.
type harness struct {
	t      *testing.T
	tr     httpsys.Transport
	srv    *httpsys.Server
	addr   string
	client *wire.Client
}

// run runs f once per transport, as a subtest named after it.
func run(t *testing.T, handle func(*httpsys.Request), f func(t *testing.T, h *harness)) {
	for _, tc := range transports {
		t.Run(tc.name, func(t *testing.T) {
			f(t, newHarness(t, tc.make(), httpsys.Config{}, handle))
		})
	}
}

func newHarness(t *testing.T, tr httpsys.Transport, cfg httpsys.Config, handle func(*httpsys.Request)) *harness {
	t.Helper()
	cfg.Track = true
	srv := httpsys.NewServer(tr.Clock(), cfg)
	l, err := tr.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, tr: tr, srv: srv, addr: l.Addr().String()}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); srv.Serve(l) }()
	if handle != nil { // nil: nobody takes requests from the queue
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				req, err := srv.Receive(context.Background())
				if err != nil {
					return
				}
				handle(req)
			}
		}()
	}
	t.Cleanup(func() { srv.Close(); wg.Wait() })
	h.client = &wire.Client{
		Dial:   func(ctx context.Context) (net.Conn, error) { return tr.Dial(ctx, h.addr) },
		Clock:  tr.Clock(),
		Settle: wire.ServerSettler(srv),
	}
	return h
}

// do sends raw on a new connection and returns what the client saw.
func (h *harness) do(raw string, requests int) *wire.Result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := h.client.Do(ctx, []byte(raw), requests)
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

// respond is a handler that answers with a fixed body in one final send.
func respond(status int, body string, flags httpsys.SendFlags) func(*httpsys.Request) {
	return func(r *httpsys.Request) {
		err := r.SendResponse(&httpsys.Response{StatusCode: status, Reason: "OK",
			Headers: []httpsys.Header{{Name: "Content-Type", Value: "text/plain"}}},
			[][]byte{[]byte(body)}, flags)
		if err != nil {
			panic(err)
		}
	}
}

func wantClose(t *testing.T, res *wire.Result, want httpsys.CloseKind) {
	t.Helper()
	if res.Close != want {
		t.Fatalf("connection ended %v (%v), want %v; received %q", res.Close, res.EndErr, want, res.Received)
	}
}

func wantBodies(t *testing.T, res *wire.Result, bodies ...string) {
	t.Helper()
	final := res.Final()
	if len(final) != len(bodies) {
		t.Fatalf("got %d responses, want %d; received %q", len(final), len(bodies), res.Received)
	}
	for i, b := range bodies {
		if !final[i].Complete() {
			t.Errorf("response %d cut off (%s)", i, final[i].Cut)
		}
		if string(final[i].Body) != b {
			t.Errorf("response %d body = %q, want %q", i, final[i].Body, b)
		}
	}
}

func isErrno(err error, want httpsys.Errno) bool {
	var e httpsys.Errno
	return errors.As(err, &e) && e == want
}
