package iis

import "math/bits"

// HttpModule is a request-level module instance: the Go form of
// CHttpModule. Its factory makes one per request; Dispose is called when
// the request ends (PIPE-4). A module handles a notification by having the
// method of the matching handler interface (BeginRequestHandler and so on,
// in handlers_gen.go); registering for a notification it has no method for
// is refused.
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

// The handler interfaces and stageMethods are generated from one list of
// the notifications and their CHttpModule methods.
//go:generate go run ./internal/genhandlers

// stageMethod pairs a notification with its module methods: their names,
// whether a module has them, and a call that allocates nothing.
type stageMethod struct {
	pre, post string
	has       func(m HttpModule, post bool) bool
	call      func(m HttpModule, post bool, c IHttpContext, p IHttpEventProvider) RequestNotificationStatus
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

var (
	_ IHttpEventProvider  = (*eventProvider)(nil)
	_ IHttpCompletionInfo = completionInfo{}
)
