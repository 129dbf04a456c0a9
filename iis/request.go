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
}

func newHTTPRequest(ctx *httpContext, r *httpsys.Request) httpRequest {
	snap := r.Snapshot()
	target := snap.Target
	path, query := target, ""
	if i := strings.IndexByte(target, '?'); i >= 0 {
		path, query = target[:i], target[i:]
	}
	path = absPath(path)
	return httpRequest{sys: r, ctx: ctx, raw: RawHttpRequest{
		Verb: snap.Method, RawURL: target, AbsPath: path, QueryString: query,
		Version: r.Proto(), Headers: snap.Fields, RemoteAddr: r.RemoteAddr(), LocalAddr: r.LocalAddr(),
	}}
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

func (r *httpRequest) GetHttpMethod() string { return r.raw.Verb }

func (r *httpRequest) GetHeader(name string) string {
	for _, h := range r.raw.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func (r *httpRequest) GetRawHttpRequest() *RawHttpRequest { return &r.raw }

// ReadEntityBody reads from HTTP.sys. It ends with ERROR_HANDLE_EOF, as
// HttpReceiveRequestEntityBody does.
func (r *httpRequest) ReadEntityBody(buf []byte, async bool) (int, bool, HRESULT) {
	if len(buf) == 0 {
		return 0, false, hrInvalidParameter
	}
	n, err := r.sys.ReadEntityBody(buf)
	hr := S_OK
	switch {
	case err == io.EOF && n == 0:
		hr = HRESULT_FROM_WIN32(httpsys.ErrorHandleEOF)
	case err != nil && err != io.EOF:
		hr = hrFromErr(err)
	}
	if hr == S_OK && n > 0 {
		// RQ_READ_ENTITY: modules see, and may replace, what was read.
		p := &readEntityProvider{entity: buf[:n]}
		r.ctx.notifyUnordered(RQ_READ_ENTITY, p)
		if len(p.entity) > len(buf) {
			hr = HRESULT_FROM_WIN32(httpsys.ErrorInsufficientBuffer)
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

func (r *httpRequest) GetRemainingEntityBytes() int64 {
	return r.sys.RemainingEntityBytes()
}

var _ IHttpRequest = (*httpRequest)(nil)
