package httpsys

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusSeeds returns the request bytes of fixtures/requests, the seeds of
// the fuzz targets; go test replays them on every run.
func corpusSeeds(f *testing.F) [][]byte {
	files, _ := filepath.Glob("../fixtures/requests/*.txt")
	var seeds [][]byte
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var req []byte
		for _, line := range strings.Split(string(data), "\n") {
			if s, ok := strings.CutPrefix(line, "> "); ok {
				u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
				if err != nil {
					f.Fatalf("%s: %v", name, err)
				}
				req = append(req, u...)
			}
		}
		seeds = append(seeds, req)
	}
	return append(seeds, typicalGET)
}

// FuzzRequest parses a request head and reads its body, as a connection
// does, under small limits so the limit paths are reached. It must never
// panic, and a parsed head must be consistent.
func FuzzRequest(f *testing.F) {
	for _, s := range corpusSeeds(f) {
		f.Add(s)
	}
	lim := Limits{MaxFieldLength: 256, MaxRequestBytes: 1024}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := newConnReader(bytes.NewReader(data), lim.MaxRequestBytes)
		var h RequestHead
		for i := 0; i < 4; i++ { // up to four pipelined requests
			err := cr.readHead(&h, lim, nil)
			if err != nil {
				var rej *Rejection
				if !errors.As(err, &rej) && err != io.EOF && err != io.ErrUnexpectedEOF {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if len(h.Method) == 0 || len(h.Target) == 0 || len(h.Raw) > lim.MaxRequestBytes {
				t.Fatalf("inconsistent head: %q %q, %d bytes", h.Method, h.Target, len(h.Raw))
			}
			if h.Framing == FramingContentLength && h.ContentLength <= 0 {
				t.Fatalf("content-length framing with length %d", h.ContentLength)
			}
			var b bodyReader
			b.reset(cr, &h)
			n, err := io.Copy(io.Discard, &b)
			if err != nil {
				return // a cut or malformed body ends the connection
			}
			if h.Framing == FramingContentLength && n != h.ContentLength {
				t.Fatalf("read %d body bytes of %d", n, h.ContentLength)
			}
		}
	})
}

// FuzzChunked decodes a chunked body. It must never panic, and it never
// yields more bytes than it was given.
func FuzzChunked(f *testing.F) {
	for _, s := range []string{"3\r\nabc\r\n0\r\n\r\n", "3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n", "zz\r\n", "0\r\n\r\n", "ffffffffffffffff\r\n",
		// The chunk-extension vectors (RFC 9112 7.1.1) and trailer lines.
		"2;\nxx\r\n40\r\n0\r\n\r\n", "5;\x00ext\r\nhello\r\n0\r\n\r\n", "5;a\x01b\r\nhello\r\n0\r\n\r\n", "5 xyz\r\nhello\r\n0\r\n\r\n",
		"5 6\r\nhello\r\n0\r\n\r\n", "5;\r\nhello\r\n0\r\n\r\n", "5;bad[=x\r\nhello\r\n0\r\n\r\n",
		"5 ; a = b ; c=\"x \\\" y\"\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\n0\r\nnot a field\r\n folded\r\n\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := newConnReader(bytes.NewReader(data), 1024)
		b := bodyReader{cr: cr, framing: FramingChunked}
		n, _ := io.Copy(io.Discard, &b)
		if n > int64(len(data)) {
			t.Fatalf("decoded %d bytes from %d", n, len(data))
		}
	})
}
