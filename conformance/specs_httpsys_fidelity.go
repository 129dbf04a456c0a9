package conformance

import (
	"context"
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
)

// sendOn sends raw on a new connection to in and returns what came back
// for requests of it.
func sendOn(ctx context.Context, in Instance, raw string, requests int) (*wire.Result, string) {
	conn := openOn(ctx, in)
	conn.Send([]byte(strings.ReplaceAll(raw, "{path}", hello.Path())))
	return conn.Finish(ctx, requests), conn.LocalAddr()
}

// helloWith starts the hello scenario's site on b with HTTP.sys set by cfg.
func helloWith(b Backend, cfg httpsys.Config) Instance {
	site, err := fixtures.ScenarioSite(hello)
	Expect(err).NotTo(HaveOccurred())
	return startOn(b, site, func(bool) httpsys.Config { return cfg })
}

var _ = Describe("HTTP.sys registry settings", func() {
	// SD-2 [DOC] DisableServerHeader 1 keeps Server off the answers HTTP.sys
	// generates itself; 2 stops HTTP.sys adding one to any response, and
	// removes none an application set: IIS's Microsoft-IIS/10.0 stays.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	for _, v := range []int{httpsys.ServerHeaderOffOwnAnswers, httpsys.ServerHeaderOff} {
		Spec(fmt.Sprintf("DisableServerHeader %d keeps Server off HTTP.sys's own 400 and IIS's Server on its response", v),
			Needs{Behaviours: []string{"SD-2", "SD-1"}, Site: true}, func(ctx SpecContext, b Backend) {
				in := helloWith(b, httpsys.Config{DisableServerHeader: v})
				res, _ := sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1)
				Expect(res.Final()).To(HaveLen(1))
				Expect(res.Final()[0].Get("Server")).To(Equal("Microsoft-IIS/10.0"), "the application's Server is kept")
				res, _ = sendOn(ctx, in, "BAD\r\n\r\n", 1)
				Expect(res.Final()).To(HaveLen(1))
				Expect(res.Final()[0].StatusCode).To(Equal(400))
				_, has := res.Final()[0].Header("Server")
				Expect(has).To(BeFalse(), "HTTP.sys's own answer carries no Server")
			})
	}

	// SYS-SEND-2 [DOC] HTTP.sys puts its product after an application's
	// Server value; IIS's responses carry Microsoft-IIS/10.0 alone at
	// DisableServerHeader 0 (how IIS avoids the suffix is INFER).
	// Source: win:nf-http-httpsendhttpresponse
	Spec("sends IIS's Server alone, without HTTP.sys's product after it",
		Needs{Behaviours: []string{"SYS-SEND-2", "SD-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{})
			res, _ := sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0].Get("Server")).To(Equal("Microsoft-IIS/10.0"))
		})

	// SYS-LIM-2 [DOC] With MaxRequestBytes below MaxFieldLength,
	// MaxFieldLength is adjusted; down to MaxRequestBytes is the reading
	// taken (INFER), so one line longer than that is a FieldLength error.
	// Source: learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows
	Spec("brings MaxFieldLength down to a lower MaxRequestBytes",
		Needs{Behaviours: []string{"SYS-LIM-2", "SYS-LIM-1"}, Site: true}, func(ctx SpecContext, b Backend) {
			in := helloWith(b, httpsys.Config{Limits: httpsys.Limits{MaxRequestBytes: 300}})
			res, addr := sendOn(ctx, in, "GET {path} HTTP/1.1\r\nHost: x\r\nX-Long: "+strings.Repeat("v", 400)+"\r\n\r\n", 1)
			Expect(res.Final()).To(HaveLen(1))
			Expect(res.Final()[0].StatusCode).To(Equal(400))
			Eventually(func() []httpsys.ErrorLogEntry { return in.ErrorLog(addr) }).
				Should(ContainElement(HaveField("Reason", httpsys.ReasonFieldLength)), "logged as one line too long")
		})
})

var _ = Area("HTTP.sys and HTTP/1.0", func() {
	// SYS-KA-2 [EVID] An HTTP/1.0 request with Connection: keep-alive keeps
	// its connection, and HTTP.sys answers it, as every request, with an
	// HTTP/1.1 status line; the Connection: keep-alive in the answer is
	// INFER.
	// Source: dotnet/aspnetcore src/Servers/HttpSys/test/FunctionalTests/Listener/ResponseHeaderTests.cs (ResponseHeaders_HTTP10KeepAliveRequest_KeepAliveHeader_Gets11NoClose)
	Behaviour("keeps an HTTP/1.0 keep-alive connection and answers with HTTP/1.1", []string{"SYS-KA-2", "SYS-KA-1"},
		HelloCase("http10-keep-alive", "GET {path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET {path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 2),
		Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(2))
			for i := range 2 {
				r := o.Response(i)
				Expect(r.Proto).To(Equal("HTTP/1.1"), "the status line's version")
				Expect(r).To(HaveHeader("Connection", "keep-alive"))
				expectAnswered(o, r, fixtures.HandlerBody, 1)
			}
			Expect(o).To(StayOpen())
		}})
	// SYS-KA-2 [EVID] A plain HTTP/1.0 request is answered HTTP/1.1 too,
	// and its connection closed.
	// Source: dotnet/aspnetcore src/Servers/IIS/IIS/test/Common.FunctionalTests/RequestResponseTests.cs (ReadAndWriteSlowConnection)
	Behaviour("answers a plain HTTP/1.0 request with HTTP/1.1 and closes", []string{"SYS-KA-2", "SYS-KA-1"},
		HelloCase("http10-status-line", "GET {path} HTTP/1.0\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			expectServed(o, fixtures.HandlerBody)
			Expect(o.Response(0).Proto).To(Equal("HTTP/1.1"), "the status line's version")
			Expect(o).To(BeClosedGracefully())
		}})
})
