package iis

import (
	"fmt"
	"sort"
	"strings"
)

// ModuleEntry is one module of an application's ordered module list.
type ModuleEntry struct {
	Name     string
	Register RegisterModuleFunc
}

// Handler is an application's request handler. It runs at
// RQ_EXECUTE_REQUEST_HANDLER, after the modules registered for it.
type Handler struct {
	Name    string
	Execute func(IHttpContext) RequestNotificationStatus
}

// Application is a URL path with its own ordered module list and handler,
// as in IIS.
type Application struct {
	Path    string
	Modules []ModuleEntry
	Handler *Handler
	// ResponseBufferLimit is the handler's responseBufferLimit (BUF-3);
	// 0 means DefaultResponseBufferLimit.
	ResponseBufferLimit int
}

// Site is a set of applications; a request goes to the application with
// the longest path that prefixes its URL. GlobalModules are loaded once for
// the server; a module in an application's list may register global
// notifications too, and they are server-wide as well.
type Site struct {
	Name          string
	GlobalModules []ModuleEntry
	Applications  []*Application
	LogFile       LogFile // the W3C request log's settings
	// Resolve, when set, is asked first for every request, given its path
	// and a header lookup. It may answer with an application built for that
	// request alone: its modules are registered for it and disposed of
	// with it, and it raises no GL_APPLICATION_* notification. Nil means
	// route as usual; an error is answered 400 with the error as the body.
	// iisemu serve uses it for scenarios carried in a request header.
	Resolve func(path string, header func(name string) (string, bool)) (*Application, error)
}

// appRuntime is a loaded application: its registrations and, for each
// notification, the order modules run in.
type appRuntime struct {
	app   *Application
	regs  []*registration
	order [32][]int // by stageIndex: registration indexes, in run order
	post  [32][]int
}

func (rt *appRuntime) responseBufferLimit() int {
	if rt.app.ResponseBufferLimit > 0 {
		return rt.app.ResponseBufferLimit
	}
	return DefaultResponseBufferLimit
}

// handlerModule adapts an application's Handler to a module.
type handlerModule struct{ h *Handler }

func (m handlerModule) Dispose() {}
func (m handlerModule) OnExecuteRequestHandler(c IHttpContext, p IHttpEventProvider) RequestNotificationStatus {
	if hc, ok := c.(*httpContext); ok && !appServes(hc.app.app.Path, hc.request.path) {
		// RQ-SET-1: SetUrl moved the request out of its application; the
		// emulator serves no files, so the new URL does not exist (INFER).
		return notFoundHandler.Execute(c)
	}
	return m.h.Execute(c)
}

// loadApplication calls every module's RegisterModule and orders the
// subscriptions (PIPE-2, PIPE-3).
func loadApplication(app *Application, d *Decisions) (*appRuntime, error) {
	if !strings.HasPrefix(app.Path, "/") {
		return nil, fmt.Errorf("application path %q must start with /", app.Path)
	}
	rt := &appRuntime{app: app}
	seen := map[string]bool{}
	for i, m := range app.Modules {
		if m.Name == "" || m.Register == nil {
			return nil, fmt.Errorf("application %s: module %d needs a name and a RegisterModule", app.Path, i+1)
		}
		if seen[m.Name] {
			return nil, fmt.Errorf("application %s: module %q listed twice", app.Path, m.Name)
		}
		seen[m.Name] = true
		reg := &registration{name: m.Name, order: i, id: nextModuleID()}
		hr := m.Register(ServerVersion, reg, httpServer{})
		if reg.err != nil {
			return nil, fmt.Errorf("application %s: module %s: %v", app.Path, m.Name, reg.err)
		}
		if hr.Failed() {
			return nil, fmt.Errorf("application %s: module %s: RegisterModule returned %s", app.Path, m.Name, hr.String())
		}
		rt.regs = append(rt.regs, reg)
	}
	if app.Handler != nil {
		h := app.Handler // handlers are never global modules
		reg := &registration{name: h.Name, order: len(rt.regs)}
		reg.SetRequestNotifications(&ModuleFactory[handlerModule]{New: func() handlerModule { return handlerModule{h} }},
			RQ_EXECUTE_REQUEST_HANDLER, 0)
		reg.SetPriorityForRequestNotification(RQ_EXECUTE_REQUEST_HANDLER, PriorityLast)
		rt.regs = append(rt.regs, reg)
	}
	for n := range stageMethods {
		rt.order[stageIndex(n)] = rt.sorted(n, false, d)
		rt.post[stageIndex(n)] = rt.sorted(n, true, d)
	}
	return rt, nil
}

// sorted returns the registrations subscribed to n in run order: by
// priority, ties in configuration order (PIPE-2); for RQ_SEND_RESPONSE the
// priority order is reversed, and the configuration order too if the
// decision says so (PIPE-3).
func (rt *appRuntime) sorted(n RequestNotification, post bool, d *Decisions) []int {
	var idx []int
	for i, r := range rt.regs {
		m := r.mask
		if post {
			m = r.post
		}
		if m&n != 0 {
			idx = append(idx, i)
		}
	}
	reverse := n == RQ_SEND_RESPONSE
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := rt.regs[idx[a]].priorityFor(n), rt.regs[idx[b]].priorityFor(n)
		if pa != pb {
			if reverse {
				return pa > pb
			}
			return pa < pb
		}
		if reverse && d.SendResponseReversesConfigOrder {
			return idx[a] > idx[b]
		}
		return idx[a] < idx[b]
	})
	return idx
}
