package httpsys

import "testing"

// TestValidHost holds Host values to RFC 3986's host and port grammar,
// with the project's choices for the values it allows oddly (SYS-HOST-1,
// SYS-HOST-2).
func TestValidHost(t *testing.T) {
	good := []string{
		"", "a", "example.com", "example.com:80", "example.com:", "127.0.0.1", "127.0.0.1:18080",
		"[::1]", "[::1]:8080", "[2001:db8::7]", "[v1.fe:x]", "xn--bcher-kva.example", "a_b~c-d",
		"%41b", "a!$&'()*+;=b", "localhost:65535",
	}
	for _, h := range good {
		if !validHost([]byte(h)) {
			t.Errorf("%q refused", h)
		}
	}
	bad := []string{
		"a b", "a@b", "a/b", "a:b:c", "[::1", "a\x01b", "127.0.0.1:18080, other.example.com",
		"a,b", ":80", "a:65536", "a:123456", "a:8x", "[::1]x", "[::1]:x", "[::1%25eth0]", "[::1%eth0]",
		"[1.2.3.4]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[v.x]", "[v1.]", "[]", "a?b", "a#b",
		"%4", "%zz", "a\tb", "a\x7fb", "\xc3\xa9.example", "[::1]]", "a[b]",
	}
	for _, h := range bad {
		if validHost([]byte(h)) {
			t.Errorf("%q accepted", h)
		}
	}
}
