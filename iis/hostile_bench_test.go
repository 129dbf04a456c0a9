package iis_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// hugeHeader is a request with a 1 MB header line.
var hugeHeader = []byte("GET /samples/hello HTTP/1.1\r\nHost: x\r\nX-Huge: " + strings.Repeat("v", 1<<20) + "\r\n\r\n")

// hostileLoad sends hugeHeader on a new connection per operation and reads
// the status line of the answer; memory per operation is what the server
// spent on it.
func hostileLoad(b *testing.B, addr string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(hugeHeader)))
	for b.Loop() {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		go c.Write(hugeHeader) // the server may answer before reading it all
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "HTTP/1.1 ") {
			b.Fatalf("%q %v", line, err)
		}
		c.Close()
	}
}

// BenchmarkHugeHeaderLine: iisemu refuses a 1 MB header line at
// MaxFieldLength, holding at most MaxRequestBytes of it.
func BenchmarkHugeHeaderLine(b *testing.B) {
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", fixtures.SampleSite(), httpsys.Config{}, iis.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	hostileLoad(b, h.Addr)
}

// BenchmarkNetHTTPHugeHeaderLine is the peer: a net/http server with its
// default MaxHeaderBytes (1 MB) given the same requests.
func BenchmarkNetHTTPHugeHeaderLine(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	go srv.Serve(l)
	defer srv.Close()
	hostileLoad(b, l.Addr().String())
}
