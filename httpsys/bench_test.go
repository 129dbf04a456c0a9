package httpsys

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// typicalGET is a 300-byte browser-like GET.
var typicalGET = []byte("GET /samples/hello?lang=en HTTP/1.1\r\n" +
	"Host: localhost:8080\r\n" +
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) iisemu-bench/1.0\r\n" +
	"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
	"Accept-Language: en-US,en;q=0.5\r\n" +
	"Accept-Encoding: gzip, deflate\r\n" +
	"Connection: keep-alive\r\n" +
	"Cookie: session=0123456789abcdef\r\n\r\n")

var smallBody = []byte("Hello from iisemu\n")

func TestTypicalGETIs300Bytes(t *testing.T) {
	if n := len(typicalGET); n < 280 || n > 320 {
		t.Fatalf("typical GET is %d bytes", n)
	}
}

// BenchmarkParseAndWrite is httpsys's hot path: parse one request head from
// the connection buffer and write a small response (head and body) into the
// connection's output buffer.
func BenchmarkParseAndWrite(b *testing.B) {
	src := bytes.NewReader(typicalGET)
	cr := newConnReader(src, DefaultMaxRequestBytes)
	var h RequestHead
	resp := &Response{StatusCode: 200, Reason: "OK", Headers: []Header{{Name: "Content-Type", Value: "text/plain"}}}
	out := make([]byte, 0, 512)
	date := []byte("Thu, 01 Jan 2026 00:00:00 GMT")
	lim := Limits{}.withDefaults()
	b.SetBytes(int64(len(typicalGET)))
	b.ReportAllocs()
	for b.Loop() {
		src.Reset(typicalGET)
		cr.err = nil
		if err := cr.readHead(&h, lim, nil); err != nil {
			b.Fatal(err)
		}
		plan := sendPlan{framing: FramingContentLength, length: int64(len(smallBody))}
		out = appendResponseHead(out[:0], resp, &plan, date, true)
		out = append(out, smallBody...)
	}
}

// BenchmarkNetHTTPParseAndWrite is the peer: net/http's ReadRequest and
// (*http.Response).Write on the same bytes.
func BenchmarkNetHTTPParseAndWrite(b *testing.B) {
	src := bytes.NewReader(typicalGET)
	br := bufio.NewReader(src)
	var out bytes.Buffer
	b.SetBytes(int64(len(typicalGET)))
	b.ReportAllocs()
	for b.Loop() {
		src.Reset(typicalGET)
		br.Reset(src)
		req, err := http.ReadRequest(br)
		if err != nil {
			b.Fatal(err)
		}
		out.Reset()
		resp := &http.Response{StatusCode: 200, ProtoMajor: 1, ProtoMinor: 1, Request: req,
			Header:        http.Header{"Content-Type": {"text/plain"}},
			ContentLength: int64(len(smallBody)), Body: io.NopCloser(bytes.NewReader(smallBody))}
		if err := resp.Write(&out); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseAndWriteMatchesNetHTTP(t *testing.T) {
	// The benchmark's two sides do the same work: both parse the same
	// fields and write a response with the same body.
	cr := newConnReader(bytes.NewReader(typicalGET), DefaultMaxRequestBytes)
	var h RequestHead
	if err := cr.readHead(&h, Limits{}.withDefaults(), nil); err != nil {
		t.Fatal(err)
	}
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(typicalGET)))
	if err != nil {
		t.Fatal(err)
	}
	if string(h.Method) != req.Method || string(h.Target) != req.RequestURI || len(h.Fields) != len(req.Header)+1 {
		t.Fatalf("parsed differently: %s %s %d fields vs %s %s %d", h.Method, h.Target, len(h.Fields), req.Method, req.RequestURI, len(req.Header))
	}
	if !strings.EqualFold(string(h.Get("cookie")), req.Header.Get("Cookie")) {
		t.Fatal("cookie differs")
	}
}
