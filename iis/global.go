package iis

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/iisemu/iisemu/internal/names"
)

// GlobalNotification is a global notification bit (GL_* in httpserv.h).
type GlobalNotification uint32

const (
	GL_STOP_LISTENING    GlobalNotification = 0x00000002
	GL_PRE_BEGIN_REQUEST GlobalNotification = 0x00000100
	GL_APPLICATION_START GlobalNotification = 0x00000200
	GL_APPLICATION_STOP  GlobalNotification = 0x00000800
)

var globalNames = names.Bits[GlobalNotification]{Table: names.New(map[GlobalNotification]string{
	GL_STOP_LISTENING:    "GL_STOP_LISTENING",
	GL_PRE_BEGIN_REQUEST: "GL_PRE_BEGIN_REQUEST",
	GL_APPLICATION_START: "GL_APPLICATION_START",
	GL_APPLICATION_STOP:  "GL_APPLICATION_STOP",
})}

// String returns the constant's name; a mask of several bits is joined
// with "|", bits the emulator does not run shown in hex.
func (g GlobalNotification) String() string { return globalNames.Format(g) }

// ParseGlobalNotification accepts a constant name such as
// "GL_PRE_BEGIN_REQUEST".
func ParseGlobalNotification(s string) (GlobalNotification, bool) { return globalNames.Value(s) }

// GlobalNotificationStatus is what a global module's handler returns.
type GlobalNotificationStatus int

const (
	// GlobalContinue lets the other global modules run.
	GlobalContinue GlobalNotificationStatus = 0 // GL_NOTIFICATION_CONTINUE
	// GlobalHandled stops the other global modules for this notification
	// (PIPE-GL-1).
	GlobalHandled GlobalNotificationStatus = 1 // GL_NOTIFICATION_HANDLED
)

var globalStatusNames = names.New(map[GlobalNotificationStatus]string{
	GlobalContinue: "GL_NOTIFICATION_CONTINUE",
	GlobalHandled:  "GL_NOTIFICATION_HANDLED",
})

// String returns the C++ constant name. A value other than GlobalHandled
// lets the other modules run (raise), so it is named
// GL_NOTIFICATION_CONTINUE.
func (s GlobalNotificationStatus) String() string {
	if s != GlobalHandled {
		s = GlobalContinue
	}
	n, _ := globalStatusNames.Name(s)
	return n
}

// ParseGlobalStatus accepts the C++ constant name.
func ParseGlobalStatus(s string) (GlobalNotificationStatus, bool) { return globalStatusNames.Value(s) }

// CGlobalModule is a global module: one instance for the server's life,
// Terminate at shutdown. It handles a GL_* notification by having the
// method of the matching interface below.
type CGlobalModule interface {
	Terminate()
}

// IHttpApplication is an application as global notifications show it.
type IHttpApplication interface {
	// GetApplicationId is the configuration path, e.g. /LM/W3SVC/1/ROOT/app.
	GetApplicationId() string
}

type httpApplication struct{ path string }

func (a httpApplication) GetApplicationId() string {
	return "/LM/W3SVC/1/ROOT" + strings.TrimSuffix(a.path, "/")
}

// The providers of the global notifications.
type (
	IPreBeginRequestProvider interface {
		IHttpEventProvider
		GetHttpContext() IHttpContext
	}
	IHttpApplicationProvider interface {
		IHttpEventProvider
		GetApplication() IHttpApplication
	}
	IGlobalStopListeningProvider interface {
		IHttpEventProvider
		// DrainRequestsGracefully is TRUE for a graceful stop.
		DrainRequestsGracefully() bool
	}
)

// The handler interfaces of the global notifications (CGlobalModule's
// methods).
type (
	GlobalPreBeginRequestHandler interface {
		OnGlobalPreBeginRequest(IPreBeginRequestProvider) GlobalNotificationStatus
	}
	GlobalApplicationStartHandler interface {
		OnGlobalApplicationStart(IHttpApplicationProvider) GlobalNotificationStatus
	}
	GlobalApplicationStopHandler interface {
		OnGlobalApplicationStop(IHttpApplicationProvider) GlobalNotificationStatus
	}
	GlobalStopListeningHandler interface {
		OnGlobalStopListening(IGlobalStopListeningProvider) GlobalNotificationStatus
	}
)

// globalHas reports whether m has the method for g.
func globalHas(m CGlobalModule, g GlobalNotification) (string, bool) {
	switch g {
	case GL_PRE_BEGIN_REQUEST:
		_, ok := m.(GlobalPreBeginRequestHandler)
		return "OnGlobalPreBeginRequest", ok
	case GL_APPLICATION_START:
		_, ok := m.(GlobalApplicationStartHandler)
		return "OnGlobalApplicationStart", ok
	case GL_APPLICATION_STOP:
		_, ok := m.(GlobalApplicationStopHandler)
		return "OnGlobalApplicationStop", ok
	case GL_STOP_LISTENING:
		_, ok := m.(GlobalStopListeningHandler)
		return "OnGlobalStopListening", ok
	}
	return "", false
}

// globalReg is one module's global subscription.
type globalReg struct {
	name     string
	module   CGlobalModule
	mask     GlobalNotification
	priority map[GlobalNotification]Priority
	order    int
}

// SetGlobalNotifications subscribes a global module (PIPE-GL-1). Only the
// four GL_* notifications the emulator raises may be asked for, and only
// those the module has a method for.
func (r *registration) SetGlobalNotifications(m CGlobalModule, mask GlobalNotification) HRESULT {
	if r.global != nil {
		return hrAlreadyExists
	}
	if m == nil || mask == 0 {
		r.err = fmt.Errorf("SetGlobalNotifications: no module or no notification")
		return hrInvalidParameter
	}
	for bit := GlobalNotification(1); bit != 0; bit <<= 1 {
		if mask&bit == 0 {
			continue
		}
		name, ok := globalHas(m, bit)
		switch {
		case name == "":
			r.err = fmt.Errorf("SetGlobalNotifications: %v is not raised by the emulator", bit)
			return hrNotSupported
		case !ok:
			r.err = fmt.Errorf("registered for %v but the global module has no %s method", bit, name)
			return hrInvalidParameter
		}
	}
	r.global = &globalReg{name: r.name, module: m, mask: mask, priority: map[GlobalNotification]Priority{}}
	return S_OK
}

// SetPriorityForGlobalNotification sets the global module's priority.
func (r *registration) SetPriorityForGlobalNotification(g GlobalNotification, p Priority) HRESULT {
	if r.global == nil || p < PriorityFirst || p > PriorityLast {
		return hrInvalidParameter
	}
	r.global.priority[g] = p
	return S_OK
}

// globalModules are the server's global subscriptions.
type globalModules struct {
	regs []*globalReg

	mu  sync.Mutex
	log []Event // what happened outside requests, for GlobalEvents
}

// ordered returns the modules subscribed to g, by priority then
// configuration order.
func (gm *globalModules) ordered(g GlobalNotification) []*globalReg {
	var out []*globalReg
	for _, r := range gm.regs {
		if r.mask&g != 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := priorityOr(out[i].priority, g), priorityOr(out[j].priority, g)
		if pi != pj {
			return pi < pj
		}
		return out[i].order < out[j].order
	})
	return out
}

func priorityOr(m map[GlobalNotification]Priority, g GlobalNotification) Priority {
	if p, ok := m[g]; ok {
		return p
	}
	return PriorityMedium
}

// subscribed reports whether any global module wants g.
func (gm *globalModules) subscribed(g GlobalNotification) bool {
	for _, r := range gm.regs {
		if r.mask&g != 0 {
			return true
		}
	}
	return false
}

// raise calls each subscribed module until one returns HANDLED
// (PIPE-GL-1), recording each call through rec.
func (gm *globalModules) raise(g GlobalNotification, call func(CGlobalModule) GlobalNotificationStatus, rec func(Event)) {
	for _, r := range gm.ordered(g) {
		st := call(r.module)
		rec(Event{Kind: EventNotification, Global: g, Module: r.name, GlobalStatus: st})
		if st == GlobalHandled {
			return
		}
	}
}

// logEvent keeps a server-level event.
func (gm *globalModules) logEvent(e Event) {
	gm.mu.Lock()
	e.Seq = len(gm.log) + 1
	gm.log = append(gm.log, e)
	gm.mu.Unlock()
}

type globalProvider struct {
	eventProvider
	ctx      IHttpContext
	app      IHttpApplication
	graceful bool
}

func (p *globalProvider) GetHttpContext() IHttpContext     { return p.ctx }
func (p *globalProvider) GetApplication() IHttpApplication { return p.app }
func (p *globalProvider) DrainRequestsGracefully() bool    { return p.graceful }

var (
	_ IPreBeginRequestProvider     = (*globalProvider)(nil)
	_ IHttpApplicationProvider     = (*globalProvider)(nil)
	_ IGlobalStopListeningProvider = (*globalProvider)(nil)
)
