package httpsys

import (
	"net/netip"
)

// validHost reports whether v, a Host field value, is a host with an
// optional port as RFC 3986 §3.2.2 and §3.2.3 spell them (RFC 9110 §7.2):
// an IP-literal in brackets, an IPv4 address or a reg-name, then ":" and
// digits. RFC 9112 §3.2 makes an invalid value a 400, which HTTP.sys
// heads "Invalid Hostname" (SYS-HOST-1).
//
// Where the grammar allows more than a name on the wire needs, the
// project decides (SYS-HOST-2, INFER): an empty value is let through,
// as IIS receives requests with an empty Host (KB 967342); a comma, a
// sub-delim RFC 3986 allows in a reg-name, is refused, since it is what
// a Host list folded from two Host fields looks like; a port above
// 65535 names no TCP port and is refused; so is an empty host before a
// port. An IPv4-mapped IPv6 literal is refused as HTTP.sys refuses it
// (SYS-HOST-1, dotnet/aspnetcore#42549).
func validHost(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	var port []byte
	if v[0] == '[' {
		end := -1
		for i, c := range v {
			if c == ']' {
				end = i
				break
			}
		}
		if end < 0 || !validIPLiteral(v[1:end]) {
			return false
		}
		port = v[end+1:]
		if len(port) > 0 {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
		}
	} else {
		host := v
		for i, c := range v {
			if c == ':' {
				host, port = v[:i], v[i+1:]
				break
			}
		}
		if len(host) == 0 || !validRegName(host) {
			return false // an IPv4 address is a reg-name by its characters
		}
	}
	return validPort(port)
}

// validPort accepts "*DIGIT" up to 65535; an empty port is allowed by
// RFC 3986 §3.2.3.
func validPort(p []byte) bool {
	if len(p) > 5 {
		return false
	}
	n := 0
	for _, c := range p {
		if !isDigit(c) {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 65535
}

// validRegName checks reg-name = *( unreserved / pct-encoded / sub-delims ),
// without the comma (see validHost).
func validRegName(h []byte) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case isUnreserved(c):
		case c == '%':
			if i+2 >= len(h) {
				return false
			}
			if _, ok := unhex(h[i+1]); !ok {
				return false
			}
			if _, ok := unhex(h[i+2]); !ok {
				return false
			}
			i += 2
		case c == ',':
			return false
		case isSubDelim(c):
		default:
			return false
		}
	}
	return true
}

// validIPLiteral checks what stands between the brackets: an IPv6 address
// (no zone: RFC 3986 has none) or IPvFuture ("v" 1*HEXDIG "." 1*( unreserved
// / sub-delims / ":" )).
func validIPLiteral(s []byte) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		i := 1
		for i < len(s) && isHexDigit(s[i]) {
			i++
		}
		if i == 1 || i >= len(s)-1 || s[i] != '.' {
			return false
		}
		for _, c := range s[i+1:] {
			if !isUnreserved(c) && !isSubDelim(c) && c != ':' {
				return false
			}
		}
		return true
	}
	for _, c := range s {
		if c == '%' {
			return false // a zone identifier
		}
	}
	a, err := netip.ParseAddr(string(s))
	return err == nil && a.Is6() && !a.Is4In6()
}

func isHexDigit(c byte) bool { _, ok := unhex(c); return ok }

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isSubDelim(c byte) bool {
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}
