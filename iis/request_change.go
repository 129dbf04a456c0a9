package iis

import (
	"fmt"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
)

// The IHttpRequest methods that change the request for later processing
// (RQ-SET-1): iis:ihttprequest-seturl-method,
// iis:ihttprequest-sethttpmethod-method, iis:ihttprequest-setheader-method,
// iis:ihttprequest-deleteheader-method. GetRawHttpRequest keeps what the
// client sent, as the SetUrl page warns server variables do (INFER).

// SetUrl makes later processing and the log see url "as if the client had
// requested" it: a URL outside the request's application is answered 404
// at the handler (the emulator serves no files: INFER), and it is no
// redirect. With resetQueryString the query string becomes url's own (none
// when url has none); otherwise url's query string, if it has one,
// replaces the old (INFER). url must be an absolute path without CR, LF or
// NUL, and no longer than a USHORT counts, or the call fails with
// ERROR_INVALID_PARAMETER (the page's example: a URL too long). The page
// asks for it before the first event (the sample calls it in
// OnBeginRequest) and calls the result from OnPostBeginRequest
// indeterminate; the emulator applies it whenever it is called (INFER).
func (r *httpRequest) SetUrl(url string, resetQueryString bool) HRESULT {
	hr := S_OK
	if !strings.HasPrefix(url, "/") || len(url) > maxUSHORT || !httpsys.SafeFieldText(url) || strings.ContainsAny(url, " \t") {
		hr = hrInvalidParameter
	} else {
		path, query, hasQuery := strings.Cut(url, "?")
		r.path = path
		switch {
		case hasQuery:
			r.query = "?" + query
		case resetQueryString:
			r.query = ""
		}
	}
	r.ctx.callf("SetUrl", hr, func() string { return fmt.Sprintf("%s reset=%t", url, resetQueryString) })
	return hr
}

// SetHttpMethod makes later processing and the log see verb. A verb that
// is empty or not an HTTP token is ERROR_INVALID_PARAMETER (INFER). The
// emulator's handlers take every verb, so the page's error for a verb the
// handler does not support (405) does not arise.
func (r *httpRequest) SetHttpMethod(verb string) HRESULT {
	hr := S_OK
	if verb == "" || len(verb) > maxUSHORT || !isToken(verb) {
		hr = hrInvalidParameter
	} else {
		r.verb = verb
	}
	r.ctx.call("SetHttpMethod", verb, hr)
	return hr
}

// SetHeader sets a request header (replace) or joins value to it with a
// comma, as the response's SetHeader does (HD-1). An empty name, or CR, LF
// or NUL, is ERROR_INVALID_PARAMETER; a value too long ERROR_INVALID_DATA.
func (r *httpRequest) SetHeader(name, value string, replace bool) HRESULT {
	hr := S_OK
	switch {
	case name == "" || !isToken(name) || !httpsys.SafeFieldText(value):
		hr = hrInvalidParameter
	case len(value) > maxUSHORT:
		hr = hrInvalidData
	default:
		r.headers = setField(r.writableHeaders(), name, value, replace)
	}
	r.ctx.callf("SetRequestHeader", hr, func() string { return fmt.Sprintf("%s: %s replace=%t", name, value, replace) })
	return hr
}

// DeleteHeader removes the header; S_OK whether or not it was there (the
// page lists no "not found" result). An empty name is
// ERROR_INVALID_PARAMETER (INFER).
func (r *httpRequest) DeleteHeader(name string) HRESULT {
	hr := S_OK
	if name == "" {
		hr = hrInvalidParameter
	} else {
		r.headers = deleteField(r.writableHeaders(), name)
	}
	r.ctx.call("DeleteRequestHeader", name, hr)
	return hr
}

// writableHeaders is the request's headers to change: they share raw's
// until the first change, which copies them, so GetRawHttpRequest keeps
// what the client sent and a request no module changes copies nothing.
func (r *httpRequest) writableHeaders() []httpsys.Header {
	if !r.ownHeaders {
		r.headers = append([]httpsys.Header(nil), r.headers...)
		r.ownHeaders = true
	}
	return r.headers
}

// setField replaces or appends to the named field of hs.
func setField(hs []httpsys.Header, name, value string, replace bool) []httpsys.Header {
	for i := range hs {
		if strings.EqualFold(hs[i].Name, name) {
			if replace || hs[i].Value == "" {
				hs[i].Value = value
			} else {
				hs[i].Value += "," + value
			}
			return hs
		}
	}
	return append(hs, httpsys.Header{Name: name, Value: value})
}

// deleteField removes every field of hs with that name, in place.
func deleteField(hs []httpsys.Header, name string) []httpsys.Header {
	kept := hs[:0]
	for _, h := range hs {
		if !strings.EqualFold(h.Name, name) {
			kept = append(kept, h)
		}
	}
	return kept
}

// isToken reports whether s is an RFC 9110 token (section 5.6.2).
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return s != ""
}
