package iis

import "math/bits"

// HttpModule is a request-level module instance: the Go form of
// CHttpModule. Its factory makes one per request; Dispose is called when
// the request ends (PIPE-4). A module handles a notification by having the
// method of the matching handler interface below (BeginRequestHandler and
// so on); registering for a notification it has no method for is refused.
type HttpModule interface {
	Dispose()
}

// IHttpModuleFactory makes module instances: GetHttpModule once per
// request, Terminate once at shutdown (PIPE-4).
type IHttpModuleFactory interface {
	GetHttpModule() (HttpModule, HRESULT)
	Terminate()
}

// ModuleFactory is the usual IHttpModuleFactory: New makes each instance.
// Because its type names the module type, registration can check the
// module's handlers without making an instance.
type ModuleFactory[T HttpModule] struct {
	New         func() T
	OnTerminate func()
}

// GetHttpModule calls New.
func (f *ModuleFactory[T]) GetHttpModule() (HttpModule, HRESULT) { return f.New(), S_OK }

// Terminate calls OnTerminate, if set.
func (f *ModuleFactory[T]) Terminate() {
	if f.OnTerminate != nil {
		f.OnTerminate()
	}
}

func (f *ModuleFactory[T]) prototype() HttpModule {
	var zero T
	return zero
}

// NewModuleFactory is shorthand for &ModuleFactory[T]{New: newModule}.
func NewModuleFactory[T HttpModule](newModule func() T) *ModuleFactory[T] {
	return &ModuleFactory[T]{New: newModule}
}

// The handler interfaces, one per notification and post-notification.
// Method names and arguments follow CHttpModule.
type (
	BeginRequestHandler interface {
		OnBeginRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostBeginRequestHandler interface {
		OnPostBeginRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	AuthenticateRequestHandler interface {
		OnAuthenticateRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostAuthenticateRequestHandler interface {
		OnPostAuthenticateRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	AuthorizeRequestHandler interface {
		OnAuthorizeRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostAuthorizeRequestHandler interface {
		OnPostAuthorizeRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	ResolveRequestCacheHandler interface {
		OnResolveRequestCache(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostResolveRequestCacheHandler interface {
		OnPostResolveRequestCache(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	MapRequestHandlerHandler interface {
		OnMapRequestHandler(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostMapRequestHandlerHandler interface {
		OnPostMapRequestHandler(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	AcquireRequestStateHandler interface {
		OnAcquireRequestState(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostAcquireRequestStateHandler interface {
		OnPostAcquireRequestState(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PreExecuteRequestHandlerHandler interface {
		OnPreExecuteRequestHandler(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostPreExecuteRequestHandlerHandler interface {
		OnPostPreExecuteRequestHandler(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	ExecuteRequestHandlerHandler interface {
		OnExecuteRequestHandler(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostExecuteRequestHandlerHandler interface {
		OnPostExecuteRequestHandler(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	ReleaseRequestStateHandler interface {
		OnReleaseRequestState(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostReleaseRequestStateHandler interface {
		OnPostReleaseRequestState(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	UpdateRequestCacheHandler interface {
		OnUpdateRequestCache(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostUpdateRequestCacheHandler interface {
		OnPostUpdateRequestCache(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	LogRequestHandler interface {
		OnLogRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostLogRequestHandler interface {
		OnPostLogRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	EndRequestHandler interface {
		OnEndRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	PostEndRequestHandler interface {
		OnPostEndRequest(IHttpContext, IHttpEventProvider) RequestNotificationStatus
	}
	SendResponseHandler interface {
		OnSendResponse(IHttpContext, ISendResponseProvider) RequestNotificationStatus
	}
)

// AsyncCompletionHandler is CHttpModule::OnAsyncCompletion, called when a
// pending request is resumed with PostCompletion.
type AsyncCompletionHandler interface {
	OnAsyncCompletion(IHttpContext, RequestNotification, bool, IHttpEventProvider, IHttpCompletionInfo) RequestNotificationStatus
}

// IHttpEventProvider is the notification's provider argument.
type IHttpEventProvider interface {
	// SetErrorStatus records an error for the notification.
	SetErrorStatus(HRESULT)
}

// eventProvider is IHttpEventProvider for the ordered notifications.
type eventProvider struct{ errorStatus HRESULT }

func (p *eventProvider) SetErrorStatus(hr HRESULT) { p.errorStatus = hr }

// IHttpCompletionInfo describes a completed asynchronous operation.
type IHttpCompletionInfo interface {
	GetCompletionBytes() uint32
	GetCompletionStatus() HRESULT
}

// completionInfo is IHttpCompletionInfo for PostCompletion.
type completionInfo struct {
	bytes uint32
	hr    HRESULT
}

func (i completionInfo) GetCompletionBytes() uint32   { return i.bytes }
func (i completionInfo) GetCompletionStatus() HRESULT { return i.hr }

var (
	_ IHttpEventProvider  = (*eventProvider)(nil)
	_ IHttpCompletionInfo = completionInfo{}
)

// stageMethod pairs a notification with its module methods: their names,
// whether a module has them, and a call that allocates nothing.
type stageMethod struct {
	pre, post string
	has       func(m HttpModule, post bool) bool
	call      func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus
}

// stageMethods is the only place that pairs a notification with its
// module methods: their names, whether a module has them, and the call.
// The assertions are written out, not generic, so that each gets Go's
// per-call-site assertion cache on the hot path.
var stageMethods = map[RequestNotification]stageMethod{
	RQ_BEGIN_REQUEST: {"OnBeginRequest", "OnPostBeginRequest",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostBeginRequestHandler)
				return ok
			}
			_, ok := m.(BeginRequestHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostBeginRequestHandler).OnPostBeginRequest(c, p)
			}
			return m.(BeginRequestHandler).OnBeginRequest(c, p)
		}},
	RQ_AUTHENTICATE_REQUEST: {"OnAuthenticateRequest", "OnPostAuthenticateRequest",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostAuthenticateRequestHandler)
				return ok
			}
			_, ok := m.(AuthenticateRequestHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostAuthenticateRequestHandler).OnPostAuthenticateRequest(c, p)
			}
			return m.(AuthenticateRequestHandler).OnAuthenticateRequest(c, p)
		}},
	RQ_AUTHORIZE_REQUEST: {"OnAuthorizeRequest", "OnPostAuthorizeRequest",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostAuthorizeRequestHandler)
				return ok
			}
			_, ok := m.(AuthorizeRequestHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostAuthorizeRequestHandler).OnPostAuthorizeRequest(c, p)
			}
			return m.(AuthorizeRequestHandler).OnAuthorizeRequest(c, p)
		}},
	RQ_RESOLVE_REQUEST_CACHE: {"OnResolveRequestCache", "OnPostResolveRequestCache",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostResolveRequestCacheHandler)
				return ok
			}
			_, ok := m.(ResolveRequestCacheHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostResolveRequestCacheHandler).OnPostResolveRequestCache(c, p)
			}
			return m.(ResolveRequestCacheHandler).OnResolveRequestCache(c, p)
		}},
	RQ_MAP_REQUEST_HANDLER: {"OnMapRequestHandler", "OnPostMapRequestHandler",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostMapRequestHandlerHandler)
				return ok
			}
			_, ok := m.(MapRequestHandlerHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostMapRequestHandlerHandler).OnPostMapRequestHandler(c, p)
			}
			return m.(MapRequestHandlerHandler).OnMapRequestHandler(c, p)
		}},
	RQ_ACQUIRE_REQUEST_STATE: {"OnAcquireRequestState", "OnPostAcquireRequestState",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostAcquireRequestStateHandler)
				return ok
			}
			_, ok := m.(AcquireRequestStateHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostAcquireRequestStateHandler).OnPostAcquireRequestState(c, p)
			}
			return m.(AcquireRequestStateHandler).OnAcquireRequestState(c, p)
		}},
	RQ_PRE_EXECUTE_REQUEST_HANDLER: {"OnPreExecuteRequestHandler", "OnPostPreExecuteRequestHandler",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostPreExecuteRequestHandlerHandler)
				return ok
			}
			_, ok := m.(PreExecuteRequestHandlerHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostPreExecuteRequestHandlerHandler).OnPostPreExecuteRequestHandler(c, p)
			}
			return m.(PreExecuteRequestHandlerHandler).OnPreExecuteRequestHandler(c, p)
		}},
	RQ_EXECUTE_REQUEST_HANDLER: {"OnExecuteRequestHandler", "OnPostExecuteRequestHandler",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostExecuteRequestHandlerHandler)
				return ok
			}
			_, ok := m.(ExecuteRequestHandlerHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostExecuteRequestHandlerHandler).OnPostExecuteRequestHandler(c, p)
			}
			return m.(ExecuteRequestHandlerHandler).OnExecuteRequestHandler(c, p)
		}},
	RQ_RELEASE_REQUEST_STATE: {"OnReleaseRequestState", "OnPostReleaseRequestState",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostReleaseRequestStateHandler)
				return ok
			}
			_, ok := m.(ReleaseRequestStateHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostReleaseRequestStateHandler).OnPostReleaseRequestState(c, p)
			}
			return m.(ReleaseRequestStateHandler).OnReleaseRequestState(c, p)
		}},
	RQ_UPDATE_REQUEST_CACHE: {"OnUpdateRequestCache", "OnPostUpdateRequestCache",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostUpdateRequestCacheHandler)
				return ok
			}
			_, ok := m.(UpdateRequestCacheHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostUpdateRequestCacheHandler).OnPostUpdateRequestCache(c, p)
			}
			return m.(UpdateRequestCacheHandler).OnUpdateRequestCache(c, p)
		}},
	RQ_LOG_REQUEST: {"OnLogRequest", "OnPostLogRequest",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostLogRequestHandler)
				return ok
			}
			_, ok := m.(LogRequestHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostLogRequestHandler).OnPostLogRequest(c, p)
			}
			return m.(LogRequestHandler).OnLogRequest(c, p)
		}},
	RQ_END_REQUEST: {"OnEndRequest", "OnPostEndRequest",
		func(m HttpModule, post bool) bool {
			if post {
				_, ok := m.(PostEndRequestHandler)
				return ok
			}
			_, ok := m.(EndRequestHandler)
			return ok
		},
		func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			if post {
				return m.(PostEndRequestHandler).OnPostEndRequest(c, p)
			}
			return m.(EndRequestHandler).OnEndRequest(c, p)
		}},
	// The unordered notifications have no post-notification; each has its
	// own provider.
	RQ_READ_ENTITY: {"OnReadEntity", "",
		func(m HttpModule, post bool) bool {
			_, ok := m.(ReadEntityHandler)
			return ok && !post
		},
		func(m HttpModule, _ bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			return m.(ReadEntityHandler).OnReadEntity(c, p.(IReadEntityProvider))
		}},
	RQ_MAP_PATH: {"OnMapPath", "",
		func(m HttpModule, post bool) bool {
			_, ok := m.(MapPathHandler)
			return ok && !post
		},
		func(m HttpModule, _ bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			return m.(MapPathHandler).OnMapPath(c, p.(IMapPathProvider))
		}},
	RQ_CUSTOM_NOTIFICATION: {"OnCustomRequestNotification", "",
		func(m HttpModule, post bool) bool {
			_, ok := m.(CustomRequestNotificationHandler)
			return ok && !post
		},
		func(m HttpModule, _ bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			return m.(CustomRequestNotificationHandler).OnCustomRequestNotification(c, p.(ICustomNotificationProvider))
		}},
	RQ_SEND_RESPONSE: {"OnSendResponse", "",
		func(m HttpModule, post bool) bool {
			_, ok := m.(SendResponseHandler)
			return ok && !post
		},
		func(m HttpModule, _ bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
			return m.(SendResponseHandler).OnSendResponse(c, p.(ISendResponseProvider))
		}},
}

// stageIndex is n's bit position, the index of stageTable and of an
// application's run orders.
func stageIndex(n RequestNotification) int { return bits.TrailingZeros32(uint32(n)) }

// stageTable is stageMethods indexed by stageIndex, for the hot path.
var stageTable = func() (t [32]stageMethod) {
	for n, m := range stageMethods {
		t[stageIndex(n)] = m
	}
	return t
}()

// implements reports whether a module of the prototype's type has the
// method for n. A typed nil prototype is enough: method sets are static.
func implements(proto HttpModule, n RequestNotification, post bool) (string, bool) {
	p, ok := stageMethods[n]
	if !ok {
		return "", false
	}
	name := p.pre
	if post {
		name = p.post
	}
	if proto == nil {
		return name, false
	}
	return name, p.has(proto, post)
}
