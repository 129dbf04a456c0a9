package iis

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// RegisterModuleFunc is a module's RegisterModule export: it receives the
// IIS major version, its registration info and the server (PIPE-5).
type RegisterModuleFunc func(serverVersion uint32, info IHttpModuleRegistrationInfo, server IHttpServer) HRESULT

// ServerVersion is the IIS major version passed to RegisterModule.
const ServerVersion = 10

// IHttpModuleRegistrationInfo is what RegisterModule receives
// (iis:ihttpmoduleregistrationinfo-interface).
type IHttpModuleRegistrationInfo interface {
	GetName() string
	// GetId is the module's ID, the key of its stored contexts.
	GetId() ModuleID
	SetRequestNotifications(factory IHttpModuleFactory, mask, postMask RequestNotification) HRESULT
	SetPriorityForRequestNotification(n RequestNotification, p Priority) HRESULT
	// SetGlobalNotifications subscribes a global module (PIPE-GL-1).
	SetGlobalNotifications(m CGlobalModule, mask GlobalNotification) HRESULT
	SetPriorityForGlobalNotification(g GlobalNotification, p Priority) HRESULT
}

// IHttpServer is the server RegisterModule receives.
type IHttpServer interface {
	GetAppPoolName() string
}

type httpServer struct{}

func (httpServer) GetAppPoolName() string { return "DefaultAppPool" }

// registration is one module's subscription in one application.
type registration struct {
	name       string
	factory    IHttpModuleFactory
	mask, post RequestNotification
	priority   map[RequestNotification]Priority
	order      int // position in the module list
	id         ModuleID
	global     *globalReg // SetGlobalNotifications
	err        error      // why registration was refused
}

func (r *registration) GetName() string { return r.name }

func (r *registration) GetId() ModuleID { return r.id }

// SetRequestNotifications records the subscription. A second call fails
// with ERROR_ALREADY_EXISTS (PIPE-5). Subscribing to a notification the
// module has no method for is refused with ERROR_INVALID_PARAMETER, and the
// application does not load.
func (r *registration) SetRequestNotifications(f IHttpModuleFactory, mask, post RequestNotification) HRESULT {
	if r.factory != nil {
		return hrAlreadyExists
	}
	if f == nil {
		r.err = errors.New("SetRequestNotifications: nil factory")
		return hrInvalidParameter
	}
	proto, ok := prototypeOf(f)
	for _, bit := range bitsOf(mask | post) {
		if _, known := stageMethods[bit]; !known {
			r.err = fmt.Errorf("SetRequestNotifications: %v cannot be registered for here", bit)
			return hrInvalidParameter
		}
	}
	if ok {
		for _, bit := range bitsOf(mask) {
			if name, has := implements(proto, bit, false); !has {
				r.err = fmt.Errorf("registered for %v but the module has no %s method", bit, name)
				return hrInvalidParameter
			}
		}
		for _, bit := range bitsOf(post) {
			if name, has := implements(proto, bit, true); !has || name == "" {
				if name == "" {
					r.err = fmt.Errorf("%v has no post-notification", bit)
				} else {
					r.err = fmt.Errorf("registered for the post-notification of %v but the module has no %s method", bit, name)
				}
				return hrInvalidParameter
			}
		}
	}
	r.factory, r.mask, r.post = f, mask, post
	return S_OK
}

// SetPriorityForRequestNotification sets the module's priority for n
// (PIPE-2); MEDIUM is the default.
func (r *registration) SetPriorityForRequestNotification(n RequestNotification, p Priority) HRESULT {
	if p < PriorityFirst || p > PriorityLast || len(bitsOf(n)) != 1 {
		return hrInvalidParameter
	}
	if r.priority == nil {
		r.priority = map[RequestNotification]Priority{}
	}
	r.priority[n] = p
	return S_OK
}

func (r *registration) priorityFor(n RequestNotification) Priority {
	if p, ok := r.priority[n]; ok {
		return p
	}
	return PriorityMedium
}

var moduleIDs atomic.Uint64

func nextModuleID() ModuleID { return ModuleID(moduleIDs.Add(1)) }

// prototypeOf returns a typed nil of the factory's module type, when the
// factory can say it without making an instance.
func prototypeOf(f IHttpModuleFactory) (HttpModule, bool) {
	if p, ok := f.(interface{ prototype() HttpModule }); ok {
		return p.prototype(), true
	}
	return nil, false
}

func bitsOf(m RequestNotification) []RequestNotification {
	var out []RequestNotification
	for b := RequestNotification(1); b != 0; b <<= 1 {
		if m&b != 0 {
			out = append(out, b)
		}
	}
	return out
}
