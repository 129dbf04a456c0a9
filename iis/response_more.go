package iis

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
)

// Redirect sends the client to url (RD-1): a 302 when resetStatusCode,
// a Location made absolute within the request's host, the query string
// appended when includeParameters. It does not clear the entity; output
// written later is appended. After a flush it changes nothing and
// returns S_OK (INFER, as HD-4).
func (r *httpResponse) Redirect(url string, resetStatusCode, includeParameters bool) HRESULT {
	hr := S_OK
	switch {
	case url == "":
		hr = hrInvalidParameter
	case r.headersSent:
	default:
		loc := url
		if !strings.Contains(url, "://") {
			host := r.ctx.request.GetHeader("Host")
			if host == "" {
				host = r.ctx.request.raw.LocalAddr
			}
			if !strings.HasPrefix(loc, "/") {
				dir := r.ctx.request.raw.AbsPath
				loc = dir[:strings.LastIndexByte(dir, '/')+1] + loc
			}
			loc = "http://" + host + loc
		}
		if includeParameters && r.ctx.request.raw.QueryString != "" {
			q := r.ctx.request.raw.QueryString
			if strings.Contains(loc, "?") {
				q = "&" + q[1:]
			}
			loc += q
		}
		if resetStatusCode {
			r.status = Status{Code: 302, Reason: "Redirect", Module: r.ctx.curModule, Notification: r.ctx.curNotification}
		}
		r.setHeader("Location", loc, true)
	}
	r.ctx.callf("Redirect", hr, 0, func() string {
		return fmt.Sprintf("%s reset=%t params=%t", url, resetStatusCode, includeParameters)
	})
	return hr
}

// SuppressHeaders keeps status and headers readable by modules but sends
// only the entity (SH-1).
func (r *httpResponse) SuppressHeaders() {
	r.suppressed = true
	r.ctx.call("SuppressHeaders", "", S_OK, 0)
}

// GetHeadersSuppressed reports whether SuppressHeaders was called.
func (r *httpResponse) GetHeadersSuppressed() bool {
	r.ctx.answer("GetHeadersSuppressed", "", boolResult(r.suppressed))
	return r.suppressed
}

// WriteEntityChunkByReference adds a chunk without copying it (BUF-5):
// position 0 puts it before the data already buffered, -1 after it. The
// module must keep the memory unchanged until the response is sent; later
// changes to it show in what is sent.
func (r *httpResponse) WriteEntityChunkByReference(chunk DataChunk, position int64) HRESULT {
	hr := S_OK
	switch {
	case chunk.DataChunkType != HttpDataChunkFromMemory:
		hr = hrNotSupported
	case position != 0 && position != -1:
		hr = hrInvalidParameter // INFER: the page documents only 0 and -1
	case r.chunks+1 > maxChunksPerResponse:
		hr = hrArithmeticOverflow
	default:
		r.chunks++
		if position == 0 {
			r.entity = append([][]byte{chunk.FromMemory}, r.entity...)
		} else {
			r.entity = append(r.entity, chunk.FromMemory)
		}
		r.entityLen += len(chunk.FromMemory)
	}
	r.ctx.callf("WriteEntityChunkByReference", hr, len(chunk.FromMemory), func() string {
		return fmt.Sprintf("%d bytes at %d", len(chunk.FromMemory), position)
	})
	return hr
}

// SetErrorDescription stores a description of the error, for custom error
// pages (iis:ihttpresponse-seterrordescription-method).
func (r *httpResponse) SetErrorDescription(description string, shouldHTMLEncode bool) HRESULT {
	r.errorDescription = description
	r.ctx.callf("SetErrorDescription", S_OK, 0, func() string { return description })
	return S_OK
}

// GetErrorDescription returns what SetErrorDescription stored.
func (r *httpResponse) GetErrorDescription() string {
	r.ctx.answer("GetErrorDescription", "", strconv.Quote(r.errorDescription))
	return r.errorDescription
}

// DisableKernelCache keeps this response out of HTTP.sys's kernel cache.
func (r *httpResponse) DisableKernelCache(reason uint32) {
	r.kernelCacheDisabled = true
	r.ctx.callf("DisableKernelCache", S_OK, 0, func() string { return fmt.Sprint(reason) })
}

// GetKernelCacheEnabled is FALSE after DisableKernelCache. The emulator
// has no kernel cache; the flag is kept for modules that read it.
func (r *httpResponse) GetKernelCacheEnabled() bool {
	r.ctx.answer("GetKernelCacheEnabled", "", boolResult(!r.kernelCacheDisabled))
	return !r.kernelCacheDisabled
}

// RawHttpResponse is the Go form of HTTP_RESPONSE as GetRawHttpResponse
// returns it: a copy of the response as it stands (INFER: the C++ method
// returns the live structure; a copy keeps Go modules from racing the
// pipeline).
type RawHttpResponse struct {
	StatusCode uint16
	Reason     string
	Headers    []httpsys.Header
	Entity     [][]byte
}

// GetRawHttpResponse returns the response as it stands.
func (r *httpResponse) GetRawHttpResponse() *RawHttpResponse {
	raw := &RawHttpResponse{StatusCode: r.status.Code, Reason: r.status.Reason,
		Headers: append([]httpsys.Header(nil), r.headers...)}
	for _, e := range r.entity {
		raw.Entity = append(raw.Entity, append([]byte(nil), e...))
	}
	return raw
}
