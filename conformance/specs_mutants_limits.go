package conformance

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
)

// Specs for limits that mutation testing found checked only one way: each
// limit's refusal was checked, not that a raised or freed limit lets a
// request through.

// bigHead is a GET whose head is about n bytes: header lines of 1,000
// bytes each, every one well under MaxFieldLength.
func bigHead(n int) string {
	return "GET {path} HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-H: "+strings.Repeat("0123456789", 99)+"\r\n", n/1000) + "\r\n"
}

var _ = Describe("HTTP.sys limits, raised or freed", func() {
	// SYS-LIM-1 [DOC] MaxRequestBytes bounds a request's head; raised, it
	// lets a head through that the default refuses, and so do the requests
	// after it on the connection.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	Spec("answers heads larger than the default MaxRequestBytes once MaxRequestBytes is raised",
		Needs{Behaviours: []string{"SYS-LIM-1", "SYS-KA-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{Limits: httpsys.Limits{MaxRequestBytes: 64 << 10}})
			head := bigHead(40 << 10)
			Expect(len(head)).To(BeNumerically(">", 2*httpsys.DefaultMaxRequestBytes))
			res, _ := sendOn(ctx, in, head+head, 2)
			Expect(res.Final()).To(HaveLen(2))
			for i, r := range res.Final() {
				Expect(r.StatusCode).To(Equal(200), "request %d", i+1)
				Expect(string(r.Body)).To(Equal(fixtures.HandlerBody), "request %d", i+1)
			}
		})

	// SYS-LIM-1 [DOC] MaxConnections counts the connections open now: one
	// that ends frees its place for the next.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	Spec("takes a new connection in place of one that closed at MaxConnections",
		Needs{Behaviours: []string{"SYS-LIM-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{Limits: httpsys.Limits{MaxConnections: 1}})
			res, _ := sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0].StatusCode).To(Equal(200), "the first connection")
			Expect(res).To(BeClosedGracefully())
			// The server may see the first connection end a moment after
			// the client does: until then a new one is refused, and after,
			// taken.
			Eventually(func() int {
				res, _ := sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1)
				if len(res.Final()) != 1 {
					return 0
				}
				return res.Final()[0].StatusCode
			}).WithContext(ctx).WithTimeout(10*time.Second).Should(Equal(200), "a connection after the first one closed")
		})
})
