package iis

import "github.com/iisemu/iisemu/httpsys"

// IHttpContext is the request's context (iis:ihttpcontext-interface).
type IHttpContext interface {
	GetRequest() IHttpRequest
	GetResponse() IHttpResponse
	GetConnection() IHttpConnection
	// IndicateCompletion resumes a request whose module returned
	// RQ_NOTIFICATION_PENDING, with the given status, without calling the
	// module again (PIPE-PEND-1).
	IndicateCompletion(RequestNotificationStatus)
	// PostCompletion resumes a pending request by calling the module's
	// OnAsyncCompletion; its return value counts (PIPE-PEND-1).
	PostCompletion(cbBytes uint32) HRESULT
	// GetModuleContextContainer holds per-request module state; each stored
	// context is cleaned up when the request ends.
	GetModuleContextContainer() IHttpModuleContextContainer
	DisableNotifications(mask, postMask RequestNotification)
	SetRequestHandled()
	GetResponseHeadersSent() bool
	GetIsLastNotification(status RequestNotificationStatus) bool
	GetNextNotification(status RequestNotificationStatus) (n RequestNotification, post bool, ok bool)
	CancelIo() HRESULT
	// MapPath maps a URL to a physical path, raising RQ_MAP_PATH.
	MapPath(url string) (string, HRESULT)
	// NotifyCustomNotification raises RQ_CUSTOM_NOTIFICATION.
	NotifyCustomNotification(p ICustomNotificationProvider) (completionExpected bool, hr HRESULT)
}

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

// IHttpConnection is the client connection (iis:ihttpconnection-interface).
type IHttpConnection interface {
	// IsConnected is FALSE once the connection has been reset (RC-6) or the
	// client has gone (DISC-1).
	IsConnected() bool
	// GetModuleContextContainer holds per-connection module state.
	GetModuleContextContainer() IHttpModuleContextContainer
}

// IHttpEventProvider is the notification's provider argument.
type IHttpEventProvider interface {
	// SetErrorStatus records an error for the notification.
	SetErrorStatus(HRESULT)
}

// ISendResponseProvider is the provider of RQ_SEND_RESPONSE
// (iis:isendresponseprovider-interface).
type ISendResponseProvider interface {
	IHttpEventProvider
	// GetFlags returns the HTTP_SEND_RESPONSE_FLAG_* of this send.
	GetFlags() httpsys.SendFlags
	// SetFlags replaces them.
	SetFlags(httpsys.SendFlags)
	// GetHeadersBeingSent reports whether this send carries the headers.
	GetHeadersBeingSent() bool
	// GetReadyToLogData is TRUE on the final send: the request is done and
	// its log data is ready (PIPE-7).
	GetReadyToLogData() bool
}

// AsyncCompletionHandler is CHttpModule::OnAsyncCompletion, called when a
// pending request is resumed with PostCompletion.
type AsyncCompletionHandler interface {
	OnAsyncCompletion(IHttpContext, RequestNotification, bool, IHttpEventProvider, IHttpCompletionInfo) RequestNotificationStatus
}

// IHttpCompletionInfo describes a completed asynchronous operation.
type IHttpCompletionInfo interface {
	GetCompletionBytes() uint32
	GetCompletionStatus() HRESULT
}
