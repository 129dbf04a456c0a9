package httpsys

import (
	"bytes"
	"io"
	"sync"
)

// connReader is the buffered reader of one connection. Its buffer starts
// small and grows as a request head arrives, up to MaxRequestBytes (plus
// bodyRoom): a head that does not fit is rejected before it is all read
// (SYS-LIM-1), and a line longer than MaxFieldLength as soon as it is, so
// a hostile client cannot make it grow past the limit, and an idle
// connection holds a few kilobytes whatever the limit.
//
// The current request's head lives in buf[:pin]; body reads never write
// there, so the head's byte slices stay valid until the next readHead.
type connReader struct {
	src  io.Reader
	buf  []byte
	max  int // the most buf may grow to
	pin  int // bytes before pin hold the current head
	r, w int
	err  error // sticky read error from src
}

// bodyRoom is the part of the buffer left free after a head, for
// chunk-size lines and small bodies.
const bodyRoom = 4096

// initialHeadRoom is the room for a head a new connection's buffer starts
// with: the default MaxRequestBytes, so that at the default limits the
// buffer is allocated once, whole, and only a larger limit lets it grow.
const initialHeadRoom = DefaultMaxRequestBytes

func newConnReader(src io.Reader, maxRequestBytes int) *connReader {
	return newConnReaderSized(src, maxRequestBytes, initialHeadRoom)
}

// newConnReaderSized starts the buffer with room for a head of initial
// bytes; the tests make it small to drive the growth.
func newConnReaderSized(src io.Reader, maxRequestBytes, initial int) *connReader {
	max := maxRequestBytes + bodyRoom
	size := min(max, initial+bodyRoom)
	if size == pooledReadSize {
		return &connReader{src: src, max: max, buf: *readBufs.Get().(*[]byte)}
	}
	return &connReader{src: src, max: max, buf: make([]byte, size)}
}

// pooledReadSize is the size of a connection's read buffer under the
// default MaxRequestBytes. Such buffers are reused from one connection to
// the next (release), so a new connection does not allocate and clear
// 20 KiB.
const pooledReadSize = initialHeadRoom + bodyRoom

var readBufs = sync.Pool{New: func() any { b := make([]byte, pooledReadSize); return &b }}

// release gives the buffer back once the connection is done reading: the
// connection has ended and no request of it is in use. A buffer that grew
// past the pooled size is left to the collector.
func (cr *connReader) release() {
	if len(cr.buf) == pooledReadSize {
		b := cr.buf
		readBufs.Put(&b)
	}
	cr.buf = nil
}

// makeRoom moves the bytes from start to the front of the buffer, and
// grows the buffer, doubling, until it holds at least need bytes (at most
// max). It returns how far the bytes moved down, for the caller's indices.
// The head's slices are not valid across it; readHead calls it only
// before it makes them.
func (cr *connReader) makeRoom(start, need int) (shift int) {
	if start > 0 {
		copy(cr.buf, cr.buf[start:cr.w])
		cr.w -= start
		cr.r = max(cr.r-start, 0)
	}
	if need > len(cr.buf) && len(cr.buf) < cr.max {
		size := len(cr.buf)
		for size < need {
			size *= 2
		}
		grown := make([]byte, min(size, cr.max))
		copy(grown, cr.buf[:cr.w])
		cr.buf = grown
	}
	return start
}

// buffered is the number of bytes read from src and not yet consumed.
func (cr *connReader) buffered() int { return cr.w - cr.r }

// fill reads once from src into the free tail of the buffer.
func (cr *connReader) fill() error {
	if cr.err != nil {
		return cr.err
	}
	if cr.w == len(cr.buf) {
		if cr.r == cr.pin {
			return errBufferFull
		}
		cr.compact()
	}
	n, err := cr.src.Read(cr.buf[cr.w:])
	cr.w += n
	if err != nil {
		cr.err = err
		if n > 0 {
			return nil
		}
	}
	return err
}

// compact moves the unconsumed bytes down to pin.
func (cr *connReader) compact() {
	n := copy(cr.buf[cr.pin:], cr.buf[cr.r:cr.w])
	cr.r, cr.w = cr.pin, cr.pin+n
}

// Read serves body bytes: buffered bytes first, then straight from src.
// It never compacts, so a head parsed from the buffer stays valid.
func (cr *connReader) Read(p []byte) (int, error) {
	if cr.r < cr.w {
		n := copy(p, cr.buf[cr.r:cr.w])
		cr.r += n
		return n, nil
	}
	if cr.err != nil {
		return 0, cr.err
	}
	n, err := cr.src.Read(p)
	if err != nil {
		cr.err = err
	}
	return n, err
}

// readByte is Read for one byte, for the chunked decoder.
func (cr *connReader) readByte() (byte, error) {
	if cr.r == cr.w {
		cr.r, cr.w = cr.pin, cr.pin
		if err := cr.fill(); err != nil {
			if err == errBufferFull {
				return 0, err
			}
			if cr.r == cr.w {
				return 0, err
			}
		}
	}
	b := cr.buf[cr.r]
	cr.r++
	return b, nil
}

// firstByter hears of a request's first byte.
type firstByter interface{ firstByte() }

type parseError string

func (e parseError) Error() string { return "httpsys: " + string(e) }

var errBufferFull = parseError("read buffer full")

// readHead reads and parses the next request head into h. On a request that
// HTTP.sys would answer itself it returns a *Rejection. An io.EOF before any
// byte of a request means the client closed an idle connection. first, if
// set, hears once when the request's first byte is at hand, so the caller
// can switch from the idle timer to the header timer.
func (cr *connReader) readHead(h *RequestHead, lim Limits, first firstByter) error {
	h.reset()
	cr.pin = 0
	if cr.r == cr.w {
		cr.r, cr.w = 0, 0
	} else if cr.r > 0 {
		cr.compact() // a pipelined request's first bytes, to the front
	}
	start := cr.r
	scan := cr.r      // where the search for the next LF resumes
	lineStart := -1   // start of the current line, once leading CRLFs are skipped
	var lines [64]int // ends of header lines (index of LF), small-request fast path
	ends := lines[:0]
	notified := false
	notify := func() {
		if !notified && first != nil && cr.w > cr.r {
			notified = true
			first.firstByte()
		}
	}
	notify()
	for {
		for scan < cr.w {
			if lineStart < 0 {
				// RFC 9112 2.2: ignore empty lines before the request line.
				if cr.buf[scan] == '\r' || cr.buf[scan] == '\n' {
					scan++
					start = scan
					continue
				}
				lineStart = scan
			}
			i := bytes.IndexByte(cr.buf[scan:cr.w], '\n')
			if i < 0 {
				scan = cr.w
				break
			}
			lf := scan + i
			if lf == 0 || cr.buf[lf-1] != '\r' {
				return RejectBadRequest // bare LF
			}
			if lf-1-lineStart > lim.MaxFieldLength {
				if len(ends) == 0 {
					return RejectURLTooLong
				}
				return RejectFieldLength
			}
			if lf-1 == lineStart { // the empty line: end of head
				if lf+1-start > lim.MaxRequestBytes {
					return RejectRequestLength
				}
				if len(cr.buf)-(lf+1) < bodyRoom && (start > 0 || len(cr.buf) < cr.max) {
					// Leave room after the head for the body's reads.
					shift := cr.makeRoom(start, lf+1-start+bodyRoom)
					for k := range ends {
						ends[k] -= shift
					}
					lf -= shift
					start = 0
				}
				cr.r, cr.pin = lf+1, lf+1
				h.Raw = cr.buf[start : lf+1]
				return parseHead(h, h.Raw, ends, start, &lim)
			}
			ends = append(ends, lf)
			lineStart = lf + 1
			scan = lf + 1
		}
		// Need more bytes. A line already past MaxFieldLength (its CR
		// may be the last byte read) is refused now, before the buffer
		// grows for it.
		tooLong := lineStart >= 0 && cr.w-lineStart > lim.MaxFieldLength+1
		if tooLong || cr.w-start > lim.MaxRequestBytes {
			if lineStart >= 0 && cr.w-lineStart > lim.MaxFieldLength {
				if len(ends) == 0 {
					return RejectURLTooLong
				}
				return RejectFieldLength
			}
			return RejectRequestLength
		}
		if cr.w == len(cr.buf) {
			// Make room: move the partial head to the front, and grow
			// the buffer if it is all head.
			shift := cr.makeRoom(start, cr.w-start+1)
			scan -= shift
			if lineStart >= 0 {
				lineStart -= shift
			}
			for k := range ends {
				ends[k] -= shift
			}
			start, cr.r = 0, 0
		}
		if err := cr.fill(); err != nil {
			if err == io.EOF && cr.w > start {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		notify()
	}
}

// parseHead parses the request line and fields of a complete head. ends
// holds the absolute index of each line's LF; base is the absolute index of
// head[0].
func parseHead(h *RequestHead, head []byte, ends []int, base int, lim *Limits) error {
	if len(ends) == 0 {
		return RejectBadRequest
	}
	line := head[:ends[0]-1-base]
	if err := parseRequestLine(h, line); err != nil {
		return err
	}
	if rej := checkURL(h.Target, lim); rej != nil {
		return rej
	}
	prev := ends[0] + 1 - base
	var sawCL, sawTE bool
	var te transferCodings
	var connClose, connKeepAlive bool
	for _, e := range ends[1:] {
		line := head[prev : e-1-base]
		prev = e + 1 - base
		if line[0] == ' ' || line[0] == '\t' {
			return RejectBadRequest // obsolete line folding (RFC 9112 5.2)
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return RejectHeaderName
		}
		name := line[:colon]
		for _, c := range name {
			if !isTokenChar(c) { // includes whitespace before the colon
				return RejectHeaderName
			}
		}
		value := trimOWS(line[colon+1:])
		for _, c := range value {
			if !isFieldValueByte(c) {
				if equalFoldString(name, "Host") {
					return RejectHostname // SYS-HOST-1
				}
				return RejectBadRequest // SYS-FIELD-1: control bytes in a value
			}
		}
		h.Fields = append(h.Fields, HeaderField{Name: name, Value: value})
		switch {
		case equalFoldString(name, "Content-Length"):
			n, ok := parseContentLength(value)
			if !ok || (sawCL && n != h.ContentLength) {
				return RejectBadRequest
			}
			sawCL = true
			h.ContentLength = n
		case equalFoldString(name, "Transfer-Encoding"):
			sawTE = true
			if err := te.add(value); err != nil {
				return err
			}
		case equalFoldString(name, "Host"):
			if h.Host != nil {
				return RejectHostname
			}
			if !validHost(value) {
				return RejectHostname // SYS-HOST-1, RFC 9112 §3.2
			}
			h.Host = value
		case equalFoldString(name, "Connection"):
			forEachToken(value, func(tok []byte) {
				switch {
				case equalFoldString(tok, "close"):
					connClose = true
				case equalFoldString(tok, "keep-alive"):
					connKeepAlive = true
				}
			})
		case equalFoldString(name, "Expect"):
			if equalFoldString(value, "100-continue") {
				h.Expect100 = true
			}
		}
	}
	if h.Major == 1 && h.Minor == 1 && h.Host == nil {
		return RejectHostname // RFC 9112 3.2: a 1.1 request must carry Host
	}
	chunked := false
	if sawTE {
		if err := te.check(); err != nil {
			return err
		}
		chunked = true
	}
	if sawCL && sawTE {
		return RejectBadRequest // INFER: refuse the smuggling vector (RFC 9112 6.1 allows it)
	}
	if chunked && h.Minor == 0 {
		return RejectBadRequest
	}
	if !sawCL && !chunked && h.Minor >= 1 && (string(h.Method) == "POST" || string(h.Method) == "PUT") {
		return RejectLengthRequired // INFER: IIS's 411 for a body of unknown length
	}
	switch {
	case chunked:
		h.Framing = FramingChunked
	case sawCL && h.ContentLength > 0:
		h.Framing = FramingContentLength
	default:
		h.Framing = FramingNone
	}
	if h.Minor >= 1 {
		h.KeepAlive = !connClose
	} else {
		h.KeepAlive = connKeepAlive && !connClose
	}
	return nil
}

func parseRequestLine(h *RequestHead, line []byte) error {
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 <= 0 {
		return RejectBadRequest
	}
	h.Method = line[:sp1]
	for _, c := range h.Method {
		if !isTokenChar(c) {
			return RejectVerb
		}
	}
	rest := line[sp1+1:]
	sp2 := bytes.IndexByte(rest, ' ')
	if sp2 <= 0 {
		return RejectBadRequest
	}
	h.Target = rest[:sp2]
	for _, c := range h.Target {
		if c <= ' ' || c == 0x7f {
			return RejectURL
		}
	}
	proto := rest[sp2+1:]
	if len(proto) != 8 || string(proto[:5]) != "HTTP/" || proto[6] != '.' ||
		!isDigit(proto[5]) || !isDigit(proto[7]) {
		return RejectBadRequest
	}
	h.Major, h.Minor = int(proto[5]-'0'), int(proto[7]-'0')
	if h.Major != 1 || h.Minor > 1 {
		return RejectVersion
	}
	if h.Target[0] != '/' && h.Target[0] != '*' && !hasSchemePrefix(h.Target) {
		return RejectURL
	}
	return nil
}

func hasSchemePrefix(t []byte) bool {
	return bytes.HasPrefix(t, []byte("http://")) || bytes.HasPrefix(t, []byte("https://"))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func parseContentLength(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range v {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func forEachToken(v []byte, f func([]byte)) {
	for len(v) > 0 {
		i := bytes.IndexByte(v, ',')
		var tok []byte
		if i < 0 {
			tok, v = v, nil
		} else {
			tok, v = v[:i], v[i+1:]
		}
		if tok = trimOWS(tok); len(tok) > 0 {
			f(tok)
		}
	}
}
