package httpsys

// transferCodings gathers the Transfer-Encoding list of a request across
// all its Transfer-Encoding fields, in order (RFC 9110 §5.3: several
// fields are one comma-separated list).
type transferCodings struct {
	count       int  // codings listed
	chunked     int  // how many of them are "chunked"
	lastChunked bool // the final coding is "chunked"
}

// add parses one field value: a list of transfer-coding, each a token
// with optional parameters (RFC 9112 §6.1, RFC 9110 §10.1.4). Empty list
// elements are skipped as RFC 9110 §5.6.1 asks; a coding that is not a
// token is a 400.
func (t *transferCodings) add(v []byte) error {
	var bad bool
	forEachToken(v, func(elem []byte) {
		name, params := elem, false
		for i, c := range elem {
			if c == ';' {
				name, params = trimOWS(elem[:i]), true
				break
			}
		}
		if len(name) == 0 {
			bad = true
			return
		}
		for _, c := range name {
			if !isTokenChar(c) {
				bad = true
				return
			}
		}
		t.count++
		// chunked takes no parameters (RFC 9112 §7): "chunked;x=1" is a
		// coding HTTP.sys does not know, not chunked.
		t.lastChunked = !params && equalFoldString(name, "chunked")
		if t.lastChunked {
			t.chunked++
		}
	})
	if bad {
		return RejectBadRequest
	}
	return nil
}

// check decides a request that carried Transfer-Encoding:
//   - only "chunked": the body is chunked (nil);
//   - "chunked" anywhere but last, or more than once, or a list of
//     several codings none of which is chunked, or an empty list: the
//     body's length cannot be known, so 400 and a close (RFC 9112 §6.3;
//     chunked twice is forbidden by §6.1) (SYS-TE-1);
//   - one coding HTTP.sys does not implement, alone, or before a final
//     "chunked" ("gzip, chunked"): 501 (RFC 9112 §6.1's answer to a
//     transfer coding the server does not understand; INFER heading).
func (t *transferCodings) check() error {
	switch {
	case t.count == 0:
		return RejectBadRequest
	case t.chunked > 1 || (t.chunked == 1 && !t.lastChunked):
		return RejectBadRequest
	case t.chunked == 0 && t.count > 1:
		return RejectBadRequest
	case t.count > 1 || !t.lastChunked:
		return RejectTransferCoding
	}
	return nil
}
