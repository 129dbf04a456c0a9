package httpsys

import (
	"io"
)

// bodyReader reads one request's entity body from the connection reader,
// undoing its framing. It is reused from request to request.
type bodyReader struct {
	cr        *connReader
	framing   Framing
	remaining int64 // bytes left: of the body (Content-Length) or of the current chunk
	state     chunkState
	err       error // sticky: io.EOF at the end, or the framing error
	consumed  int64 // entity bytes handed out
}

type chunkState int

const (
	chunkSize    chunkState = iota // expecting a chunk-size line
	chunkData                      // inside chunk data
	chunkDataEnd                   // expecting the CRLF after data
	chunkTrailer                   // reading trailer lines after the last chunk
	chunkDone
)

// ErrBadChunk is returned when a chunked request body is malformed.
var ErrBadChunk = parseError("malformed chunked encoding")

// maxChunkLine bounds a chunk-size line including extensions.
const maxChunkLine = 4096

func (b *bodyReader) reset(cr *connReader, h *RequestHead) {
	*b = bodyReader{cr: cr, framing: h.Framing}
	switch h.Framing {
	case FramingContentLength:
		b.remaining = h.ContentLength
	case FramingNone:
		b.err = io.EOF
	}
}

// done reports whether the whole body has been consumed.
func (b *bodyReader) done() bool { return b.err == io.EOF }

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var err error
	switch b.framing {
	case FramingContentLength:
		n, err = b.readCounted(p)
	case FramingChunked:
		n, err = b.readChunked(p)
	default:
		return 0, io.EOF
	}
	b.consumed += int64(n)
	return n, err
}

func (b *bodyReader) readCounted(p []byte) (int, error) {
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.cr.Read(p)
	b.remaining -= int64(n)
	if b.remaining == 0 {
		b.err = io.EOF
		return n, nil
	}
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		b.err = err
		if n > 0 {
			return n, nil
		}
		return 0, err
	}
	return n, nil
}

func (b *bodyReader) readChunked(p []byte) (int, error) {
	for {
		switch b.state {
		case chunkSize:
			size, err := b.readChunkSize()
			if err != nil {
				return 0, b.fail(err)
			}
			if size == 0 {
				b.state = chunkTrailer
				continue
			}
			b.remaining, b.state = size, chunkData
		case chunkData:
			if int64(len(p)) > b.remaining {
				p = p[:b.remaining]
			}
			n, err := b.cr.Read(p)
			b.remaining -= int64(n)
			if b.remaining == 0 {
				b.state = chunkDataEnd
			}
			if n > 0 {
				return n, nil
			}
			return 0, b.fail(err)
		case chunkDataEnd:
			if err := b.expectCRLF(); err != nil {
				return 0, b.fail(err)
			}
			b.state = chunkSize
		case chunkTrailer:
			// Trailer fields are checked, then dropped, up to the empty line.
			for {
				empty, err := b.readTrailerLine()
				if err != nil {
					return 0, b.fail(err)
				}
				if empty {
					break
				}
			}
			b.state, b.err = chunkDone, io.EOF
			return 0, io.EOF
		default:
			return 0, io.EOF
		}
	}
}

func (b *bodyReader) fail(err error) error {
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	b.err = err
	return err
}

func (b *bodyReader) expectCRLF() error {
	c1, err := b.cr.readByte()
	if err != nil {
		return err
	}
	c2, err := b.cr.readByte()
	if err != nil {
		return err
	}
	if c1 != '\r' || c2 != '\n' {
		return ErrBadChunk
	}
	return nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
