package conformance

import (
	"context"
	"fmt"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// Specs for module registration, global notifications and connection
// contexts that mutation testing found unchecked (see internal/mutate).

// beginOnly handles RQ_BEGIN_REQUEST and nothing else: it has no
// OnPostBeginRequest and no OnAuthenticateRequest.
type beginOnly struct{}

func (beginOnly) Dispose() {}
func (beginOnly) OnBeginRequest(iis.IHttpContext, iis.IHttpEventProvider) iis.RequestNotificationStatus {
	return iis.StatusContinue
}

// customListener handles RQ_CUSTOM_NOTIFICATION, which has no
// post-notification.
type customListener struct{}

func (customListener) Dispose() {}
func (customListener) OnCustomRequestNotification(iis.IHttpContext, iis.ICustomNotificationProvider) iis.RequestNotificationStatus {
	return iis.StatusContinue
}

// refusedSite is a site whose one module asks for mask and postMask with
// factory; *hr receives what SetRequestNotifications returned.
func refusedSite(factory iis.IHttpModuleFactory, mask, postMask iis.RequestNotification, hr *iis.HRESULT) *iis.Site {
	register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		*hr = info.SetRequestNotifications(factory, mask, postMask)
		return *hr
	}
	return &iis.Site{Name: "Refused", Applications: []*iis.Application{{Path: "/refused",
		Modules: []iis.ModuleEntry{{Name: "Refused", Register: register}}}}}
}

// priorityProbe is a module that only handles RQ_BEGIN_REQUEST; the
// pipeline's trace shows in which order the probes ran.
type priorityProbe struct{ beginOnly }

// prioritySite registers four modules for RQ_BEGIN_REQUEST in this
// configuration order: Low (LOW), Medium (no priority set), and two that
// ask for priorities no alias names, below FIRST and above LAST; got
// receives what SetPriorityForRequestNotification returned to each.
func prioritySite(got map[string]iis.HRESULT) *iis.Site {
	entry := func(name string, p iis.Priority, set bool) iis.ModuleEntry {
		return iis.ModuleEntry{Name: name, Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
			if hr := info.SetRequestNotifications(iis.NewModuleFactory(func() *priorityProbe { return &priorityProbe{} }), iis.RQ_BEGIN_REQUEST, 0); hr.Failed() {
				return hr
			}
			if set {
				got[name] = info.SetPriorityForRequestNotification(iis.RQ_BEGIN_REQUEST, p)
			}
			return iis.S_OK // a refused priority leaves the module loaded
		}}
	}
	return &iis.Site{Name: "Priorities", Applications: []*iis.Application{{Path: "/prio",
		Modules: []iis.ModuleEntry{
			entry("Low", iis.PriorityLow, true),
			entry("Medium", 0, false),
			entry("BelowFirst", iis.PriorityFirst-1, true),
			entry("AboveLast", iis.PriorityLast+1, true),
		},
		Handler: &iis.Handler{Name: "H", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("prio\n"))}, false, false)
			return iis.StatusContinue
		}}}}}
}

// globalOddSite has two global modules for GL_PRE_BEGIN_REQUEST: Plain
// (MEDIUM by default), then Odd, which first asks for a priority before it
// subscribed and then for one below FIRST; got receives both results.
func globalOddSite(mu *sync.Mutex, log *[]string, got *[]iis.HRESULT) *iis.Site {
	plain := iis.ModuleEntry{Name: "Plain", Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetGlobalNotifications(&globalProbe{name: "Plain", mu: mu, log: log}, iis.GL_PRE_BEGIN_REQUEST)
	}}
	odd := iis.ModuleEntry{Name: "Odd", Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		early := info.SetPriorityForGlobalNotification(iis.GL_PRE_BEGIN_REQUEST, iis.PriorityFirst)
		if hr := info.SetGlobalNotifications(&globalProbe{name: "Odd", mu: mu, log: log}, iis.GL_PRE_BEGIN_REQUEST); hr.Failed() {
			return hr
		}
		*got = append(*got, early, info.SetPriorityForGlobalNotification(iis.GL_PRE_BEGIN_REQUEST, iis.PriorityFirst-1))
		return iis.S_OK
	}}
	return &iis.Site{Name: "GlobalOdd", GlobalModules: []iis.ModuleEntry{plain, odd},
		Applications: []*iis.Application{{Path: "/app", Handler: &iis.Handler{Name: "H", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("app\n"))}, false, false)
			return iis.StatusContinue
		}}}}}
}

// stopProbe is a global module that records whether GL_STOP_LISTENING
// asked it to drain requests gracefully.
type stopProbe struct{ globalProbe }

func (g *stopProbe) OnGlobalStopListening(p iis.IGlobalStopListeningProvider) iis.GlobalNotificationStatus {
	g.note(fmt.Sprintf("StopListening graceful=%t", p.DrainRequestsGracefully()))
	return iis.GlobalContinue
}

// stopSite has a global module for GL_STOP_LISTENING and
// GL_APPLICATION_STOP, and one only for GL_PRE_BEGIN_REQUEST.
func stopSite(mu *sync.Mutex, log *[]string) *iis.Site {
	stopper := iis.ModuleEntry{Name: "Stopper", Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetGlobalNotifications(&stopProbe{globalProbe{name: "Stopper", mu: mu, log: log}}, iis.GL_STOP_LISTENING|iis.GL_APPLICATION_STOP)
	}}
	other := iis.ModuleEntry{Name: "Other", Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		return info.SetGlobalNotifications(&globalProbe{name: "Other", mu: mu, log: log}, iis.GL_PRE_BEGIN_REQUEST)
	}}
	return &iis.Site{Name: "Stop", GlobalModules: []iis.ModuleEntry{stopper, other},
		Applications: []*iis.Application{{Path: "/app"}}}
}

// gracefulStopper is an Instance that can also stop gracefully, as
// Host.Shutdown does: the in-process backends.
type gracefulStopper interface {
	Shutdown(ctx context.Context) error
}

// Shutdown stops the host gracefully (Host.Shutdown).
func (in *hostInstance) Shutdown(ctx context.Context) error { return in.host.Shutdown(ctx) }

// plainContext is a stored context that is not an
// IHttpConnectionStoredContext: it is told of no disconnect.
type plainContext struct{}

func (plainContext) CleanupStoredContext() {}

// keeperModule stores, on the first request of a connection, a plain
// context and one that hears NotifyDisconnect; on the next request it
// holds the request, as the disconnect probe does.
type keeperModule struct {
	p     *disconnectProbe
	id    iis.ModuleID
	plain iis.ModuleID
}

func (m *keeperModule) Dispose() {}
func (m *keeperModule) OnBeginRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	if strings.HasSuffix(c.GetRequest().GetRawHttpRequest().AbsPath, "/store") {
		container := c.GetConnection().GetModuleContextContainer()
		container.SetModuleContext(plainContext{}, m.plain)
		container.SetModuleContext(&notifyContext{m.p}, m.id)
		c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("stored\n"))}, false, false)
		return iis.StatusFinishRequest
	}
	close(m.p.started)
	m.p.held <- c
	return iis.StatusPending
}

// keeperSite serves /keep with the keeper module; a second module only
// lends its ID to the plain context.
func keeperSite(p *disconnectProbe) *iis.Site {
	var plain iis.ModuleID
	lender := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		plain = info.GetId()
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *priorityProbe { return &priorityProbe{} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	keeper := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		id := info.GetId()
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *keeperModule { return &keeperModule{p: p, id: id, plain: plain} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	return &iis.Site{Name: "Keeper", Applications: []*iis.Application{{Path: "/keep",
		Modules: []iis.ModuleEntry{{Name: "Lender", Register: lender}, {Name: "Keeper", Register: keeper}}}}}
}

// decidingHost is a SiteHost that can also run with other answers to what
// the documentation leaves open (iis.Decisions): the in-process backends.
type decidingHost interface {
	StartDecided(site *iis.Site, d *iis.Decisions, sys ...func(model bool) httpsys.Config) (Instance, error)
}

// disconnectSite answers /bye with a line and asks, with SetNeedDisconnect,
// that the connection close after the response.
func disconnectSite() *iis.Site {
	return &iis.Site{Name: "Bye", Applications: []*iis.Application{{Path: "/bye",
		Handler: &iis.Handler{Name: "H", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			r := c.GetResponse()
			r.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("bye\n"))}, false, false)
			r.SetNeedDisconnect()
			return iis.StatusContinue
		}}}}}
}

var _ = Describe("Registration, global modules and connection contexts, as mutation testing asked", func() {
	// PIPE-REG-1 [INFER] Registering for a notification, or a
	// post-notification, the module has no method for fails with
	// ERROR_INVALID_PARAMETER, and the application does not load.
	// Source: project decision (see the behaviour's reasoning).
	Spec("refuses to register a module for a notification or post-notification it has no method for",
		Needs{Behaviours: []string{"PIPE-REG-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			h, ok := b.(SiteHost)
			Expect(ok).To(BeTrue(), "%s hosts no site", b.Info().Name)
			cases := []struct {
				what           string
				factory        iis.IHttpModuleFactory
				mask, postMask iis.RequestNotification
			}{
				{"the post-notification of RQ_BEGIN_REQUEST without OnPostBeginRequest",
					iis.NewModuleFactory(func() beginOnly { return beginOnly{} }), iis.RQ_BEGIN_REQUEST, iis.RQ_BEGIN_REQUEST},
				{"RQ_AUTHENTICATE_REQUEST without OnAuthenticateRequest",
					iis.NewModuleFactory(func() beginOnly { return beginOnly{} }), iis.RQ_BEGIN_REQUEST | iis.RQ_AUTHENTICATE_REQUEST, 0},
				{"the post-notification of RQ_CUSTOM_NOTIFICATION, which has none",
					iis.NewModuleFactory(func() customListener { return customListener{} }), iis.RQ_CUSTOM_NOTIFICATION, iis.RQ_CUSTOM_NOTIFICATION},
			}
			for _, c := range cases {
				var hr iis.HRESULT
				in, err := h.Start(refusedSite(c.factory, c.mask, c.postMask, &hr))
				if err == nil {
					in.Close()
				}
				Expect(hr).To(Equal(iis.HRESULT_FROM_WIN32(87)), "SetRequestNotifications for %s (ERROR_INVALID_PARAMETER is 87)", c.what)
				Expect(err).To(HaveOccurred(), "the application loaded with a module registered for %s", c.what)
			}
			var hr iis.HRESULT
			in, err := h.Start(refusedSite(iis.NewModuleFactory(func() customListener { return customListener{} }), iis.RQ_CUSTOM_NOTIFICATION, 0, &hr))
			Expect(err).NotTo(HaveOccurred(), "a module registered for what it handles loads")
			in.Close()
			Expect(hr).To(Equal(iis.S_OK))
		})

	// PIPE-PRI-1 [INFER] A priority that is none of the five aliases is
	// refused with ERROR_INVALID_PARAMETER, for request and global
	// notifications alike, and so is a global priority asked for before
	// SetGlobalNotifications; the module keeps MEDIUM, its default.
	// Source: https://learn.microsoft.com/en-us/previous-versions/iis/dev/ms690918(v=vs.90)
	Spec("refuses priorities no alias names and runs those modules at MEDIUM",
		Needs{Behaviours: []string{"PIPE-PRI-1", "PIPE-2"}, Site: true}, func(ctx SpecContext, b Backend) {
			got := map[string]iis.HRESULT{}
			in := startOn(b, prioritySite(got))
			Expect(got).To(Equal(map[string]iis.HRESULT{
				"Low": iis.S_OK, "BelowFirst": iis.HRESULT_FROM_WIN32(87), "AboveLast": iis.HRESULT_FROM_WIN32(87),
			}), "what SetPriorityForRequestNotification returned (ERROR_INVALID_PARAMETER is 87)")
			obs, err := Exchange(context.Context(ctx), b.Info().Name, in, []byte("GET /prio HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
			Expect(err).NotTo(HaveOccurred())
			Expect(obs).To(HaveResponses(1))
			Expect(obs.Response(0)).To(HaveBody("prio\n"))
			Expect(obs).To(HaveEventsInOrder("RQ_BEGIN_REQUEST Medium", "RQ_BEGIN_REQUEST BelowFirst",
				"RQ_BEGIN_REQUEST AboveLast", "RQ_BEGIN_REQUEST Low"), "MEDIUM in configuration order, then LOW")

			var mu sync.Mutex
			var log []string
			var global []iis.HRESULT
			in = startOn(b, globalOddSite(&mu, &log, &global))
			Expect(global).To(Equal([]iis.HRESULT{iis.HRESULT_FROM_WIN32(87), iis.HRESULT_FROM_WIN32(87)}),
				"SetPriorityForGlobalNotification before SetGlobalNotifications, then below FIRST")
			obs, err = Exchange(context.Context(ctx), b.Info().Name, in, []byte("GET /app HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
			Expect(err).NotTo(HaveOccurred())
			Expect(obs.Response(0)).To(HaveBody("app\n"))
			Expect(obs).To(HaveEventsInOrder("GL_PRE_BEGIN_REQUEST Plain", "GL_PRE_BEGIN_REQUEST Odd"),
				"both MEDIUM, in configuration order")
		})

	// PIPE-GL-2 [INFER] A graceful stop raises GL_STOP_LISTENING with
	// DrainRequestsGracefully TRUE, an abortive one with FALSE; each global
	// module is told only of the notifications it subscribed to.
	// Source: iis:iglobalstoplisteningprovider-drainrequestsgracefully-method
	Spec("tells global modules of a graceful stop, and only the modules subscribed to it",
		Needs{Behaviours: []string{"PIPE-GL-1", "PIPE-GL-2"}, Site: true}, func(ctx SpecContext, b Backend) {
			for _, graceful := range []bool{true, false} {
				var mu sync.Mutex
				var log []string
				in := startOn(b, stopSite(&mu, &log))
				obs, err := Exchange(context.Context(ctx), b.Info().Name, in, []byte("GET /app/ HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
				Expect(err).NotTo(HaveOccurred())
				Expect(obs).To(HaveResponses(1))
				if graceful {
					s, ok := in.(gracefulStopper)
					Expect(ok).To(BeTrue(), "%s cannot stop gracefully", b.Info().Name)
					Expect(s.Shutdown(ctx)).To(Succeed())
				} else {
					in.Close()
				}
				mu.Lock()
				Expect(strings.Join(log, "\n")).To(Equal(strings.Join([]string{
					"Other PreBeginRequest /app/",
					fmt.Sprintf("Stopper StopListening graceful=%t", graceful),
					"Stopper ApplicationStop /LM/W3SVC/1/ROOT/app",
					"Stopper ApplicationStop /LM/W3SVC/1/ROOT",
					"Stopper Terminate",
					"Other Terminate",
				}, "\n")), "graceful=%t", graceful)
				mu.Unlock()
			}
		})

	// ND-2 [INFER] With Decisions.NeedDisconnectClosesOrderly FALSE, the
	// reading of SetNeedDisconnect's summary ("resets the socket after the
	// response is complete"), the client gets the whole response with
	// Connection: close, then a reset instead of a FIN.
	// Source: iis:ihttpresponse-setneeddisconnect-method
	Spec("resets after the complete response when SetNeedDisconnect is read as a reset",
		Needs{Behaviours: []string{"ND-2", "ND-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			h, ok := b.(decidingHost)
			Expect(ok).To(BeTrue(), "%s cannot run other decisions", b.Info().Name)
			d := iis.DefaultDecisions
			d.NeedDisconnectClosesOrderly = false
			in, err := h.StartDecided(disconnectSite(), &d)
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(in.Close)
			obs, err := Exchange(context.Context(ctx), b.Info().Name, in, []byte("GET /bye HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
			Expect(err).NotTo(HaveOccurred())
			Expect(obs).To(HaveResponses(1))
			Expect(obs.Response(0)).To(HaveBody("bye\n"))
			Expect(obs.Response(0)).To(HaveHeader("Connection", "close"))
			Expect(obs).To(BeReset())
		})

	// DISC-2 [DOC] A connection's stored context hears NotifyDisconnect
	// when the client leaves, also during a later request on the
	// connection than the one that stored it, and also when a context that
	// is not an IHttpConnectionStoredContext is stored beside it.
	// Source: iis:ihttpconnectionstoredcontext-notifydisconnect-method
	Spec("tells a connection's stored context of a disconnect during a later request",
		Needs{Behaviours: []string{"DISC-2"}, Site: true}, func(ctx SpecContext, b Backend) {
			p := newDisconnectProbe()
			in := startOn(b, keeperSite(p))
			conn := openOn(ctx, in)
			conn.Send([]byte("GET /keep/store HTTP/1.1\r\nHost: x\r\n\r\nGET /keep/hold HTTP/1.1\r\nHost: x\r\n\r\n"))
			within(p.started, "the module to hold the second request")
			held := <-p.held
			DeferCleanup(func() { held.PostCompletion(0) })
			Expect(conn.Reset()).To(Succeed())
			within(p.notified, "NotifyDisconnect during the second request")
		})
})
