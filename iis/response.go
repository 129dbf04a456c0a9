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

	status    Status
	headers   []httpsys.Header
	entity    [][]byte // buffered entity, copied from the modules' chunks
	entityLen int
	chunks    int // chunks written over the response's life (BUF-4)

	buffering      bool // BUF-1: on by default
	headersSent    bool // a flush has sent status and headers (FL-1)
	needDisconnect bool // SetNeedDisconnect (ND-1)
	reset          bool // ResetConnection or CloseConnection (RC-1, RC-8)
	inSend         bool // inside RQ_SEND_RESPONSE

	suppressed          bool // SuppressHeaders (SH-1)
	errorDescription    string
	kernelCacheDisabled bool
}

func newHTTPResponse(ctx *httpContext) httpResponse {
	return httpResponse{ctx: ctx, buffering: true, status: defaultStatus(), headers: defaultHeaders()}
}

func defaultStatus() Status { return Status{Code: 200, Reason: "OK"} }

// defaultHeaders is the header set a response starts with and ClearHeaders
// puts back (CL-2): IIS's own Server header (SD-1).
func defaultHeaders() []httpsys.Header {
	return []httpsys.Header{{Name: "Server", Value: DefaultServerHeader}}
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
	case r.headersSent:
		// HD-4 (INFER): after the headers went out the call succeeds and
		// changes nothing on the wire.
	default:
		r.status = Status{Code: code, SubStatus: sub, Reason: reason, ErrorToReport: hrErr,
			TrySkipCustomErrors: skip, Module: r.ctx.curModule, Notification: r.ctx.curNotification}
	}
	r.ctx.callf(method, hr, 0, func() string { return fmt.Sprintf("%d %q", code, reason) })
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
// the old with a comma.
func (r *httpResponse) SetHeader(name, value string, replace bool) HRESULT {
	hr := r.putHeader(name, value, replace)
	r.ctx.callf("SetHeader", hr, 0, func() string { return fmt.Sprintf("%s: %s replace=%t", name, value, replace) })
	return hr
}

// putHeader checks a SetHeader call of either overload and applies it.
func (r *httpResponse) putHeader(name, value string, replace bool) HRESULT {
	switch {
	case name == "":
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
		kept := r.headers[:0]
		for _, h := range r.headers {
			if !strings.EqualFold(h.Name, name) {
				kept = append(kept, h)
			}
		}
		r.headers = kept
	}
	r.ctx.call("DeleteHeader", name, hr, 0)
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
		r.headers = defaultHeaders()
	}
	r.ctx.call("Clear", "", S_OK, 0)
}

// ClearHeaders removes every header and puts back the default set (CL-2).
func (r *httpResponse) ClearHeaders() {
	if !r.headersSent {
		r.headers = defaultHeaders()
	}
	r.ctx.call("ClearHeaders", "", S_OK, 0)
}

// DisableBuffering makes later writes go out at once (BUF-2); inside
// RQ_SEND_RESPONSE it has no effect.
func (r *httpResponse) DisableBuffering() {
	if !r.inSend {
		r.buffering = false
	}
	r.ctx.call("DisableBuffering", "", S_OK, 0)
}

var _ IHttpResponse = (*httpResponse)(nil)
