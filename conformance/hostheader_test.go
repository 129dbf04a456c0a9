package conformance

import "testing"

// TestWithHost: a placeholder Host line becomes the target's, request by
// request as a server frames them; a request that checks its Host (none,
// two, an odd shape) and a body that looks like a request keep theirs.
func TestWithHost(t *testing.T) {
	const h = "127.0.0.1:8080"
	cases := []struct{ name, in, want string }{
		{"one request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"},
		{"lower-case name", "GET / HTTP/1.1\r\nhost: localhost\r\nA: b\r\n\r\n", "GET / HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nA: b\r\n\r\n"},
		{"a port is the spec's own", "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n", "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n"},
		{"pipelined", "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\nGET /b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"},
		{"a body that looks like a request", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 35\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\nGET /real HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 35\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\nGET /real HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"},
		{"chunked, then another", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHost:\r\n0\r\nT: v\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHost:\r\n0\r\nT: v\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"},
		{"bare LF", "GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\nHost: 127.0.0.1:8080\n\n"},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n\r\n"},
		{"HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"},
		{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"},
		{"space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"},
		{"a malformed value", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"},
		{"ambiguous framing stops there", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"},
		{"a head cut short", "GET / HTTP/1.1\r\nHost: x\r\n", "GET / HTTP/1.1\r\nHost: x\r\n"},
		{"a body cut short", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc", "POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 9\r\n\r\nabc"},
		{"a bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"},
	}
	for _, c := range cases {
		if got := string(withHost([]byte(c.in), h)); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
