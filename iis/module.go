package iis

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

// handlerFunc is a module's method for one notification, bound.
type handlerFunc func(IHttpContext, IHttpEventProvider) RequestNotificationStatus

type stageMethod struct {
	pre, post string
	get       func(HttpModule, bool) handlerFunc
}

func pick[Pre, Post any](m HttpModule, post bool, pre func(Pre) handlerFunc, postf func(Post) handlerFunc) handlerFunc {
	if post {
		if h, ok := m.(Post); ok {
			return postf(h)
		}
		return nil
	}
	if h, ok := m.(Pre); ok {
		return pre(h)
	}
	return nil
}

var stageMethods = map[RequestNotification]stageMethod{
	RQ_BEGIN_REQUEST: {"OnBeginRequest", "OnPostBeginRequest", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h BeginRequestHandler) handlerFunc { return h.OnBeginRequest },
			func(h PostBeginRequestHandler) handlerFunc { return h.OnPostBeginRequest })
	}},
	RQ_AUTHENTICATE_REQUEST: {"OnAuthenticateRequest", "OnPostAuthenticateRequest", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h AuthenticateRequestHandler) handlerFunc { return h.OnAuthenticateRequest },
			func(h PostAuthenticateRequestHandler) handlerFunc { return h.OnPostAuthenticateRequest })
	}},
	RQ_AUTHORIZE_REQUEST: {"OnAuthorizeRequest", "OnPostAuthorizeRequest", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h AuthorizeRequestHandler) handlerFunc { return h.OnAuthorizeRequest },
			func(h PostAuthorizeRequestHandler) handlerFunc { return h.OnPostAuthorizeRequest })
	}},
	RQ_RESOLVE_REQUEST_CACHE: {"OnResolveRequestCache", "OnPostResolveRequestCache", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h ResolveRequestCacheHandler) handlerFunc { return h.OnResolveRequestCache },
			func(h PostResolveRequestCacheHandler) handlerFunc { return h.OnPostResolveRequestCache })
	}},
	RQ_MAP_REQUEST_HANDLER: {"OnMapRequestHandler", "OnPostMapRequestHandler", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h MapRequestHandlerHandler) handlerFunc { return h.OnMapRequestHandler },
			func(h PostMapRequestHandlerHandler) handlerFunc { return h.OnPostMapRequestHandler })
	}},
	RQ_ACQUIRE_REQUEST_STATE: {"OnAcquireRequestState", "OnPostAcquireRequestState", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h AcquireRequestStateHandler) handlerFunc { return h.OnAcquireRequestState },
			func(h PostAcquireRequestStateHandler) handlerFunc { return h.OnPostAcquireRequestState })
	}},
	RQ_PRE_EXECUTE_REQUEST_HANDLER: {"OnPreExecuteRequestHandler", "OnPostPreExecuteRequestHandler", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h PreExecuteRequestHandlerHandler) handlerFunc { return h.OnPreExecuteRequestHandler },
			func(h PostPreExecuteRequestHandlerHandler) handlerFunc { return h.OnPostPreExecuteRequestHandler })
	}},
	RQ_EXECUTE_REQUEST_HANDLER: {"OnExecuteRequestHandler", "OnPostExecuteRequestHandler", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h ExecuteRequestHandlerHandler) handlerFunc { return h.OnExecuteRequestHandler },
			func(h PostExecuteRequestHandlerHandler) handlerFunc { return h.OnPostExecuteRequestHandler })
	}},
	RQ_RELEASE_REQUEST_STATE: {"OnReleaseRequestState", "OnPostReleaseRequestState", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h ReleaseRequestStateHandler) handlerFunc { return h.OnReleaseRequestState },
			func(h PostReleaseRequestStateHandler) handlerFunc { return h.OnPostReleaseRequestState })
	}},
	RQ_UPDATE_REQUEST_CACHE: {"OnUpdateRequestCache", "OnPostUpdateRequestCache", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h UpdateRequestCacheHandler) handlerFunc { return h.OnUpdateRequestCache },
			func(h PostUpdateRequestCacheHandler) handlerFunc { return h.OnPostUpdateRequestCache })
	}},
	RQ_LOG_REQUEST: {"OnLogRequest", "OnPostLogRequest", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h LogRequestHandler) handlerFunc { return h.OnLogRequest },
			func(h PostLogRequestHandler) handlerFunc { return h.OnPostLogRequest })
	}},
	RQ_END_REQUEST: {"OnEndRequest", "OnPostEndRequest", func(m HttpModule, post bool) handlerFunc {
		return pick(m, post, func(h EndRequestHandler) handlerFunc { return h.OnEndRequest },
			func(h PostEndRequestHandler) handlerFunc { return h.OnPostEndRequest })
	}},
	RQ_SEND_RESPONSE: {"OnSendResponse", "", func(m HttpModule, post bool) handlerFunc {
		if h, ok := m.(SendResponseHandler); ok && !post {
			return func(c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
				return h.OnSendResponse(c, p.(ISendResponseProvider))
			}
		}
		return nil
	}},
}

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
	return name, p.get(proto, post) != nil
}
