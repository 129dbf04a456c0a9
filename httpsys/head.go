package httpsys

// HeaderField is one request header line as received: name and value are
// views into the connection's read buffer, valid until the request is
// complete. Use the Request's accessors for copies.
type HeaderField struct {
	Name, Value []byte
}

// Framing is how a message body is delimited.
type Framing int

const (
	FramingNone          Framing = iota // no body
	FramingContentLength                // Content-Length bytes
	FramingChunked                      // Transfer-Encoding: chunked
	FramingClose                        // the body runs until the connection closes
)

var framingNames = [...]string{"none", "content-length", "chunked", "close"}

// String returns "none", "content-length", "chunked" or "close".
func (f Framing) String() string {
	if int(f) < len(framingNames) {
		return framingNames[f]
	}
	return "Framing(?)"
}

// RequestHead is a parsed request line and header block. Byte slices point
// into the connection's buffer; the head is reused from one request to the
// next on a connection, so nothing here allocates in the steady state.
type RequestHead struct {
	// Raw is the whole head as received: request line, fields, empty line.
	// Every other slice here is a part of it.
	Raw          []byte
	Method       []byte
	Target       []byte // the request-target as sent
	Major, Minor int
	Fields       []HeaderField

	Host          []byte
	ContentLength int64 // -1 when absent
	Framing       Framing
	KeepAlive     bool // the client allows the connection to persist (SYS-KA-1)
	Expect100     bool
}

func (h *RequestHead) reset() {
	fields := h.Fields[:0]
	*h = RequestHead{Fields: fields, ContentLength: -1}
}

// Get returns the first value of the named header, or nil.
func (h *RequestHead) Get(name string) []byte {
	for i := range h.Fields {
		if equalFoldString(h.Fields[i].Name, name) {
			return h.Fields[i].Value
		}
	}
	return nil
}

// equalFoldString compares ASCII case-insensitively without allocating.
func equalFoldString[T ~string | ~[]byte](b T, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		x, y := b[i], s[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// isTokenChar reports whether c may appear in an RFC 9110 token.
func isTokenChar(c byte) bool { return c < 128 && tokenTable[c] }

var tokenTable = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

// isFieldValueByte reports whether c may appear in a field value (RFC 9110
// §5.5: field-vchar, SP and HTAB; obs-text is let through). Every other
// control byte, NUL, CR, LF and DEL among them, is refused.
func isFieldValueByte(c byte) bool { return c == '\t' || (c >= ' ' && c != 0x7f) }
