package httpsys

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// decodeChunked decodes a whole chunked body.
func decodeChunked(body string) (string, error) {
	cr := newConnReader(bytes.NewReader([]byte(body)), 1024)
	b := bodyReader{cr: cr, framing: FramingChunked}
	out, err := io.ReadAll(&b)
	return string(out), err
}

// TestChunkLineGrammar holds the chunk-size line to RFC 9112 §7.1.1 and
// the trailer section to §7.1.2: what the grammar allows decodes, and
// anything else is ErrBadChunk, never a guess at where the line ends.
func TestChunkLineGrammar(t *testing.T) {
	good := []string{
		"5\r\nhello\r\n0\r\n\r\n",
		"5;a\r\nhello\r\n0\r\n\r\n",
		"5;a=b\r\nhello\r\n0\r\n\r\n",
		"5 ;a=b\r\nhello\r\n0\r\n\r\n",
		"5; a = b ;c\r\nhello\r\n0\r\n\r\n",
		"5;a=\"q \\\" \\\\ ;=\"\r\nhello\r\n0\r\n\r\n",
		"5;a=\"\"\r\nhello\r\n0\r\n\r\n",
		"5;a=b\t\r\nhello\r\n0\r\n\r\n",
		"0005\r\nhello\r\n0;last=1\r\n\r\n",
		"5\r\nhello\r\n0\r\nX-T: v\r\nY-T:\r\n\r\n",
	}
	for _, body := range good {
		got, err := decodeChunked(body)
		if err != nil || got != "hello" {
			t.Errorf("%q: got %q, %v; want hello", body, got, err)
		}
	}
	bad := []string{
		"2;\nxx\r\n0\r\n\r\n",                   // a bare LF ends the extension
		"5;\x00ext\r\nhello\r\n0\r\n\r\n",       // NUL in the extension
		"5;a\x01b\r\nhello\r\n0\r\n\r\n",        // a control byte in a name
		"5 xyz\r\nhello\r\n0\r\n\r\n",           // text after the size, no ";"
		"5 6\r\nhello\r\n0\r\n\r\n",             // a second number
		"5;\r\nhello\r\n0\r\n\r\n",              // ";" without a name
		"5;bad[=x\r\nhello\r\n0\r\n\r\n",        // a name that is not a token
		"5;a=\r\nhello\r\n0\r\n\r\n",            // "=" without a value
		"5;a=b c\r\nhello\r\n0\r\n\r\n",         // two words as a value
		"5;a=b=c\r\nhello\r\n0\r\n\r\n",         // "=" inside a token value
		"5;a=\"open\r\nhello\r\n0\r\n\r\n",      // an unclosed quoted-string
		"5;a=\"x\"y\r\nhello\r\n0\r\n\r\n",      // text after a quoted-string
		"5;a=\"\x01\"\r\nhello\r\n0\r\n\r\n",    // a control byte quoted
		"5;a\rb\r\nhello\r\n0\r\n\r\n",          // a bare CR
		"5\n\nhello\r\n0\r\n\r\n",               // LF for CRLF after the size
		";a\r\nhello\r\n0\r\n\r\n",              // no size
		"5\r\nhello\r\n0\r\nX T: v\r\n\r\n",     // a trailer name with a space
		"5\r\nhello\r\n0\r\nnocolon\r\n\r\n",    // a trailer line without a colon
		"5\r\nhello\r\n0\r\n folded\r\n\r\n",    // obsolete folding in the trailer
		"5\r\nhello\r\n0\r\nX: a\x01b\r\n\r\n",  // a control byte in a trailer value
		"5\r\nhello\r\n0\r\nX: a\nY: b\r\n\r\n", // a bare LF in the trailer
		"5\r\nhello\r\n0\r\n: v\r\n\r\n",        // a trailer without a name
	}
	for _, body := range bad {
		if got, err := decodeChunked(body); !errors.Is(err, ErrBadChunk) {
			t.Errorf("%q: got %q, %v; want ErrBadChunk", body, got, err)
		}
	}
}
