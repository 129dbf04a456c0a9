package conformance

import (
	"context"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/iis"
)

// globalProbe is a global module that records what it was told.
type globalProbe struct {
	name   string
	handle bool // return HANDLED from OnGlobalPreBeginRequest
	mu     *sync.Mutex
	log    *[]string
}

func (g *globalProbe) note(s string) {
	g.mu.Lock()
	*g.log = append(*g.log, g.name+" "+s)
	g.mu.Unlock()
}

func (g *globalProbe) Terminate() { g.note("Terminate") }
func (g *globalProbe) OnGlobalPreBeginRequest(p iis.IPreBeginRequestProvider) iis.GlobalNotificationStatus {
	g.note("PreBeginRequest " + p.GetHttpContext().GetRequest().GetRawHttpRequest().AbsPath)
	if g.handle {
		return iis.GlobalHandled
	}
	return iis.GlobalContinue
}
func (g *globalProbe) OnGlobalApplicationStart(p iis.IHttpApplicationProvider) iis.GlobalNotificationStatus {
	g.note("ApplicationStart " + p.GetApplication().GetApplicationId())
	return iis.GlobalContinue
}
func (g *globalProbe) OnGlobalApplicationStop(p iis.IHttpApplicationProvider) iis.GlobalNotificationStatus {
	g.note("ApplicationStop " + p.GetApplication().GetApplicationId())
	return iis.GlobalContinue
}
func (g *globalProbe) OnGlobalStopListening(p iis.IGlobalStopListeningProvider) iis.GlobalNotificationStatus {
	g.note("StopListening")
	return iis.GlobalContinue
}

func globalSite(mu *sync.Mutex, log *[]string) *iis.Site {
	entry := func(name string, handle bool, p iis.Priority, mask iis.GlobalNotification) iis.ModuleEntry {
		return iis.ModuleEntry{Name: name, Register: func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
			if hr := info.SetGlobalNotifications(&globalProbe{name: name, handle: handle, mu: mu, log: log}, mask); hr.Failed() {
				return hr
			}
			return info.SetPriorityForGlobalNotification(iis.GL_PRE_BEGIN_REQUEST, p)
		}}
	}
	return &iis.Site{Name: "Global",
		GlobalModules: []iis.ModuleEntry{
			entry("Second", false, iis.PriorityMedium, iis.GL_PRE_BEGIN_REQUEST),
			entry("First", true, iis.PriorityHigh, iis.GL_PRE_BEGIN_REQUEST|iis.GL_APPLICATION_START|iis.GL_APPLICATION_STOP|iis.GL_STOP_LISTENING),
		},
		Applications: []*iis.Application{{Path: "/app", Handler: &iis.Handler{Name: "H", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("app\n"))}, false, false)
			return iis.StatusContinue
		}}}},
	}
}

var _ = Describe("Global modules", func() {
	// PIPE-GL-1 [DOC] Global modules return GL_NOTIFICATION_CONTINUE or
	// GL_NOTIFICATION_HANDLED; HANDLED stops the other global modules.
	// PIPE-GL-2 [INFER] applications start when the site loads and stop,
	// after GL_STOP_LISTENING, when the server closes.
	// Source: iis:cglobalmodule-class
	Spec("runs global modules by priority, stops at HANDLED, and tells them of applications and shutdown",
		Needs{Behaviours: []string{"PIPE-GL-1", "PIPE-GL-2"}, Site: true}, func(ctx SpecContext, b Backend) {
			var mu sync.Mutex
			var log []string
			in := startOn(b, globalSite(&mu, &log))
			obs, err := Exchange(context.Context(ctx), b.Info().Name, in, []byte("GET /app HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
			Expect(err).NotTo(HaveOccurred())
			Expect(string(obs.Client.Final()[0].Body)).To(Equal("app\n"))
			Expect(obs).To(HaveEventsInOrder("GL_PRE_BEGIN_REQUEST First =HANDLED"))
			Expect(obs).NotTo(HaveEventsInOrder("GL_PRE_BEGIN_REQUEST Second"))
			in.Close()
			mu.Lock()
			defer mu.Unlock()
			Expect(strings.Join(log, "\n")).To(Equal(strings.Join([]string{
				"First ApplicationStart /LM/W3SVC/1/ROOT/app",
				"First ApplicationStart /LM/W3SVC/1/ROOT",
				"First PreBeginRequest /app",
				"First StopListening",
				"First ApplicationStop /LM/W3SVC/1/ROOT/app",
				"First ApplicationStop /LM/W3SVC/1/ROOT",
				"Second Terminate",
				"First Terminate",
			}, "\n")))
		})
})
