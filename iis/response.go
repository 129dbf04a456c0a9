package iis

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
)

// IHttpResponse is the response (iis:ihttpresponse-interface). Until the
// headers are flushed, status, headers and entity live in memory and any
// module may change them.
type IHttpResponse interface {
	// SetStatus is SetStatus(code, reason) with the C++ defaults for the
	// rest: substatus 0, S_OK, no exception, no skipping custom errors.
	SetStatus(code uint16, reason string) HRESULT
	// SetStatusEx takes every argument of the C++ method but the
	// configuration exception.
	SetStatusEx(code uint16, reason string, subStatus uint16, hrErrorToReport HRESULT, trySkipCustomErrors bool) HRESULT
	// GetStatus returns the status and who set it (ST-1).
	GetStatus() Status
	SetHeader(name, value string, replace bool) HRESULT
	// SetHeaderByID is the HTTP_HEADER_ID overload of SetHeader.
	SetHeaderByID(id HttpHeaderID, value string, replace bool) HRESULT
	GetHeader(name string) string
	DeleteHeader(name string) HRESULT
	Clear()
	ClearHeaders()
	// WriteEntityChunks appends entity (BUF-1..4). cbSent is the bytes
	// taken. With async, a call that completes at once reports
	// completionExpected FALSE.
	WriteEntityChunks(chunks []DataChunk, async, moreData bool) (cbSent uint32, completionExpected bool, hr HRESULT)
	// Flush sends the headers and buffered entity now (FL-1).
	Flush(async, moreData bool) (cbSent uint32, completionExpected bool, hr HRESULT)
	DisableBuffering()
	// SetNeedDisconnect closes the connection after the response (ND-1).
	SetNeedDisconnect()
	// ResetConnection resets the client's socket at once (RC-1).
	ResetConnection()
	// CloseConnection closes the connection with a reset (RC-8).
	CloseConnection()
	Redirect(url string, resetStatusCode, includeParameters bool) HRESULT
	SuppressHeaders()
	GetHeadersSuppressed() bool
	WriteEntityChunkByReference(chunk DataChunk, position int64) HRESULT
	SetErrorDescription(description string, shouldHTMLEncode bool) HRESULT
	GetErrorDescription() string
	DisableKernelCache(reason uint32)
	GetKernelCacheEnabled() bool
	GetRawHttpResponse() *RawHttpResponse
}

// Status is what GetStatus reports.
type Status struct {
	Code                uint16
	SubStatus           uint16
	Reason              string
	ErrorToReport       HRESULT
	TrySkipCustomErrors bool
	// Module and Notification say who set the status, and when.
	Module       string
	Notification RequestNotification
}

// DataChunkType is HTTP_DATA_CHUNK_TYPE; only memory chunks are emulated.
type DataChunkType int

// HttpDataChunkFromMemory is the only chunk type the emulator takes.
const HttpDataChunkFromMemory DataChunkType = 0

// DataChunk is the Go form of HTTP_DATA_CHUNK.
type DataChunk struct {
	DataChunkType DataChunkType
	FromMemory    []byte
}

// ChunkFromMemory is a memory chunk over b.
func ChunkFromMemory(b []byte) DataChunk { return DataChunk{FromMemory: b} }

// DefaultServerHeader is the Server value of IIS's responses (SD-1).
const DefaultServerHeader = "Microsoft-IIS/10.0"

// maxUSHORT bounds values the C++ API takes as USHORT lengths.
const maxUSHORT = 0xFFFF

// maxChunksPerResponse is BUF-4's limit.
const maxChunksPerResponse = 65535

// DefaultResponseBufferLimit is the handler's responseBufferLimit default
// (BUF-3).
const DefaultResponseBufferLimit = 4194304

// httpResponse is IHttpResponse. It is used by the request's pipeline
// goroutine only, except ResetConnection, which HTTP.sys serialises.
type httpResponse struct {
	ctx *httpContext

	status  Status
	headers []httpsys.Header
	entity  [][]byte // buffered entity, copied from the modules' chunks
	copied  *[]byte  // what the copies are in (entitybuf.go)
	// Room kept in the response's own allocation: the entity's first
	// chunks, the headers of a usual response, and what send hands
	// HTTP.sys.
	entitySlots  [2][]byte
	headerSlots  [6]httpsys.Header
	sysResponse  httpsys.Response
	sendProvider sendResponseProvider
	entityLen    int
	chunks       int // chunks written over the response's life (BUF-4)

	buffering      bool // BUF-1: on by default
	headersSent    bool // a flush has sent status and headers (FL-1)
	needDisconnect bool // SetNeedDisconnect (ND-1)
	reset          bool // ResetConnection or CloseConnection (RC-1, RC-8)
	inSend         bool // inside RQ_SEND_RESPONSE

	suppressed          bool // SuppressHeaders (SH-1)
	errorDescription    string
	kernelCacheDisabled bool
}

// init readies r, in its final place (the context's allocation: its
// headers and entity start in r's own slots), for ctx.
func (r *httpResponse) init(ctx *httpContext) {
	*r = httpResponse{ctx: ctx, buffering: true, status: defaultStatus()}
	r.headers = r.defaultHeaders()
	r.entity = r.entitySlots[:0]
}

func defaultStatus() Status { return Status{Code: 200, Reason: "OK"} }

// defaultHeaders is the header set a response starts with and ClearHeaders
// puts back (CL-2). IIS's own Server header (SD-1) is among them only when
// Decisions.DefaultServerHeaderAtSend is FALSE; otherwise the first send
// adds it (addDefaultServer, HD-3).
func (r *httpResponse) defaultHeaders() []httpsys.Header {
	if r.ctx.decisions.DefaultServerHeaderAtSend {
		return r.headerSlots[:0]
	}
	return append(r.headerSlots[:0], httpsys.Header{Name: "Server", Value: DefaultServerHeader})
}

// addDefaultServer puts IIS's Server value into the response when it is
// about to be sent for the first time and no module set one (HD-3, INFER
// on the moment): before RQ_SEND_RESPONSE fires, so that OnSendResponse
// sees it, as the SetHeader page's sample assumes.
func (r *httpResponse) addDefaultServer() {
	if r.ctx.decisions.DefaultServerHeaderAtSend && !r.headersSent && r.getHeader("Server") == "" {
		r.setHeader("Server", DefaultServerHeader, true)
	}
}

func (r *httpResponse) SetStatus(code uint16, reason string) HRESULT {
	return r.setStatus("SetStatus", code, reason, 0, S_OK, false)
}

func (r *httpResponse) SetStatusEx(code uint16, reason string, sub uint16, hrErr HRESULT, skip bool) HRESULT {
	return r.setStatus("SetStatusEx", code, reason, sub, hrErr, skip)
}

func (r *httpResponse) setStatus(method string, code uint16, reason string, sub uint16, hrErr HRESULT, skip bool) HRESULT {
	hr := S_OK
	switch {
	case len(reason) > maxUSHORT:
		hr = hrInvalidData // ST-1: reason too long
	case !httpsys.SafeFieldText(reason):
		hr = hrInvalidParameter // HD-5 (INFER): it would split the status line
	case r.headersSent:
		// HD-4 (INFER): after the headers went out the call succeeds and
		// changes nothing on the wire.
	default:
		r.status = Status{Code: code, SubStatus: sub, Reason: reason, ErrorToReport: hrErr,
			TrySkipCustomErrors: skip, Module: r.ctx.curModule, Notification: r.ctx.curNotification}
	}
	r.ctx.callf(method, hr, func() string { return fmt.Sprintf("%d %q", code, reason) })
	return hr
}

// GetStatus returns the status and who set it (ST-1).
func (r *httpResponse) GetStatus() Status {
	st := r.status
	if r.ctx.trace.on() {
		r.ctx.answer("GetStatus", "", fmt.Sprintf("%d.%d %q by %q in %v", st.Code, st.SubStatus, st.Reason, st.Module, st.Notification))
	}
	return st
}

// SetHeader sets or appends (HD-1): replace=false joins the new value to
// the old with a comma. A name or value with CR, LF or NUL is refused
// with ERROR_INVALID_PARAMETER (HD-5).
func (r *httpResponse) SetHeader(name, value string, replace bool) HRESULT {
	hr := r.putHeader(name, value, replace)
	r.ctx.callf("SetHeader", hr, func() string { return fmt.Sprintf("%s: %s replace=%t", name, value, replace) })
	return hr
}

// SetHeaderByID is SetHeader's HTTP_HEADER_ID overload. As the method page
// warns, setting Server this way appends to the existing value even when
// replace is TRUE (HD-3); with no Server value yet (a handler's call before
// the send adds IIS's own, Decisions.DefaultServerHeaderAtSend), it sets
// the only one, as ASP.NET Core's in-process server relies on.
func (r *httpResponse) SetHeaderByID(id HttpHeaderID, value string, replace bool) HRESULT {
	name := id.Name()
	hr := r.putHeader(name, value, replace && id != HttpHeaderServer)
	r.ctx.callf("SetHeader", hr, func() string {
		return fmt.Sprintf("%s(id %d): %s replace=%t", name, int(id), value, replace)
	})
	return hr
}

// putHeader checks a SetHeader call of either overload and applies it.
func (r *httpResponse) putHeader(name, value string, replace bool) HRESULT {
	switch {
	case name == "":
		return hrInvalidParameter
	case !httpsys.SafeFieldText(name) || !httpsys.SafeFieldText(value):
		// HD-5 (INFER): a CR, LF or NUL would split the response head;
		// the call fails with ERROR_INVALID_PARAMETER, one of the method
		// page's documented results, and changes nothing.
		return hrInvalidParameter
	case len(value) > maxUSHORT:
		return hrInvalidData
	case r.headersSent:
		// HD-4 (INFER): accepted, no effect on what was sent.
	default:
		r.setHeader(name, value, replace)
	}
	return S_OK
}

func (r *httpResponse) setHeader(name, value string, replace bool) {
	for i := range r.headers {
		if strings.EqualFold(r.headers[i].Name, name) {
			if replace || r.headers[i].Value == "" {
				r.headers[i].Value = value
			} else {
				r.headers[i].Value += "," + value
			}
			return
		}
	}
	r.headers = append(r.headers, httpsys.Header{Name: name, Value: value})
}

// GetHeader returns "" for an absent header (HD-2). The trace records the
// value it returned, quoted.
func (r *httpResponse) GetHeader(name string) string {
	v := r.getHeader(name)
	r.ctx.answer("GetHeader", name, strconv.Quote(v))
	return v
}

func (r *httpResponse) getHeader(name string) string {
	for _, h := range r.headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// DeleteHeader succeeds whether or not the header exists (HD-2).
func (r *httpResponse) DeleteHeader(name string) HRESULT {
	hr := S_OK
	if name == "" {
		hr = hrInvalidParameter
	} else if !r.headersSent {
		r.headers = deleteField(r.headers, name)
	}
	r.ctx.call("DeleteHeader", name, hr)
	return hr
}

// Clear empties the buffered entity and, following the method page's
// remarks (CL-1, INFER in scope), puts status and headers back to their
// defaults. After a flush it cannot change what the client already has
// (FL-1).
func (r *httpResponse) Clear() {
	r.entity, r.entityLen = r.entity[:0], 0
	if !r.headersSent && r.ctx.decisions.ClearResetsStatusAndHeaders {
		r.status = defaultStatus()
		r.headers = r.defaultHeaders()
	}
	r.ctx.call("Clear", "", S_OK)
}

// ClearHeaders removes every header and puts back the default set (CL-2).
func (r *httpResponse) ClearHeaders() {
	if !r.headersSent {
		r.headers = r.defaultHeaders()
	}
	r.ctx.call("ClearHeaders", "", S_OK)
}

// DisableBuffering makes later writes go out at once (BUF-2); inside
// RQ_SEND_RESPONSE it has no effect.
func (r *httpResponse) DisableBuffering() {
	if !r.inSend {
		r.buffering = false
	}
	r.ctx.call("DisableBuffering", "", S_OK)
}

// WriteEntityChunks copies the chunks into the response buffer (BUF-3).
// With buffering off, or once the buffer reaches the application's
// responseBufferLimit, it flushes by itself. After ResetConnection it still
// returns S_OK, and nothing reaches the client (RC-2).
func (r *httpResponse) WriteEntityChunks(chunks []DataChunk, async, moreData bool) (uint32, bool, HRESULT) {
	var taken uint32
	hr := S_OK
	switch {
	case chunks == nil:
		hr = hrInvalidParameter // BUF-4
	case r.chunks+len(chunks) > maxChunksPerResponse:
		hr = hrArithmeticOverflow // BUF-4
	default:
		for _, c := range chunks {
			if c.DataChunkType != HttpDataChunkFromMemory {
				hr = hrNotSupported
				break
			}
		}
	}
	if hr == S_OK && r.reset && r.ctx.faults.WriteAfterResetFails {
		hr = HRESULT_FROM_WIN32(httpsys.ErrorConnectionInvalid) // self-check fault
	}
	if hr == S_OK {
		r.chunks += len(chunks)
		for _, c := range chunks {
			if len(c.FromMemory) == 0 {
				continue
			}
			r.entity = append(r.entity, r.keep(c.FromMemory))
			r.entityLen += len(c.FromMemory)
			taken += uint32(len(c.FromMemory))
		}
	}
	r.ctx.callf("WriteEntityChunks", hr, func() string {
		return fmt.Sprintf("%d chunk(s), %d bytes", len(chunks), taken)
	})
	if hr == S_OK && !r.inSend && !r.reset && (!r.buffering || r.entityLen >= r.ctx.app.responseBufferLimit()) {
		// Inside RQ_SEND_RESPONSE, writes join the send under way (BUF-2).
		hr = r.send(false)
	}
	if async && hr == S_OK {
		r.ctx.completeAsync(taken, hr)
		return taken, true, hr
	}
	return taken, false, hr
}

// Flush sends the status line, headers and buffered entity now (FL-1). It
// fires RQ_SEND_RESPONSE (PIPE-6). After ResetConnection it returns S_OK and
// sends nothing (RC-6). Called from inside OnSendResponse it does nothing:
// the send under way carries the data (INFER, SR-NEST-1).
func (r *httpResponse) Flush(async, moreData bool) (uint32, bool, HRESULT) {
	n := r.entityLen
	hr := S_OK
	switch {
	case r.reset:
		// RC-6: nothing is sent, so no RQ_SEND_RESPONSE either (PIPE-6).
		r.entity, r.entityLen, n = r.entity[:0], 0, 0
	case !r.inSend:
		hr = r.send(false)
	}
	r.ctx.call("Flush", "", hr)
	if async && hr == S_OK {
		r.ctx.completeAsync(uint32(n), hr)
		return uint32(n), true, hr
	}
	return uint32(n), false, hr
}

// SetNeedDisconnect asks that the connection close after the response
// (ND-1); the close is orderly (ND-2, INFER).
func (r *httpResponse) SetNeedDisconnect() {
	r.needDisconnect = true
	r.ctx.call("SetNeedDisconnect", "", S_OK)
}

// ResetConnection resets the client's socket at once (RC-1): HTTP.sys
// cancels the request, the client gets RST, and nothing buffered is sent.
func (r *httpResponse) ResetConnection() {
	r.ctx.call("ResetConnection", "", S_OK)
	r.resetConnection()
}

// CloseConnection "closes the connection and sends a reset packet" (RC-8):
// observably the same as ResetConnection (INFER).
func (r *httpResponse) CloseConnection() {
	r.ctx.call("CloseConnection", "", S_OK)
	r.resetConnection()
}

func (r *httpResponse) resetConnection() {
	if r.reset {
		return
	}
	r.reset = true
	r.entity, r.entityLen = r.entity[:0], 0
	if r.ctx.faults.ResetIsOrderly {
		// Self-check fault: a wrong emulation that closes politely.
		r.needDisconnect = true
		r.reset = false
		return
	}
	r.ctx.connection.reset.Store(true)
	r.ctx.sys.Cancel() // SYS-CANCEL-1: RST now
}

// Redirect sends the client to url (RD-1): a 302 when resetStatusCode,
// a Location made absolute within the request's host, the query string
// appended when includeParameters. The entity buffered at the call is
// removed, as the method page's note says, and replaced by IIS's HTML
// message that the document moved, as text/html (RD-2, the shape of real
// IIS redirects); output written later is appended, since Redirect does
// not clear what comes after it (the page's other note; RD-3). After a
// flush it changes nothing and returns S_OK (INFER, as HD-4).
func (r *httpResponse) Redirect(url string, resetStatusCode, includeParameters bool) HRESULT {
	hr := S_OK
	switch {
	case url == "", !httpsys.SafeFieldText(url):
		hr = hrInvalidParameter // HD-5 (INFER): Location must not split the head
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
		r.setHeader("Content-Type", "text/html; charset=UTF-8", true)
		msg := []byte(RedirectBody(loc))
		r.entity, r.entityLen = append(r.entity[:0], msg), len(msg)
	}
	r.ctx.callf("Redirect", hr, func() string {
		return fmt.Sprintf("%s reset=%t params=%t", url, resetStatusCode, includeParameters)
	})
	return hr
}

// RedirectBody is the entity of IIS's redirects (RD-2): captures of IIS
// 7.5, 8.0 and 10 redirects carry this text, their Content-Length matching
// it byte for byte, with loc, the Location, in the link.
func RedirectBody(loc string) string {
	return "<head><title>Document Moved</title></head>\n<body><h1>Object Moved</h1>This document may be found <a HREF=\"" + loc + "\">here</a></body>"
}

// SuppressHeaders keeps status and headers readable by modules but sends
// only the entity (SH-1).
func (r *httpResponse) SuppressHeaders() {
	r.suppressed = true
	r.ctx.call("SuppressHeaders", "", S_OK)
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
	r.ctx.callf("WriteEntityChunkByReference", hr, func() string {
		return fmt.Sprintf("%d bytes at %d", len(chunk.FromMemory), position)
	})
	return hr
}

// SetErrorDescription stores a description of the error, for custom error
// pages (iis:ihttpresponse-seterrordescription-method).
func (r *httpResponse) SetErrorDescription(description string, shouldHTMLEncode bool) HRESULT {
	r.errorDescription = description
	r.ctx.callf("SetErrorDescription", S_OK, func() string { return description })
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
	r.ctx.callf("DisableKernelCache", S_OK, func() string { return fmt.Sprint(reason) })
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

var _ IHttpResponse = (*httpResponse)(nil)
