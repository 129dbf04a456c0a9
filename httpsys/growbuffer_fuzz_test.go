package httpsys

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// parseAll reads up to four pipelined requests from data as a connection
// does, and describes each head, body and error, to compare two readers.
func parseAll(data []byte, lim Limits, initial int, oneByte bool) []string {
	var src io.Reader = bytes.NewReader(data)
	if oneByte {
		src = iotest.OneByteReader(src)
	}
	cr := newConnReaderSized(src, lim.MaxRequestBytes, initial)
	var out []string
	var h RequestHead
	for range 4 {
		if err := cr.readHead(&h, lim, nil); err != nil {
			return append(out, "error "+err.Error())
		}
		out = append(out, "head "+string(h.Raw))
		var b bodyReader
		b.reset(cr, &h)
		body, err := io.ReadAll(&b)
		out = append(out, "body "+string(body))
		if err != nil {
			return append(out, "body error "+err.Error())
		}
	}
	return out
}

// FuzzGrowingReadBuffer: a reader whose buffer starts tiny and grows
// reads every input exactly as one whose buffer is whole from the start,
// fed at once or a byte at a time (a byte at a time, the line-length
// check meets a line before its end, as with a slow client).
func FuzzGrowingReadBuffer(f *testing.F) {
	for _, s := range corpusSeeds(f) {
		f.Add(s)
	}
	lim := Limits{MaxFieldLength: 256, MaxRequestBytes: 1024}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := parseAll(data, lim, lim.MaxRequestBytes, false)
		for _, oneByte := range []bool{false, true} {
			grown := parseAll(data, lim, 16, oneByte)
			if oneByte {
				whole = parseAll(data, lim, lim.MaxRequestBytes, true)
			}
			if len(whole) != len(grown) {
				t.Fatalf("one byte at a time %v: whole buffer read\n%q\ngrowing buffer read\n%q", oneByte, whole, grown)
			}
			for i := range whole {
				if whole[i] != grown[i] {
					t.Fatalf("one byte at a time %v: item %d: whole buffer read\n%q\ngrowing buffer read\n%q", oneByte, i, whole[i], grown[i])
				}
			}
		}
	})
}

// TestHostileLineDoesNotGrowTheBuffer: at MaxRequestBytes 16 MiB, a 1 MB
// header line is refused once it passes MaxFieldLength, before the read
// buffer grows for it.
func TestHostileLineDoesNotGrowTheBuffer(t *testing.T) {
	huge := "GET / HTTP/1.1\r\nHost: x\r\nX-Huge: " + strings.Repeat("v", 1<<20) + "\r\n\r\n"
	lim := Limits{MaxRequestBytes: 16 << 20}.withDefaults()
	cr := newConnReader(strings.NewReader(huge), lim.MaxRequestBytes)
	var h RequestHead
	if err := cr.readHead(&h, lim, nil); err != RejectFieldLength {
		t.Fatalf("readHead: %v, want the FieldLength rejection", err)
	}
	if len(cr.buf) > 2*(lim.MaxFieldLength+bodyRoom) {
		t.Errorf("the buffer grew to %d bytes for a line refused at %d", len(cr.buf), lim.MaxFieldLength)
	}
}
