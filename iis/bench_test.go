package iis_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// everywhere is subscribed to all 12 ordered notifications.
type everywhere struct{}

func (everywhere) Dispose()               {}
func cont() iis.RequestNotificationStatus { return iis.StatusContinue }
func (everywhere) OnBeginRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnAuthenticateRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnAuthorizeRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnResolveRequestCache(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnMapRequestHandler(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnAcquireRequestState(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnPreExecuteRequestHandler(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnExecuteRequestHandler(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnReleaseRequestState(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnUpdateRequestCache(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnLogRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}
func (everywhere) OnEndRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return cont()
}

var allTwelve iis.RequestNotification = func() (m iis.RequestNotification) {
	for _, n := range iis.OrderedNotifications() {
		m |= n
	}
	return m
}()

func benchSite() *iis.Site {
	var mods []iis.ModuleEntry
	for _, name := range []string{"A", "B", "C"} {
		mods = append(mods, iis.ModuleEntry{Name: name, Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
			return info.SetRequestNotifications(iis.NewModuleFactory(func() everywhere { return everywhere{} }), allTwelve, 0)
		}})
	}
	return &iis.Site{Name: "Bench", Applications: []*iis.Application{{Path: "/", Modules: mods, Handler: text(fixtures.HandlerBody)}}}
}

var benchRequest = []byte("GET /samples/hello HTTP/1.1\r\nHost: localhost\r\nUser-Agent: iisemu-bench\r\nAccept: */*\r\n\r\n")

// modelClient is one keep-alive connection to a model host on the
// in-memory transport.
type modelClient struct {
	conn net.Conn
	buf  []byte
}

// startModel serves site on the in-memory transport with opts and dials
// one connection; cleanup closes both.
func startModel(tb testing.TB, site *iis.Site, opts iis.Options) *modelClient {
	tb.Helper()
	tr := httpsys.NewMemTransport()
	h, err := iis.StartHost(tr, "127.0.0.1:80", site, httpsys.Config{}, opts)
	if err != nil {
		tb.Fatal(err)
	}
	conn, err := tr.Dial(context.Background(), h.Addr)
	if err != nil {
		h.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close(); h.Close() })
	return &modelClient{conn: conn, buf: make([]byte, 64<<10)}
}

// roundTrip writes raw and reads one response, parsed by the wire client.
func (m *modelClient) roundTrip(tb testing.TB, raw []byte) wire.Response {
	if _, err := m.conn.Write(raw); err != nil {
		tb.Fatal(err)
	}
	got := 0
	for {
		n, err := m.conn.Read(m.buf[got:])
		if err != nil {
			tb.Fatal(err)
		}
		got += n
		if rs := wire.ParseResponses(m.buf[:got], false, nil); len(rs) == 1 {
			return rs[0]
		}
	}
}

// BenchmarkModelRoundTrip: raw request bytes in, through the 12
// notifications with 3 modules on each, the response bytes read back and
// parsed by the wire client's parser, on one keep-alive connection.
func BenchmarkModelRoundTrip(b *testing.B) {
	m := startModel(b, benchSite(), iis.Options{})
	b.ReportAllocs()
	for b.Loop() {
		m.roundTrip(b, benchRequest)
	}
}

// BenchmarkNetHTTPReadWrite is the peer: net/http's ReadRequest and
// (*http.Response).Write on the same request and body.
func BenchmarkNetHTTPReadWrite(b *testing.B) {
	src := bytes.NewReader(benchRequest)
	br := bufio.NewReader(src)
	var out bytes.Buffer
	body := []byte(fixtures.HandlerBody)
	b.ReportAllocs()
	for b.Loop() {
		src.Reset(benchRequest)
		br.Reset(src)
		req, err := http.ReadRequest(br)
		if err != nil {
			b.Fatal(err)
		}
		out.Reset()
		resp := &http.Response{StatusCode: 200, ProtoMajor: 1, ProtoMinor: 1, Request: req,
			Header:        http.Header{"Content-Type": {"text/plain"}, "Server": {"Microsoft-IIS/10.0"}},
			ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body))}
		if err := resp.Write(&out); err != nil {
			b.Fatal(err)
		}
	}
}

// keepAliveLoad is the load generator both socket benchmarks share: each
// parallel worker holds one keep-alive connection and sends GETs one after
// another, reading each response in full.
func keepAliveLoad(b *testing.B, addr string) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		for pb.Next() {
			if _, err := c.Write(benchRequest); err != nil {
				b.Error(err)
				return
			}
			if err := readResponse(br); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// readResponse reads one Content-Length response.
func readResponse(br *bufio.Reader) error {
	n := -1
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) == 2 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	_, err := br.Discard(n)
	return err
}

func BenchmarkSocketsHello(b *testing.B) {
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", fixtures.SampleSite(), httpsys.Config{}, iis.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	keepAliveLoad(b, h.Addr)
}

func BenchmarkNetHTTPServerHello(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(fixtures.HandlerBody)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})}
	go srv.Serve(l)
	defer srv.Close()
	keepAliveLoad(b, l.Addr().String())
}

// BenchmarkModelRoundTripOpenConnections is BenchmarkModelRoundTrip on a
// host that tracks its connections (Config.Track, as the suite's backends
// do) with none, and with 4,200 other keep-alive connections open and
// idle, past the 4,096 entries where each change once walked them all: a
// request costs the same either way.
func BenchmarkModelRoundTripOpenConnections(b *testing.B) {
	for _, open := range []int{0, 4200} {
		b.Run("open="+strconv.Itoa(open), func(b *testing.B) {
			tr := httpsys.NewMemTransport()
			h, err := iis.StartHost(tr, "127.0.0.1:80", benchSite(), httpsys.Config{Track: true}, iis.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close()
			dial := func() *modelClient {
				conn, err := tr.Dial(context.Background(), h.Addr)
				if err != nil {
					b.Fatal(err)
				}
				return &modelClient{conn: conn, buf: make([]byte, 4096)}
			}
			for range open {
				idle := dial()
				defer idle.conn.Close()
				idle.roundTrip(b, benchRequest)
			}
			m := dial()
			defer m.conn.Close()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				m.roundTrip(b, benchRequest)
			}
		})
	}
}
