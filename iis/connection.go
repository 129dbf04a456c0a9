package iis

import (
	"sync"
	"sync/atomic"

	"github.com/iisemu/iisemu/httpsys"
)

// IHttpConnection is the client connection (iis:ihttpconnection-interface).
type IHttpConnection interface {
	// IsConnected is FALSE once the connection has been reset (RC-6) or the
	// client has gone (DISC-1).
	IsConnected() bool
	// GetModuleContextContainer holds per-connection module state.
	GetModuleContextContainer() IHttpModuleContextContainer
}

// connState is what the pipeline keeps per client connection, across its
// requests: the connection's module context container and whether the
// client is known to be gone.
type connState struct {
	req       *httpsys.Request // the connection's request handle
	gone      atomic.Bool
	container contextContainer
	notified  sync.Once
}

// stateOf returns the connection's state, making it on first use. The
// httpsys.Request is the connection's own, reused for each of its
// requests, so what is wired to it here holds for all of them.
func stateOf(r *httpsys.Request) *connState {
	if cs, ok := r.ConnValue().(*connState); ok {
		return cs
	}
	cs := &connState{req: r}
	// DISC-2: a connection stored context hears NotifyDisconnect if the
	// client leaves while a request is under way.
	cs.container.onSet = func(sc IHttpStoredContext) {
		if _, ok := sc.(IHttpConnectionStoredContext); ok {
			cs.watch()
		}
	}
	r.SetConnValue(cs)
	return cs
}

// watch has HTTP.sys tell this state when the client leaves during the
// current request.
func (cs *connState) watch() { cs.req.WatchPeer(cs.peerGone) }

func (cs *connState) peerGone(httpsys.CloseKind) { cs.clientGone() }

// hasConnectionContexts reports whether some stored context wants
// NotifyDisconnect.
func (cs *connState) hasConnectionContexts() bool {
	found := false
	cs.container.each(func(c IHttpStoredContext) {
		if _, ok := c.(IHttpConnectionStoredContext); ok {
			found = true
		}
	})
	return found
}

// clientGone records that the client left and tells the connection's
// stored contexts, once.
func (cs *connState) clientGone() {
	cs.gone.Store(true)
	cs.notified.Do(func() {
		cs.container.each(func(c IHttpStoredContext) {
			if n, ok := c.(IHttpConnectionStoredContext); ok {
				n.NotifyDisconnect()
			}
		})
	})
}

// httpConnection is IHttpConnection as one request sees it.
type httpConnection struct {
	ctx   *httpContext
	state *connState
	reset atomic.Bool // this request reset the connection
}

// IsConnected is FALSE once the connection was reset (RC-6) or the client
// has reset or closed its side (DISC-1).
func (c *httpConnection) IsConnected() bool {
	ok := !c.reset.Load() && !c.state.gone.Load() && c.ctx.sys.PeerState() == httpsys.Open
	c.ctx.answer("IsConnected", "", boolResult(ok))
	return ok
}

// GetModuleContextContainer is the connection's container; a stored
// context that is an IHttpConnectionStoredContext hears NotifyDisconnect.
func (c *httpConnection) GetModuleContextContainer() IHttpModuleContextContainer {
	return &c.state.container
}

var _ IHttpConnection = (*httpConnection)(nil)
