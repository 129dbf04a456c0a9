package conformance

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
)

// Specs for how HTTP.sys ends a connection, and what it writes in its
// error log then, that mutation testing found unchecked (see
// internal/mutate and its survivors list): DrainEntityBody expiring, and a
// client that leaves in the middle of a head.

// drainStall is a request whose body stops short: the application answers
// without reading it, and HTTP.sys, draining it for the next request,
// waits for bytes that never come.
const drainStall = "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b"

var _ = Area("HTTP.sys drain timer", func() {
	// SYS-TIME-1 [DOC] DrainEntityBody bounds how long HTTP.sys drains,
	// after the response, a body the application did not read: when it
	// expires, HTTP.sys closes the connection in an orderly way (the
	// response is complete by then) and logs it. The reason,
	// Timer_EntityBody, is the project's reading (SYS-LOG-1's reasoning:
	// the page has no drain phrase).
	// Source: win:ns-http-http_timeout_limit_info
	// The timer is armed only once the response is sent, and the
	// connection settles only once it has expired, so it is let expire as
	// soon as it is armed (not FireAfterResponses).
	Behaviour("closes a connection whose unread body stalls past DrainEntityBody, after the response", []string{"SYS-TIME-1", "SYS-DRAIN-1", "SYS-LOG-1"},
		timerCase(SysCase("drain-entity-body", drainStall, 1), "DrainEntityBody"), Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(o.ErrorReasons()).To(Equal([]httpsys.LogReason{httpsys.ReasonTimerEntityBody}))
		}})
})

var _ = Describe("HTTP.sys error log, as mutation testing asked", func() {
	// SYS-LOG-1 [DOC] A client that sends part of a request head and then
	// closes its connection (FIN) has closed prematurely, before its
	// request reached the application: HTTP.sys logs it once, as
	// Client_Reset, with no status, since it answered nothing (sc-status
	// "-"). The phrase for a FIN rather than an RST is the project's
	// reading (the catalogue's SYS-LOG-1 reasoning).
	// Source: https://learn.microsoft.com/en-us/windows/win32/http/types-of-errors-logged-by-the-http-server-api
	Spec("logs Client_Reset, with no status, for a client that sends half a head and closes",
		Needs{Behaviours: []string{"SYS-LOG-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{})
			conn := openOn(ctx, in)
			conn.Send([]byte("GET " + hello.Path() + " HTTP/1.1\r\nHost: x\r\nX-Half: "))
			addr := conn.LocalAddr()
			Expect(conn.Close()).To(Succeed())
			Eventually(func() []httpsys.ErrorLogEntry { return in.ErrorLog(addr) }).Should(ConsistOf(
				And(HaveField("Reason", httpsys.ReasonClientReset), HaveField("Status", 0))),
				"one entry, Client_Reset, no status")
		})
})
