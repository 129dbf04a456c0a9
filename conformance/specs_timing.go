package conformance

import (
	"context"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// elapse lets time pass on in: on a backend on its own clock, d of it,
// once a timer is armed for armed from now (0: at once); on the wall
// clock, wall of it, which is what the spec then measures or outlasts.
// It returns the time that passed, at least.
func elapse(ctx context.Context, in Instance, armed, d, wall time.Duration) time.Duration {
	if f, ok := in.(TimerFirer); ok {
		ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
		defer cancel()
		Expect(f.Pass(ctx, armed, d)).To(Succeed(), "the server arms its timer")
		return d
	}
	time.Sleep(wall) // the wall clock is what is measured: nothing else will do
	return wall
}

// bigSite answers every request with size bytes, more than a loopback
// socket's buffers hold, so a client that does not read holds the send.
func bigSite(size int) *iis.Site {
	body := []byte(strings.Repeat("x", size))
	return &iis.Site{Name: "Big", Applications: []*iis.Application{{Path: "/big",
		Handler: &iis.Handler{Name: "Big", Execute: func(c iis.IHttpContext) iis.RequestNotificationStatus {
			c.GetResponse().WriteEntityChunks([]iis.DataChunk{iis.ChunkFromMemory(body)}, false, false)
			return iis.StatusContinue
		}}}}}
}

// bigBody is bigSite's size in the specs: well past what loopback TCP
// buffers on either side.
const bigBody = 32 << 20

var _ = Area("HTTP.sys timer settings", func() {
	// LOG-TT-1 [DOC] time-taken runs from HTTP.sys's first byte of the
	// request, before parsing, to the last send's completion. On the
	// model, one second passes while the head is incomplete and half a
	// second while the module holds the request: time-taken is exactly
	// 1,500 ms. On sockets, at least the hold's wall time.
	// Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/
	Spec("logs time-taken from the request's first byte to the last send", Needs{Behaviours: []string{"LOG-TT-1"}, Site: true},
		func(ctx SpecContext, b Backend) {
			p := newDisconnectProbe()
			in := startOn(b, p.site(), func(bool) httpsys.Config {
				// IdleConnection an hour: the only timer due in 120 s is
				// then HeaderWait, armed at the request's first byte.
				return httpsys.Config{Timeouts: httpsys.Timeouts{IdleConnection: time.Hour}}
			})
			conn := openOn(ctx, in)
			conn.Send([]byte("GET /probe HTTP/1.1\r\nHo"))
			taken := elapse(ctx, in, httpsys.DefaultTimer, time.Second, 0) // HeaderWait armed: the first byte is in
			conn.Send([]byte("st: x\r\n\r\n"))
			within(p.started, "the module to hold the request")
			held := <-p.held
			taken += elapse(ctx, in, 0, 500*time.Millisecond, socketTimer)
			held.PostCompletion(0)
			<-p.results
			res := conn.Finish(ctx, 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0].StatusCode).To(Equal(200))
			Eventually(func() []iis.RequestLogEntry { return in.RequestLog(conn.LocalAddr()) }).Should(HaveLen(1))
			got := in.RequestLog(conn.LocalAddr())[0].TimeTakenMs
			if _, own := in.(TimerFirer); own {
				Expect(got).To(Equal(taken.Milliseconds()), "time-taken on a clock only the spec moves")
			} else {
				Expect(got).To(BeNumerically(">=", taken.Milliseconds()), "time-taken covers the hold")
			}
		})

	// SYS-TIME-2 [DOC] a timer set to 0 takes its default. On the model
	// HeaderWait 0 expires at the default's 120 s, not before; on sockets
	// a zero HeaderWait does not drop a head that takes a moment.
	// Source: learn.microsoft.com/windows/win32/api/http/ns-http-http_timeout_limit_info
	Spec("takes the default for a timer set to 0", Needs{Behaviours: []string{"SYS-TIME-2", "SYS-TIME-1"}, Site: true},
		func(ctx SpecContext, b Backend) {
			in := startOn(b, bigSite(1), func(bool) httpsys.Config {
				return httpsys.Config{Timeouts: httpsys.Timeouts{HeaderWait: 0, IdleConnection: time.Hour}}
			})
			conn := openOn(ctx, in)
			conn.Send([]byte("GET /big HTTP/1.1\r\nHo"))
			elapse(ctx, in, httpsys.DefaultTimer, httpsys.DefaultTimer-time.Millisecond, 2*socketTimer)
			Expect(in.ErrorLog(conn.LocalAddr())).To(BeEmpty(), "HeaderWait has not expired")
			if _, own := in.(TimerFirer); own {
				elapse(ctx, in, time.Millisecond, time.Millisecond, 0)
				Eventually(func() []httpsys.ErrorLogEntry { return in.ErrorLog(conn.LocalAddr()) }).
					Should(ConsistOf(HaveField("Reason", httpsys.ReasonTimerHeaderWait)), "HeaderWait expires at its default")
				return
			}
			conn.Send([]byte("st: x\r\n\r\n"))
			res := conn.Finish(ctx, 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0].StatusCode).To(Equal(200))
		})

	// SYS-TIME-1 [DOC] a client that takes the response more slowly than
	// MinSendRate is dropped (Timer_MinBytesPerSecond); SYS-TIME-2 [DOC]
	// MinSendRate MAXULONG turns that timer off, so a client that stops
	// reading for a while still gets the whole response.
	// Source: learn.microsoft.com/windows/win32/api/http/ns-http-http_timeout_limit_info
	Spec("drops a client slower than MinSendRate", Needs{Behaviours: []string{"SYS-TIME-1", "SYS-LOG-1"}, Site: true},
		func(ctx SpecContext, b Backend) {
			in := startOn(b, bigSite(bigBody), func(bool) httpsys.Config {
				return httpsys.Config{Timeouts: httpsys.Timeouts{MinSendRate: 1 << 30}} // any write gets the least window
			})
			conn := openOn(ctx, in)
			conn.Send([]byte("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"))
			Expect(conn.ReadSome(ctx)).To(Succeed(), "the response begins")
			elapse(ctx, in, 0, time.Hour, 0) // the model's send deadline passes; on sockets its 100 ms run on their own
			Eventually(func() []httpsys.ErrorLogEntry { return in.ErrorLog(conn.LocalAddr()) }, exchangeTimeout).
				Should(ConsistOf(HaveField("Reason", httpsys.ReasonTimerMinBytesPerSecond)))
		})
	Spec("keeps a slow client when MinSendRate is MAXULONG", Needs{Behaviours: []string{"SYS-TIME-2"}, Site: true},
		func(ctx SpecContext, b Backend) {
			in := startOn(b, bigSite(bigBody), func(bool) httpsys.Config {
				return httpsys.Config{Timeouts: httpsys.Timeouts{MinSendRate: httpsys.MinSendRateOff}}
			})
			conn := openOn(ctx, in)
			conn.Send([]byte("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"))
			Expect(conn.ReadSome(ctx)).To(Succeed(), "the response begins")
			elapse(ctx, in, 0, time.Hour, 5*socketTimer) // past any send window
			res := conn.Finish(ctx, 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0].Body).To(HaveLen(bigBody))
			Expect(in.ErrorLog(conn.LocalAddr())).To(BeEmpty())
		})
})
