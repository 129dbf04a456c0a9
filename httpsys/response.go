package httpsys

import (
	"strconv"
	"sync/atomic"
)

// dateCache renders the Date header value once per second of its clock.
type dateCache struct {
	clock Clock
	cur   atomic.Pointer[dateEntry]
}

type dateEntry struct {
	sec int64
	b   []byte
}

// get returns the IMF-fixdate for the clock's current second.
func (d *dateCache) get() []byte {
	now := d.clock.Now()
	if e := d.cur.Load(); e != nil && e.sec == now.Unix() {
		return e.b
	}
	e := &dateEntry{sec: now.Unix(), b: now.UTC().AppendFormat(nil, "Mon, 02 Jan 2006 15:04:05 GMT")}
	d.cur.Store(e)
	return e.b
}

// Header is a response header as the application gives it.
type Header struct {
	Name, Value string
}

// Response is the Go form of HTTP_RESPONSE: status and headers. The entity
// body travels beside it as chunks.
type Response struct {
	StatusCode int
	Reason     string
	Headers    []Header
	// NoHead sends no status line and no headers, only the entity: the
	// client can tell its end only by the close, which follows it (SH-1).
	NoHead bool
	// ServerAsGiven sends the application's Server value alone. Without
	// it HTTP.sys puts a space and its own product after that value, as
	// the HttpSendHttpResponse page says (SYS-SEND-2); IIS's responses
	// carry Microsoft-IIS/10.0 alone, so the IIS pipeline sets it (INFER:
	// how IIS avoids the suffix is not documented).
	ServerAsGiven bool
}

// ServerHeader is the Server value HTTP.sys adds to responses whose
// application set none (SD-1).
const ServerHeader = "Microsoft-HTTPAPI/2.0"

func (r *Response) header(name string) (string, bool) {
	for _, h := range r.Headers {
		if equalFoldString(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// bodyAllowed reports whether a response to method with this status may
// carry an entity (RFC 9110 6.4.1).
func bodyAllowed(method []byte, status int) bool {
	if string(method) == "HEAD" {
		return false
	}
	return !(status >= 100 && status < 200) && status != 204 && status != 304
}

// appendResponseHead writes the status line and header block. The framing
// headers (Content-Length, Transfer-Encoding, Connection) are the ones plan
// decided; the application's own copies of them are not repeated.
func appendResponseHead(b []byte, r *Response, p *sendPlan, date []byte, serverHeader bool) []byte {
	b = append(b, "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(r.StatusCode), 10)
	b = append(b, ' ')
	b = append(b, r.Reason...)
	b = append(b, "\r\n"...)
	hasServer, hasDate := false, false
	for _, h := range r.Headers {
		switch {
		case equalFoldString(h.Name, "Content-Length"),
			equalFoldString(h.Name, "Transfer-Encoding"),
			equalFoldString(h.Name, "Connection"):
			continue
		case equalFoldString(h.Name, "Server"):
			if !hasServer && serverHeader && !r.ServerAsGiven {
				// SYS-SEND-2: the application's value first, then a space
				// and HTTP.sys's product.
				b = append(b, h.Name...)
				b = append(b, ": "...)
				b = append(b, h.Value...)
				b = append(b, " "+ServerHeader+"\r\n"...)
				hasServer = true
				continue
			}
			hasServer = true
		case equalFoldString(h.Name, "Date"):
			hasDate = true
		}
		b = append(b, h.Name...)
		b = append(b, ": "...)
		b = append(b, h.Value...)
		b = append(b, "\r\n"...)
	}
	if !hasServer && serverHeader {
		b = append(b, "Server: "+ServerHeader+"\r\n"...)
	}
	if !hasDate {
		b = append(b, "Date: "...)
		b = append(b, date...)
		b = append(b, "\r\n"...)
	}
	switch p.conn {
	case connHeaderClose:
		b = append(b, "Connection: close\r\n"...)
	case connHeaderKeepAlive:
		b = append(b, "Connection: keep-alive\r\n"...)
	}
	switch p.framing {
	case FramingContentLength:
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, p.length, 10)
		b = append(b, "\r\n"...)
	case FramingChunked:
		b = append(b, "Transfer-Encoding: chunked\r\n"...)
	}
	return append(b, "\r\n"...)
}

// appendChunk frames one piece of entity in chunked encoding.
func appendChunk(b, data []byte) []byte {
	if len(data) == 0 {
		return b // a zero-length chunk would end the body
	}
	b = strconv.AppendInt(b, int64(len(data)), 16)
	b = append(b, "\r\n"...)
	b = append(b, data...)
	return append(b, "\r\n"...)
}

const lastChunk = "0\r\n\r\n"
