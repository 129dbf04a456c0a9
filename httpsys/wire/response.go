package wire

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
)

// Field is one response header line.
type Field struct {
	Name, Value string
}

// Cut says where a response was cut off by the end of the connection.
type Cut string

const (
	NotCut   Cut = ""      // the response is complete
	CutHead  Cut = "head"  // inside the status line or headers
	CutBody  Cut = "body"  // inside a Content-Length body
	CutChunk Cut = "chunk" // inside a chunked body (no last chunk seen)
)

// Response is one response as received.
type Response struct {
	Proto      string
	StatusCode int
	Reason     string
	Fields     []Field
	Body       []byte          // the entity, framing removed
	Framing    httpsys.Framing // how the entity was delimited
	Cut        Cut             // where it was cut off, if it was
	Raw        []byte          // the bytes of this response as received
}

// Complete reports whether the response was received in full.
func (r *Response) Complete() bool { return r.Cut == NotCut }

// Header returns the first value of the named header.
func (r *Response) Header(name string) (string, bool) {
	for _, f := range r.Fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Get returns the first value of the named header, "" when absent.
func (r *Response) Get(name string) string {
	v, _ := r.Header(name)
	return v
}

// Interim reports a 1xx response.
func (r *Response) Interim() bool { return r.StatusCode >= 100 && r.StatusCode < 200 }

// ParseResponses parses every response in data. ended says the connection
// has ended, so a body delimited by the close is complete and anything
// unfinished is cut off; while it has not ended, an unfinished last
// response is left out. noBody says which final responses answer HEAD
// (index by final response; may be shorter).
func ParseResponses(data []byte, ended bool, noBody []bool) []Response {
	var out []Response
	finals := 0
	for len(data) > 0 {
		r, n, ok := parseOne(data, ended, finals < len(noBody) && noBody[finals])
		if !ok {
			if ended {
				out = append(out, r)
			}
			break
		}
		out = append(out, r)
		if !r.Interim() {
			finals++
		}
		data = data[n:]
		if r.Framing == httpsys.FramingClose {
			break
		}
	}
	return out
}

// parseOne parses one response at the start of data. ok is false when the
// response is unfinished (then r describes what was there, with Cut set).
func parseOne(data []byte, ended, head bool) (r Response, n int, ok bool) {
	end := bytes.Index(data, []byte("\r\n\r\n"))
	if end < 0 {
		r.Raw, r.Cut = data, CutHead
		return r, len(data), false
	}
	block := string(data[:end]) // one copy; the fields are substrings of it
	status, fields, _ := strings.Cut(block, "\r\n")
	proto, rest, _ := strings.Cut(status, " ")
	code, reason, _ := strings.Cut(rest, " ")
	r.Proto, r.Reason = proto, reason
	r.StatusCode, _ = strconv.Atoi(code)
	if fields != "" {
		r.Fields = make([]Field, 0, strings.Count(fields, "\r\n")+1)
	}
	for fields != "" {
		var l string
		l, fields, _ = strings.Cut(fields, "\r\n")
		name, value, _ := strings.Cut(l, ":")
		r.Fields = append(r.Fields, Field{Name: name, Value: strings.TrimSpace(value)})
	}
	body := data[end+4:]
	n = end + 4
	te, _ := r.Header("Transfer-Encoding")
	cl, hasCL := r.Header("Content-Length")
	switch {
	case head || r.Interim() || r.StatusCode == 204 || r.StatusCode == 304:
		r.Framing = httpsys.FramingNone
	case strings.EqualFold(te, "chunked"):
		r.Framing = httpsys.FramingChunked
		b, used, done := decodeChunked(body)
		r.Body, n = b, n+used
		if !done {
			r.Raw, r.Cut = data, CutChunk
			return r, len(data), false
		}
	case hasCL:
		r.Framing = httpsys.FramingContentLength
		want, err := strconv.Atoi(cl)
		if err != nil || want < 0 {
			want = 0
		}
		if len(body) < want {
			r.Body, r.Raw, r.Cut = body, data, CutBody
			return r, len(data), false
		}
		r.Body, n = body[:want], n+want
	default:
		r.Framing = httpsys.FramingClose
		if !ended {
			r.Body, r.Raw, r.Cut = body, data, CutBody
			return r, len(data), false
		}
		r.Body, n = body, len(data)
	}
	r.Raw = data[:n]
	return r, n, true
}

// decodeChunked decodes as much of a chunked body as data holds. done is
// true once the last chunk and the trailer section have been read.
func decodeChunked(data []byte) (body []byte, used int, done bool) {
	pos := 0
	for {
		eol := bytes.Index(data[pos:], []byte("\r\n"))
		if eol < 0 {
			return body, pos, false
		}
		line := string(data[pos : pos+eol])
		if i := strings.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil || size < 0 {
			return body, pos, false
		}
		p := pos + eol + 2
		if size == 0 {
			// trailer fields, then an empty line
			for {
				e := bytes.Index(data[p:], []byte("\r\n"))
				if e < 0 {
					return body, pos, false
				}
				p += e + 2
				if e == 0 {
					return body, p, true
				}
			}
		}
		if int64(len(data)-p) < size+2 {
			body = append(body, data[p:min(len(data), p+int(size))]...)
			return body, pos, false
		}
		body = append(body, data[p:p+int(size)]...)
		pos = p + int(size) + 2
	}
}
