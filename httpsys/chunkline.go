package httpsys

// The chunk-size line and trailer grammar of RFC 9112 §7.1:
//
//	chunk      = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//	chunk-size = 1*HEXDIG
//	chunk-ext  = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//	chunk-ext-name = token
//	chunk-ext-val  = token / quoted-string
//
// Anything else on the line is refused, a bare LF and control bytes
// included: a recipient that ends chunk lines at LF, or skips the
// extension to the next CR, would frame the body differently, which is
// the chunk-extension smuggling vector.

// chunkExtState is where readChunkSize stands after the chunk size.
type chunkExtState int

const (
	extAfterSize  chunkExtState = iota // BWS, then ";" or CR
	extBeforeName                      // after ";": BWS, then a token
	extName                            // inside a name: token, BWS, "=", ";" or CR
	extAfterName                       // BWS after a name: "=", ";" or CR
	extBeforeVal                       // after "=": BWS, then a token or DQUOTE
	extToken                           // inside a token value: BWS, ";" or CR
	extQuoted                          // inside a quoted-string
	extQuotedPair                      // after a backslash inside a quoted-string
)

// readChunkSize reads "chunk-size [chunk-ext] CRLF" and returns the size.
// Extensions are checked and dropped.
func (b *bodyReader) readChunkSize() (int64, error) {
	var size int64
	digits, n := 0, 0
	inSize := true
	st := extAfterSize
	for {
		c, err := b.cr.readByte()
		if err != nil {
			return 0, err
		}
		n++
		if n > maxChunkLine {
			return 0, ErrBadChunk
		}
		if inSize {
			if v, ok := unhex(c); ok {
				if digits >= 15 {
					return 0, ErrBadChunk
				}
				size = size<<4 | int64(v)
				digits++
				continue
			}
			if digits == 0 {
				return 0, ErrBadChunk
			}
			inSize = false
		}
		if c == '\r' {
			if !extCanEnd(st) {
				return 0, ErrBadChunk // "5;", "5;a=", an open quoted-string
			}
			c2, err := b.cr.readByte()
			if err != nil {
				return 0, err
			}
			if c2 != '\n' {
				return 0, ErrBadChunk
			}
			return size, nil
		}
		var ok bool
		if st, ok = nextExtState(st, c); !ok {
			return 0, ErrBadChunk
		}
	}
}

// extCanEnd reports whether the line may end (CRLF) in state st.
func extCanEnd(st chunkExtState) bool {
	switch st {
	case extAfterSize, extName, extAfterName, extToken:
		return true
	}
	return false
}

// nextExtState moves the chunk-ext grammar on by one byte other than CR.
// It refuses every byte the grammar does not allow there, LF and the
// other control bytes included.
func nextExtState(st chunkExtState, c byte) (chunkExtState, bool) {
	bws := c == ' ' || c == '\t'
	switch st {
	case extAfterSize, extAfterName:
		switch {
		case bws:
			return st, true
		case c == ';':
			return extBeforeName, true
		case c == '=' && st == extAfterName:
			return extBeforeVal, true
		}
	case extBeforeName:
		switch {
		case bws:
			return st, true
		case isTokenChar(c):
			return extName, true
		}
	case extName, extToken:
		switch {
		case isTokenChar(c):
			return st, true
		case bws && st == extName:
			return extAfterName, true
		case bws:
			return extAfterSize, true // BWS after a value: only ";" or CR may follow
		case c == ';':
			return extBeforeName, true
		case c == '=' && st == extName:
			return extBeforeVal, true
		}
	case extBeforeVal:
		switch {
		case bws:
			return st, true
		case c == '"':
			return extQuoted, true
		case isTokenChar(c):
			return extToken, true
		}
	case extQuoted:
		switch {
		case c == '"':
			return extAfterSize, true
		case c == '\\':
			return extQuotedPair, true
		case isQDText(c):
			return st, true
		}
	case extQuotedPair:
		if c == '\t' || c == ' ' || (c > 0x20 && c != 0x7f) {
			return extQuoted, true
		}
	}
	return st, false
}

// isQDText reports whether c may stand unescaped in a quoted-string
// (RFC 9110 §5.6.4: HTAB, SP, VCHAR except DQUOTE and backslash, obs-text).
func isQDText(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || (0x23 <= c && c <= 0x5b) || (0x5d <= c && c <= 0x7e) || c >= 0x80
}

// readTrailerLine consumes one line of the trailer section and reports
// whether it was the empty line that ends it. A line must be a field-line
// (RFC 9112 §7.1.2, §5): a token, a colon, then a value without control
// bytes other than HTAB; obsolete line folding is refused as in the head.
func (b *bodyReader) readTrailerLine() (bool, error) {
	n := 0
	inName := true
	for {
		c, err := b.cr.readByte()
		if err != nil {
			return false, err
		}
		switch {
		case c == '\r':
			c2, err := b.cr.readByte()
			if err != nil {
				return false, err
			}
			if c2 != '\n' || (n > 0 && inName) {
				return false, ErrBadChunk // a bare CR, or a line without a colon
			}
			return n == 0, nil
		case inName && c == ':':
			if n == 0 {
				return false, ErrBadChunk
			}
			inName = false
		case inName:
			if !isTokenChar(c) {
				return false, ErrBadChunk // LF, whitespace, folding, a bad name byte
			}
		case !isFieldValueByte(c):
			return false, ErrBadChunk
		}
		n++
		if n > maxChunkLine {
			return false, ErrBadChunk
		}
	}
}
