package iis

import (
	"io"
	"strings"

	"github.com/iisemu/iisemu/httpsys"
)

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
	return httpRequest{sys: r, ctx: ctx, raw: RawHttpRequest{
		Verb: snap.Method, RawURL: target, AbsPath: path, QueryString: query,
		Version: r.Proto(), Headers: snap.Fields, RemoteAddr: r.RemoteAddr(), LocalAddr: r.LocalAddr(),
	}}
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
	r.ctx.call("ReadEntityBody", "", hr, n)
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
