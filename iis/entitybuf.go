package iis

import "sync"

// The buffer WriteEntityChunks copies the modules' chunks into (BUF-3).
// One buffer per request, taken from a pool at the first write and given
// back when the request is over, so that a response's entity is copied
// once into memory that the next request reuses, not into a fresh
// allocation per chunk. Nothing outside the response holds on to it:
// HTTP.sys copies what it sends before the send returns, and
// GetRawHttpResponse hands out copies.

// entityBufMax is the largest buffer given back to the pool; a larger one
// (a response of several megabytes) is left to the collector.
const entityBufMax = 256 << 10

var entityBufs = sync.Pool{New: func() any { return new([]byte) }}

// keep copies b into the response's buffer and returns the copy, its
// capacity cut to its length so that nothing appended to it can reach the
// next copy.
func (r *httpResponse) keep(b []byte) []byte {
	if r.copied == nil {
		r.copied = entityBufs.Get().(*[]byte)
	}
	buf := *r.copied
	start := len(buf)
	buf = append(buf, b...)
	*r.copied = buf
	return buf[start:len(buf):len(buf)]
}

// sent says the buffered entity went to HTTP.sys (or was dropped): the
// buffer's bytes are free for the request's next writes, unless a write
// made during the send is buffered there already.
func (r *httpResponse) sent() {
	if r.copied != nil && len(r.entity) == 0 {
		*r.copied = (*r.copied)[:0]
	}
}

// release gives the buffer back once the request is over.
func (r *httpResponse) release() {
	if r.copied == nil {
		return
	}
	if cap(*r.copied) <= entityBufMax {
		*r.copied = (*r.copied)[:0]
		entityBufs.Put(r.copied)
	}
	r.copied = nil
}
