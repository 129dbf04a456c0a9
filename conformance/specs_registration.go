package conformance

import (
	"context"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/iis"
)

// countedModule counts its life: one instance per request, each disposed.
type countedModule struct{ disposed *atomic.Int32 }

func (m *countedModule) Dispose() { m.disposed.Add(1) }
func (m *countedModule) OnBeginRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return iis.StatusContinue
}

// registrationProbe records what RegisterModule received and returned.
type registrationProbe struct {
	made, disposed, terminated atomic.Int32
	version                    uint32
	second                     iis.HRESULT
}

func (p *registrationProbe) site() *iis.Site {
	factory := &iis.ModuleFactory[*countedModule]{
		New:         func() *countedModule { p.made.Add(1); return &countedModule{&p.disposed} },
		OnTerminate: func() { p.terminated.Add(1) },
	}
	register := func(version uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		p.version = version
		hr := info.SetRequestNotifications(factory, iis.RQ_BEGIN_REQUEST, 0)
		p.second = info.SetRequestNotifications(factory, iis.RQ_BEGIN_REQUEST, 0)
		return hr
	}
	return &iis.Site{Name: "Registration", Applications: []*iis.Application{{Path: "/counted",
		Modules: []iis.ModuleEntry{{Name: "Counted", Register: register}}}}}
}

var _ = Describe("Module registration and lifetime", func() {
	// PIPE-4 [DOC] The factory makes one module per request; Dispose ends
	// it with the request; Terminate is called at shutdown.
	// Source: iis:ihttpmodulefactory-interface
	Spec("makes one module per request, disposes each, and terminates the factory at shutdown",
		Needs{Behaviours: []string{"PIPE-4"}, Site: true}, func(ctx SpecContext, b Backend) {
			p := &registrationProbe{}
			in := startOn(b, p.site())
			raw := []byte("GET /counted HTTP/1.1\r\nHost: x\r\n\r\nGET /counted HTTP/1.1\r\nHost: x\r\n\r\n")
			obs, err := Exchange(context.Context(ctx), b.Info().Name, in, raw, 2)
			Expect(err).NotTo(HaveOccurred())
			Expect(obs.Client.Final()).To(HaveLen(2))
			Expect(p.made.Load()).To(BeEquivalentTo(2), "GetHttpModule calls")
			Expect(p.disposed.Load()).To(BeEquivalentTo(2), "Dispose calls")
			Expect(p.terminated.Load()).To(BeEquivalentTo(0), "Terminate before shutdown")
			in.Close()
			Expect(p.terminated.Load()).To(BeEquivalentTo(1), "Terminate calls at shutdown")
		})

	// PIPE-5 [DOC] RegisterModule receives the IIS major version; a second
	// SetRequestNotifications fails with ERROR_ALREADY_EXISTS.
	// Source: iis:ihttpmoduleregistrationinfo-setrequestnotifications-method
	Spec("passes RegisterModule the IIS version and refuses a second SetRequestNotifications",
		Needs{Behaviours: []string{"PIPE-5"}, Site: true}, func(ctx SpecContext, b Backend) {
			p := &registrationProbe{}
			startOn(b, p.site())
			Expect(p.version).To(BeEquivalentTo(10))
			Expect(p.second).To(Equal(iis.HRESULT_FROM_WIN32(183)), "ERROR_ALREADY_EXISTS is 183")
			Expect(p.second.String()).To(Equal("HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)"))
		})
})
