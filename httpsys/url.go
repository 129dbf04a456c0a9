package httpsys

import "unicode/utf8"

// checkURL applies HTTP.sys's URL limits to a request target (SYS-LIM-1):
// its length, its path segments' length and count, percent-escapes,
// restricted characters, %u escapes and non-UTF-8 bytes.
func checkURL(target []byte, lim *Limits) *Rejection {
	if len(target) > maxURLLength {
		return RejectURLTooLong
	}
	path := target
	for i, c := range target {
		if c == '?' {
			path = target[:i]
			break
		}
	}
	// An absolute-form target's path starts after the authority.
	if hasSchemePrefix(path) {
		rest := path[len("http://"):]
		if path[4] == 's' {
			rest = path[len("https://"):]
		}
		path = nil
		for i, c := range rest {
			if c == '/' {
				path = rest[i:]
				break
			}
		}
	}
	segments, segLen := 0, 0
	nonASCII := false
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case c == '/':
			if segLen > 0 {
				segments++
			}
			segLen = 0
			continue
		case c == '%':
			if i+1 < len(path) && (path[i+1] == 'u' || path[i+1] == 'U') {
				if lim.RejectPercentU || i+6 > len(path) {
					return RejectURL
				}
				for _, h := range path[i+2 : i+6] {
					if _, ok := unhex(h); !ok {
						return RejectURL
					}
				}
				i += 5
				break
			}
			if i+2 >= len(path) {
				return RejectURL
			}
			hi, ok1 := unhex(path[i+1])
			lo, ok2 := unhex(path[i+2])
			if !ok1 || !ok2 {
				return RejectURL
			}
			if b := hi<<4 | lo; (b < 0x20 || b == 0x7f) && !lim.AllowRestrictedChars {
				return RejectURL // a restricted character
			}
			i += 2
		case c >= 0x80:
			nonASCII = true
		}
		segLen++
		if lim.UrlSegmentMaxLength > 0 && segLen > lim.UrlSegmentMaxLength {
			return RejectURL
		}
	}
	if segLen > 0 {
		segments++
	}
	if lim.UrlSegmentMaxCount > 0 && segments > lim.UrlSegmentMaxCount {
		return RejectURL
	}
	if nonASCII && lim.RejectNonUTF8 && !utf8.Valid(path) {
		return RejectURL
	}
	return nil
}
