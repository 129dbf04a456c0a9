package iis

import (
	"io"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
)

// IHttpRequest is the request (iis:ihttprequest-interface).
type IHttpRequest interface {
	// GetHttpMethod returns the verb, e.g. "GET".
	GetHttpMethod() string
	// GetHeader returns the named header's value, "" when absent.
	GetHeader(name string) string
	// GetRawHttpRequest is the Go form of the HTTP_REQUEST structure.
	GetRawHttpRequest() *RawHttpRequest
	// ReadEntityBody reads request entity into buf. At the end it returns
	// HRESULT_FROM_WIN32(ERROR_HANDLE_EOF) with 0 bytes; a body cut short
	// gives ERROR_CONNECTION_INVALID (RB-1). With async, the read completes
	// at once and reaches the module through OnAsyncCompletion once it
	// returns RQ_NOTIFICATION_PENDING (ASYNC-1).
	ReadEntityBody(buf []byte, async bool) (cbReceived int, completionPending bool, hr HRESULT)
	// GetRemainingEntityBytes is the count of entity bytes not yet read,
	// when the request declared a Content-Length (0 for chunked).
	GetRemainingEntityBytes() int64
	// SetUrl changes the URL later processing and the log see
	// (request_change.go, RQ-SET-1).
	SetUrl(url string, resetQueryString bool) HRESULT
	// SetHttpMethod changes the verb later processing and the log see.
	SetHttpMethod(verb string) HRESULT
	// SetHeader sets a request header, or appends to it with a comma.
	SetHeader(name, value string, replace bool) HRESULT
	// DeleteHeader removes a request header; S_OK whether or not it exists.
	DeleteHeader(name string) HRESULT
}

// RawHttpRequest is the Go form of HTTP_REQUEST: what HTTP.sys parsed.
type RawHttpRequest struct {
	Verb        string
	RawURL      string // as sent
	AbsPath     string // CookedUrl.pAbsPath
	QueryString string // CookedUrl.pQueryString, with its "?"
	Version     string // "HTTP/1.1"
	Headers     []httpsys.Header
	RemoteAddr  string
	LocalAddr   string
}

// httpRequest is IHttpRequest. It copies what HTTP.sys parsed when the
// request starts: the httpsys.Request's buffers are reused once the final
// send is done, and modules may still look at the request after that.
type httpRequest struct {
	sys *httpsys.Request
	raw RawHttpRequest
	ctx *httpContext

	// What later processing sees: raw's values until a module changes
	// them (SetUrl, SetHttpMethod, SetHeader, DeleteHeader); raw keeps
	// what the client sent.
	verb, path, query string
	headers           []httpsys.Header
	ownHeaders        bool // headers is a copy of its own, not raw's

	fieldSlots [12]httpsys.Header // raw's headers, when they fit
}

// init readies q, in its final place (the context's allocation: raw's
// headers start in q's own slots), for the request r.
func (q *httpRequest) init(ctx *httpContext, r *httpsys.Request) {
	snap := r.SnapshotInto(q.fieldSlots[:0])
	target := snap.Target
	path, query := target, ""
	if i := strings.IndexByte(target, '?'); i >= 0 {
		path, query = target[:i], target[i:]
	}
	path = absPath(path)
	q.sys, q.ctx, q.raw = r, ctx, RawHttpRequest{
		Verb: snap.Method, RawURL: target, AbsPath: path, QueryString: query,
		Version: r.Proto(), Headers: snap.Fields, RemoteAddr: r.RemoteAddr(), LocalAddr: r.LocalAddr(),
	}
	q.verb, q.path, q.query, q.headers, q.ownHeaders = snap.Method, path, query, snap.Fields, false
}

// absPath is the path of a request target's path part: an absolute-form
// target (http://host/path, RFC 9112 section 3.2.2) has it after the
// authority, as CookedUrl.pAbsPath has (the raw URL keeps the form sent).
func absPath(path string) string {
	for _, scheme := range []string{"http://", "https://"} {
		if len(path) >= len(scheme) && strings.EqualFold(path[:len(scheme)], scheme) {
			rest := path[len(scheme):]
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				return rest[i:]
			}
			return "/"
		}
	}
	return path
}

func (r *httpRequest) GetHttpMethod() string { return r.verb }

func (r *httpRequest) GetHeader(name string) string {
	for _, h := range r.headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func (r *httpRequest) GetRawHttpRequest() *RawHttpRequest { return &r.raw }

// ReadEntityBody reads from HTTP.sys. It ends with ERROR_HANDLE_EOF, as
// HttpReceiveRequestEntityBody does.
//
// RE-1: every call that reads or reaches the end raises RQ_READ_ENTITY,
// even when no entity is left, so that a module can insert an entity into
// a request that has none (the note on iis:ireadentityprovider-interface).
// An entity a module sets at the end is returned with S_OK instead of
// ERROR_HANDLE_EOF (INFER). A read that failed raises nothing.
func (r *httpRequest) ReadEntityBody(buf []byte, async bool) (int, bool, HRESULT) {
	if len(buf) == 0 {
		return 0, false, hrInvalidParameter
	}
	n, err := r.sys.ReadEntityBody(buf)
	hr := S_OK
	eof := hrEOF()
	switch {
	case err == io.EOF && n == 0:
		hr = eof
	case err != nil && err != io.EOF:
		hr = hrFromErr(err)
	}
	if hr == S_OK || hr == eof {
		p := &readEntityProvider{entity: buf[:n]}
		r.ctx.notifyUnordered(RQ_READ_ENTITY, p)
		switch {
		case len(p.entity) > len(buf):
			hr = HRESULT_FROM_WIN32(httpsys.ErrorInsufficientBuffer)
		case len(p.entity) > 0:
			hr = S_OK // also at the end: a module inserted entity
		}
		n = copy(buf, p.entity)
	}
	r.ctx.call("ReadEntityBody", "", hr)
	if async && hr == S_OK {
		r.ctx.completeAsync(uint32(n), hr)
		return n, true, hr
	}
	return n, false, hr
}

// hrEOF is ReadEntityBody's answer at the end of the entity.
func hrEOF() HRESULT { return HRESULT_FROM_WIN32(httpsys.ErrorHandleEOF) }

func (r *httpRequest) GetRemainingEntityBytes() int64 {
	return r.sys.RemainingEntityBytes()
}

var _ IHttpRequest = (*httpRequest)(nil)
