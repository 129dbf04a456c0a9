package iis

// HttpHeaderID is HTTP_HEADER_ID for response headers (http.h).
type HttpHeaderID int

// Response header IDs, values as in http.h.
const (
	HttpHeaderCacheControl      HttpHeaderID = 0
	HttpHeaderConnection        HttpHeaderID = 1
	HttpHeaderDate              HttpHeaderID = 2
	HttpHeaderKeepAlive         HttpHeaderID = 3
	HttpHeaderPragma            HttpHeaderID = 4
	HttpHeaderTrailer           HttpHeaderID = 5
	HttpHeaderTransferEncoding  HttpHeaderID = 6
	HttpHeaderUpgrade           HttpHeaderID = 7
	HttpHeaderVia               HttpHeaderID = 8
	HttpHeaderWarning           HttpHeaderID = 9
	HttpHeaderAllow             HttpHeaderID = 10
	HttpHeaderContentLength     HttpHeaderID = 11
	HttpHeaderContentType       HttpHeaderID = 12
	HttpHeaderContentEncoding   HttpHeaderID = 13
	HttpHeaderContentLanguage   HttpHeaderID = 14
	HttpHeaderContentLocation   HttpHeaderID = 15
	HttpHeaderContentMd5        HttpHeaderID = 16
	HttpHeaderContentRange      HttpHeaderID = 17
	HttpHeaderExpires           HttpHeaderID = 18
	HttpHeaderLastModified      HttpHeaderID = 19
	HttpHeaderAcceptRanges      HttpHeaderID = 20
	HttpHeaderAge               HttpHeaderID = 21
	HttpHeaderEtag              HttpHeaderID = 22
	HttpHeaderLocation          HttpHeaderID = 23
	HttpHeaderProxyAuthenticate HttpHeaderID = 24
	HttpHeaderRetryAfter        HttpHeaderID = 25
	HttpHeaderServer            HttpHeaderID = 26
	HttpHeaderSetCookie         HttpHeaderID = 27
	HttpHeaderVary              HttpHeaderID = 28
	HttpHeaderWwwAuthenticate   HttpHeaderID = 29
	HttpHeaderResponseMaximum   HttpHeaderID = 30
)

var responseHeaderNames = [HttpHeaderResponseMaximum]string{
	"Cache-Control", "Connection", "Date", "Keep-Alive", "Pragma", "Trailer",
	"Transfer-Encoding", "Upgrade", "Via", "Warning", "Allow", "Content-Length",
	"Content-Type", "Content-Encoding", "Content-Language", "Content-Location",
	"Content-MD5", "Content-Range", "Expires", "Last-Modified", "Accept-Ranges",
	"Age", "ETag", "Location", "Proxy-Authenticate", "Retry-After", "Server",
	"Set-Cookie", "Vary", "WWW-Authenticate",
}

// Name returns the header name the ID stands for, or "" if out of range.
func (id HttpHeaderID) Name() string {
	if id < 0 || id >= HttpHeaderResponseMaximum {
		return ""
	}
	return responseHeaderNames[id]
}
