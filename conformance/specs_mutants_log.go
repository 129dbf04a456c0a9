package conformance

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/httpsys"
)

// Specs for what HTTP.sys writes in its error log that mutation testing
// found unchecked (see internal/mutate and its survivors list): the entry
// of a client that leaves in the middle of a head.

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
