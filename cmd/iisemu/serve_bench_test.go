package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/config"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// bigBody is the 16 KiB body of the large-body workload.
var bigBody = strings.Repeat("0123456789abcdef", 1024)

// serveWorkload is one load both servers answer alike: the same path,
// status, headers and body.
type serveWorkload struct {
	name string
	path string
	body string
}

var serveWorkloads = []serveWorkload{
	{"hello-31B", "/samples/hello", fixtures.HandlerBody},
	{"body-16KiB", "/big", bigBody},
}

// startServeForBench starts serve's wiring (startServeHost) on loopback:
// the sample site, plus for the large body an application /big with the
// configuration file's text handler, which is what serve --config runs.
func startServeForBench(tb testing.TB) *iis.Host {
	tb.Helper()
	yaml := "site:\n  name: Bench\n  applications:\n    - path: /big\n      handler:\n        text: " +
		strconv.Quote(bigBody) + "\n"
	_, big, err := config.Parse("bench.yaml", []byte(yaml))
	if err != nil {
		tb.Fatal(err)
	}
	site := fixtures.SampleSite()
	site.Applications = append(site.Applications, big.Applications...)
	h, err := startServeHost("127.0.0.1:0", site, httpsys.Config{}, iis.Options{}, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { h.Close() })
	return h
}

// startNetHTTPPeer is a net/http server answering each workload's path as
// serve does: status 200, Content-Type text/plain, Server
// Microsoft-IIS/10.0, Content-Length, the body.
func startNetHTTPPeer(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, w := range serveWorkloads {
		body := []byte(w.body)
		mux.HandleFunc(w.path, func(rw http.ResponseWriter, _ *http.Request) {
			h := rw.Header()
			h["Content-Type"] = []string{"text/plain"}
			h["Server"] = []string{iis.DefaultServerHeader}
			h["Content-Length"] = []string{strconv.Itoa(len(body))}
			rw.Write(body)
		})
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	tb.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// getRequest is a keep-alive GET of path, as a load generator sends it.
func getRequest(path string) []byte {
	return []byte("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: iisemu-bench\r\nAccept: */*\r\n\r\n")
}

// keepAliveClient sends GETs one after another on one connection and reads
// each response in full.
type keepAliveClient struct {
	c   net.Conn
	br  *bufio.Reader
	req []byte
}

func dialKeepAlive(addr, path string) (*keepAliveClient, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &keepAliveClient{c: c, br: bufio.NewReaderSize(c, 32<<10), req: getRequest(path)}, nil
}

// get sends one request and reads its Content-Length response; it returns
// the body's length.
func (k *keepAliveClient) get() (int, error) {
	if _, err := k.c.Write(k.req); err != nil {
		return 0, err
	}
	n := -1
	for {
		line, err := k.br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) == 2 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	if n < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	_, err := k.br.Discard(n)
	return n, err
}

// BenchmarkServe runs serve's wiring (trace store, log store, connection
// observer, sample site) and a net/http server side by side on the same
// keep-alive GETs, one sub-benchmark after the other, so -count
// alternates them. Each parallel worker holds one connection.
func BenchmarkServe(b *testing.B) {
	servers := []struct {
		name string
		addr string
	}{
		{"serve", startServeForBench(b).Addr},
		{"net-http", startNetHTTPPeer(b)},
	}
	for _, w := range serveWorkloads {
		for _, s := range servers {
			b.Run(w.name+"/"+s.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(w.body)))
				b.RunParallel(func(pb *testing.PB) {
					k, err := dialKeepAlive(s.addr, w.path)
					if err != nil {
						b.Error(err)
						return
					}
					defer k.c.Close()
					for pb.Next() {
						if n, err := k.get(); err != nil || n != len(w.body) {
							b.Errorf("%d body bytes, %v", n, err)
							return
						}
					}
				})
			})
		}
	}
}
