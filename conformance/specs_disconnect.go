package conformance

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// disconnectProbe is a module that holds its request until the test has
// made the client leave, then reports what the IIS calls returned.
type disconnectProbe struct {
	started  chan struct{} // the module holds the request
	proceed  chan struct{} // the client has left: go on
	notified chan struct{} // NotifyDisconnect fired
	results  chan []string
	readBody bool // read the request body instead of writing
	pending  bool // hold the request with RQ_NOTIFICATION_PENDING
	held     chan iis.IHttpContext
}

func newDisconnectProbe(readBody bool) *disconnectProbe {
	return &disconnectProbe{started: make(chan struct{}), proceed: make(chan struct{}),
		notified: make(chan struct{}), results: make(chan []string, 1), readBody: readBody}
}

type notifyContext struct{ p *disconnectProbe }

func (n *notifyContext) CleanupStoredContext() {}
func (n *notifyContext) NotifyDisconnect()     { close(n.p.notified) }

type probeModule struct {
	p  *disconnectProbe
	id iis.ModuleID
}

func (m *probeModule) Dispose() {}
func (m *probeModule) OnBeginRequest(c iis.IHttpContext, _ iis.IHttpEventProvider) iis.RequestNotificationStatus {
	var out []string
	if m.p.readBody {
		buf := make([]byte, 64)
		n, _, hr := c.GetRequest().ReadEntityBody(buf, false)
		out = append(out, fmt.Sprintf("first read %d %s", n, hr.String()))
		close(m.p.started)
		<-m.p.proceed
		for hr == iis.S_OK {
			n, _, hr = c.GetRequest().ReadEntityBody(buf, false)
		}
		out = append(out, fmt.Sprintf("read after the reset %d %s", n, hr.String()))
		m.p.results <- out
		return iis.StatusFinishRequest
	}
	conn := c.GetConnection()
	conn.GetModuleContextContainer().SetModuleContext(&notifyContext{m.p}, m.id)
	close(m.p.started)
	if m.p.pending {
		m.p.held <- c
		return iis.StatusPending // resumed by PostCompletion: OnAsyncCompletion
	}
	<-m.p.proceed
	return m.report(c)
}

func (m *probeModule) OnAsyncCompletion(c iis.IHttpContext, _ iis.RequestNotification, _ bool, _ iis.IHttpEventProvider, _ iis.IHttpCompletionInfo) iis.RequestNotificationStatus {
	return m.report(c)
}

// report tries the IIS calls a module makes after its client left.
func (m *probeModule) report(c iis.IHttpContext) iis.RequestNotificationStatus {
	var out []string
	conn := c.GetConnection()
	resp := c.GetResponse()
	out = append(out, fmt.Sprintf("IsConnected %t", conn.IsConnected()))
	_, _, hr := resp.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("late\n"))}, false, true)
	out = append(out, "buffered write "+hr.String())
	_, _, hr1 := resp.Flush(false, true)
	resp.WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory([]byte("later\n"))}, false, true)
	_, _, hr2 := resp.Flush(false, true)
	out = append(out, "flush "+hr1.String(), "flush "+hr2.String())
	m.p.results <- out
	return iis.StatusContinue
}

func (p *disconnectProbe) site() *iis.Site {
	register := func(_ uint32, info iis.IHttpModuleRegistrationInfo, _ iis.IHttpServer) iis.HRESULT {
		id := info.GetId()
		return info.SetRequestNotifications(iis.NewModuleFactory(func() *probeModule { return &probeModule{p, id} }), iis.RQ_BEGIN_REQUEST, 0)
	}
	return &iis.Site{Name: "Disconnect", Applications: []*iis.Application{{Path: "/probe",
		Modules: []iis.ModuleEntry{{Name: "Probe", Register: register}}}}}
}

// within waits for ch, failing the spec after a generous bound.
func within(ch <-chan struct{}, what string) {
	select {
	case <-ch:
	case <-time.After(exchangeTimeout):
		Fail("timed out waiting for " + what)
	}
}

var _ = Describe("Client disconnects", func() {
	skipTargetSpecs(4, whyOwnSite)
	for _, b := range hostBackends() {
		b := b
		for _, mode := range []string{"reset", "close", "reset-pending"} {
			leave, pending := strings.CutSuffix(mode, "-pending")
			text := fmt.Sprintf("tells the module when the client %ss while a request is processed", leave)
			if pending {
				text = fmt.Sprintf("tells a pending request's module when the client %ss", leave)
			}
			cover([]string{"DISC-1", "DISC-2", "DISC-3"}, text, b.Name())
			// DISC-1 [INFER] IsConnected turns FALSE once the client resets or
			// closes. DISC-2 [DOC] the connection's stored contexts hear
			// NotifyDisconnect. DISC-3 [INFER] buffered writes still succeed; a
			// write that must reach the dead socket fails with
			// ERROR_NETNAME_DELETED (after a FIN the first send may still be
			// accepted, as TCP accepts it).
			// Source: iis:ihttpconnectionstoredcontext-notifydisconnect-method
			It(text, Label(b.Name(), "DISC-1", "DISC-2", "DISC-3"), func(ctx SpecContext) {
				describeBehaviours([]string{"DISC-1", "DISC-2", "DISC-3"})
				p := newDisconnectProbe(false)
				p.pending, p.held = pending, make(chan iis.IHttpContext, 1)
				in := startOn(b, p.site())
				conn := openOn(ctx, in)
				conn.Send([]byte("GET /probe HTTP/1.1\r\nHost: x\r\n\r\n"))
				within(p.started, "the module to hold the request")
				if leave == "reset" {
					conn.Reset()
				} else {
					conn.Close()
				}
				within(p.notified, "NotifyDisconnect")
				if pending {
					(<-p.held).PostCompletion(0)
				} else {
					close(p.proceed)
				}
				got := <-p.results
				Expect(got[0]).To(Equal("IsConnected false"))
				Expect(got[1]).To(Equal("buffered write S_OK"))
				Expect(got[3]).To(Equal("flush HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)"))
				if leave == "reset" {
					Expect(got[2]).To(Equal("flush HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)"))
				}
				Eventually(func() []httpsys.ErrorLogEntry { return in.ErrorLog(conn.LocalAddr()) }).
					Should(ContainElement(HaveField("Reason", "Connection_Dropped")), "HTTP.sys logs the client that left")
			})
		}

		cover([]string{"RB-1"}, "fails ReadEntityBody when the client resets mid-body", b.Name())
		// RB-1 [DOC] ReadEntityBody returns ERROR_CONNECTION_INVALID when the
		// byte count of the request is wrong: the client reset before its
		// Content-Length was sent.
		// Source: iis:ihttprequest-readentitybody-method
		It("fails ReadEntityBody when the client resets mid-body", Label(b.Name(), "RB-1"), func(ctx SpecContext) {
			describeBehaviours([]string{"RB-1"})
			p := newDisconnectProbe(true)
			in := startOn(b, p.site())
			conn := openOn(ctx, in)
			conn.Send([]byte("POST /probe HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b"))
			within(p.started, "the first read")
			conn.Reset()
			close(p.proceed)
			got := <-p.results
			Expect(got[0]).To(Equal("first read 10 S_OK"))
			Expect(got[1]).To(Equal("read after the reset 0 HRESULT_FROM_WIN32(ERROR_CONNECTION_INVALID)"))
		})
	}
})
