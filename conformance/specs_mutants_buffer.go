package conformance

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
)

// Specs for the edges of HTTP.sys's request limits and of the buffer a
// connection reads into, which mutation testing found unchecked (see
// internal/mutate and its survivors list): a line exactly at the limit,
// heads and lines larger than the default buffer, and MaxConnections
// freeing a place.

// paddedField is a header line "X-Pad: vvv…" of exactly n bytes, its
// CRLF not counted.
func paddedField(n int) string {
	const name = "X-Pad: "
	return name + strings.Repeat("v", n-len(name))
}

var _ = Area("HTTP.sys read buffer, as mutation testing asked", func() {
	// SYS-LIM-1 [DOC] A request line longer than MaxFieldLength is answered
	// 414 even when the server has not yet read its end: a line longer
	// than the whole read buffer (20 KiB) is refused as soon as the
	// buffer holds more than the limit, as the shorter line of "answers a
	// request line over MaxFieldLength with 414" is once it is read.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	Behaviour("answers a request line longer than the read buffer with 414", []string{"SYS-LIM-1", "SYS-ERR-2", "SYS-LOG-1"},
		limitCase("url-longer-than-buffer", "GET /"+strings.Repeat("a/", 12<<10)+" HTTP/1.1\r\nHost: x\r\n\r\n"),
		rejected(414, "Request URL Too Long", httpsys.ReasonURLLength))
})

var _ = Area("HTTP.sys limits at their edges", func() {
	// SYS-LIM-1 [DOC] MaxFieldLength bounds each header line: a line of
	// exactly MaxFieldLength bytes is accepted, one byte more is refused
	// with 400 and logged FieldLength. That the count leaves out the
	// line's CRLF is the project's reading (INFER): the registry page
	// gives the limit per header, not how its bytes are counted.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	const fieldLimit = 100
	Spec("accepts a header line of exactly MaxFieldLength bytes and refuses one a byte longer",
		Needs{Behaviours: []string{"SYS-LIM-1", "SYS-LOG-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{Limits: httpsys.Limits{MaxFieldLength: fieldLimit}})
			res, addr := sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\n"+paddedField(fieldLimit)+"\r\n\r\n", 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0]).To(HaveStatus(200), "a line of exactly MaxFieldLength bytes")
			Expect(in.ErrorLog(addr)).To(BeEmpty())
			res, addr = sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\n"+paddedField(fieldLimit+1)+"\r\n\r\n", 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0]).To(HaveStatus(400), "a line a byte over MaxFieldLength")
			Expect(res).To(BeClosedGracefully())
			Eventually(func() []httpsys.ErrorLogEntry { return in.ErrorLog(addr) }).
				Should(ContainElement(HaveField("Reason", httpsys.ReasonFieldLength)), "logged as one line too long")
		})

	// SYS-LIM-1 [DOC] A MaxRequestBytes above its default admits heads
	// that large: a head of 20 KiB, in lines each under MaxFieldLength,
	// is answered, its chunked body (unread by the application) drained,
	// and the request pipelined after it answered too, though it is a
	// head of about 50 KB after an empty line (which RFC 9112 section 2.2
	// has a server ignore before a request line); so is a small request
	// after that. (20 KiB is where the emulator's read buffer ends at
	// first, so its body is read past a head that fills the buffer
	// exactly; any size is as valid for another server.)
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	Spec("answers heads over the default MaxRequestBytes when MaxRequestBytes admits them, and the requests after them",
		Needs{Behaviours: []string{"SYS-LIM-1", "SYS-KA-1", "SYS-DRAIN-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{Limits: httpsys.Limits{MaxRequestBytes: 64 << 10}})
			start := "POST " + hello.Path() + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
			pad := 20<<10 - len(start) - 2*len("\r\n") - len("\r\n")
			filled := start + paddedField(pad/2) + "\r\n" + paddedField(pad-pad/2) + "\r\n\r\n" + "5\r\nhello\r\n0\r\n\r\n"
			Expect(strings.Index(filled, "\r\n\r\n")+4).To(Equal(20<<10), "the head's length")
			larger := "\r\nGET {path} HTTP/1.1\r\nHost: x\r\n" + strings.Repeat(paddedField(10_000)+"\r\n", 5) + "\r\n"
			res, addr := sendOn(ctx, in, filled+larger+"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 3)
			Expect(res.Final()).To(HaveLen(3))
			for i, r := range res.Final() {
				Expect(r).To(HaveStatus(200), "response %d", i+1)
				Expect(r).To(HaveBody(fixtures.HandlerBody), "response %d", i+1)
			}
			Expect(res).To(StayOpen())
			Expect(in.ErrorLog(addr)).To(BeEmpty())
		})

	// SYS-LIM-1 [DOC] MaxConnections bounds the connections open at once,
	// not those ever made: once a connection has ended, its place is free,
	// and a new one is served.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	Spec("serves a new connection once the one MaxConnections allowed has ended",
		Needs{Behaviours: []string{"SYS-LIM-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{Limits: httpsys.Limits{MaxConnections: 1}})
			for i := range 3 {
				conn := openOn(ctx, in)
				conn.Send([]byte("GET " + hello.Path() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
				res := conn.Finish(ctx, 1)
				Expect(res.Final()).To(HaveLen(1))
				Expect(res.Final()[0]).To(HaveStatus(200), "connection %d, each made after the one before ended", i+1)
				Expect(res).To(BeClosedGracefully())
				Expect(conn.Close()).To(Succeed())
			}
		})
})
