package iis

import (
	"sync"
	"sync/atomic"

	"github.com/iisemu/iisemu/httpsys"
)

// ModuleID identifies a registered module (HTTP_MODULE_ID), as
// IHttpModuleRegistrationInfo::GetId returns it; it keys the module
// context containers.
type ModuleID uint64

// IHttpStoredContext is state a module keeps in a context container.
// CleanupStoredContext is called when the container's owner ends: the
// request, for the request's container.
type IHttpStoredContext interface {
	CleanupStoredContext()
}

// IHttpConnectionStoredContext is a stored context on the connection's
// container; NotifyDisconnect is called when the client goes away while a
// request is being processed.
type IHttpConnectionStoredContext interface {
	IHttpStoredContext
	NotifyDisconnect()
}

// IHttpModuleContextContainer holds one stored context per module
// (iis:ihttpmodulecontextcontainer-interface).
type IHttpModuleContextContainer interface {
	GetModuleContext(id ModuleID) IHttpStoredContext
	// SetModuleContext fails with ERROR_ALREADY_ASSIGNED when the module
	// already has a context here.
	SetModuleContext(ctx IHttpStoredContext, id ModuleID) HRESULT
}

// contextContainer is IHttpModuleContextContainer. onSet, if set, hears
// of every context stored.
type contextContainer struct {
	mu    sync.Mutex
	byID  map[ModuleID]IHttpStoredContext
	order []ModuleID
	onSet func(IHttpStoredContext)
	// stored counts the contexts set, so that each, asked on every
	// request, takes no lock while there are none.
	stored atomic.Int32
}

func (cc *contextContainer) GetModuleContext(id ModuleID) IHttpStoredContext {
	if cc.stored.Load() == 0 {
		return nil
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.byID[id]
}

func (cc *contextContainer) SetModuleContext(ctx IHttpStoredContext, id ModuleID) HRESULT {
	if ctx == nil {
		return hrInvalidParameter
	}
	cc.mu.Lock()
	if cc.byID == nil {
		cc.byID = map[ModuleID]IHttpStoredContext{}
	}
	if _, ok := cc.byID[id]; ok {
		cc.mu.Unlock()
		return HRESULT_FROM_WIN32(httpsys.ErrorAlreadyAssigned)
	}
	cc.byID[id] = ctx
	cc.order = append(cc.order, id)
	cc.stored.Add(1)
	onSet := cc.onSet
	cc.mu.Unlock()
	if onSet != nil {
		onSet(ctx)
	}
	return S_OK
}

// each calls f on every stored context, in the order they were stored.
func (cc *contextContainer) each(f func(IHttpStoredContext)) {
	if cc.stored.Load() == 0 {
		return
	}
	cc.mu.Lock()
	list := make([]IHttpStoredContext, 0, len(cc.order))
	for _, id := range cc.order {
		list = append(list, cc.byID[id])
	}
	cc.mu.Unlock()
	for _, c := range list {
		f(c)
	}
}

// cleanup calls CleanupStoredContext on every stored context.
func (cc *contextContainer) cleanup() {
	cc.each(func(c IHttpStoredContext) { c.CleanupStoredContext() })
}

var _ IHttpModuleContextContainer = (*contextContainer)(nil)
