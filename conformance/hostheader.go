package conformance

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// hostField is a Host header line a spec writes as a placeholder (Host: x,
// Host: localhost): a name, a colon, one space and a plain host name
// without a port. A Host line of any other shape, a port included (a:65536
// checks the port's range), is part of what a spec checks, and is left as
// it is.
var hostField = regexp.MustCompile(`^(?i:host): [A-Za-z0-9.-]+$`)

// withHost is raw with the Host line of each request set to host, as a
// real client writes it (HOST:PORT for a port other than 80; RFC 9110
// 7.2). It walks the requests as a server frames them, so a body that
// looks like a request is left alone. A request with no Host line, two of
// them, or one of another shape keeps its own; so does everything after
// the first body whose framing it cannot tell (Content-Length together
// with chunking, a bad length or chunk size, a body cut short) or a head
// cut short.
func withHost(raw []byte, host string) []byte {
	out, rest := eachHead(raw, func(head []byte) []byte { return setHost(head, host) })
	return append(out, rest...)
}

// eachHead walks raw's requests as a server frames them (cutHead,
// bodyLength): each head goes out as edit makes it, each body as it is. It
// returns what it walked and the rest, from the first head cut short or
// the first body whose framing it cannot tell.
func eachHead(raw []byte, edit func(head []byte) []byte) (out, rest []byte) {
	rest = raw
	for len(rest) > 0 {
		head, body, ok := cutHead(rest)
		if !ok {
			break
		}
		out = append(out, edit(head)...)
		n, ok := bodyLength(head, body)
		if !ok {
			return out, body
		}
		out = append(out, body[:n]...)
		rest = body[n:]
	}
	return out, rest
}

// cutHead splits data after its request head: the request line and the
// header lines up to the empty line (CRLF, or a bare LF, which a spec may
// send on purpose).
func cutHead(data []byte) (head, rest []byte, ok bool) {
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return nil, nil, false
		}
		line := bytes.TrimSuffix(data[i:i+j], []byte("\r"))
		i += j + 1
		if len(line) == 0 && i > j+1 {
			return data[:i], data[i:], true
		}
	}
	return nil, nil, false
}

// headLines are the lines of a request head, without their line ends.
func headLines(head []byte) [][]byte {
	lines := bytes.Split(head, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// setHost rewrites the head's Host line when it has exactly one, of the
// placeholder shape.
func setHost(head []byte, host string) []byte {
	at, count := -1, 0
	lines := bytes.SplitAfter(head, []byte("\n"))
	for i, l := range lines[1:] {
		if n, _, ok := bytes.Cut(l, []byte(":")); ok && bytes.EqualFold(bytes.TrimSpace(n), []byte("host")) {
			count++
			at = i + 1
		}
	}
	if count != 1 {
		return head
	}
	line := bytes.TrimRight(lines[at], "\r\n")
	if !hostField.Match(line) {
		return head
	}
	name, _, _ := bytes.Cut(line, []byte(":"))
	out := bytes.Join(lines[:at], nil)
	out = fmt.Appendf(out, "%s: %s%s", name, host, lines[at][len(line):])
	return append(out, bytes.Join(lines[at+1:], nil)...)
}

// bodyLength is the length of the body that follows head in data, framed
// as RFC 9112 6.3 says; ok is false when the framing is not plain (both
// Content-Length and Transfer-Encoding, differing or bad lengths, an
// unknown coding) or the body is not all in data.
func bodyLength(head, data []byte) (int, bool) {
	var lengths, codings []string
	for _, l := range headLines(head)[1:] {
		n, v, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			continue
		}
		switch string(bytes.ToLower(n)) {
		case "content-length":
			lengths = append(lengths, string(bytes.TrimSpace(v)))
		case "transfer-encoding":
			codings = append(codings, string(bytes.ToLower(bytes.TrimSpace(v))))
		}
	}
	switch {
	case len(codings) > 0 && len(lengths) > 0:
		return 0, false
	case len(codings) == 1 && codings[0] == "chunked":
		return chunkedLength(data)
	case len(codings) > 0:
		return 0, false
	case len(lengths) == 0:
		return 0, true
	}
	for _, l := range lengths[1:] {
		if l != lengths[0] {
			return 0, false
		}
	}
	n, err := strconv.Atoi(lengths[0])
	if err != nil || n < 0 || lengths[0][0] == '+' || n > len(data) {
		return 0, false
	}
	return n, true
}

// chunkedLength is the length of the chunked body at the start of data,
// trailer included.
func chunkedLength(data []byte) (int, bool) {
	at := 0
	for {
		j := bytes.Index(data[at:], []byte("\r\n"))
		if j < 0 {
			return 0, false
		}
		size, _, _ := bytes.Cut(data[at:at+j], []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 32)
		if err != nil || n < 0 {
			return 0, false
		}
		at += j + 2
		if n == 0 {
			break
		}
		at += int(n) + 2
		if at > len(data) {
			return 0, false
		}
	}
	for { // the trailer, up to its empty line
		j := bytes.Index(data[at:], []byte("\r\n"))
		if j < 0 {
			return 0, false
		}
		at += j + 2
		if j == 0 {
			return at, true
		}
	}
}
