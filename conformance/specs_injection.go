package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

// headerInjection tries each setter with text that would split the
// response head.
var headerInjection = &fixtures.Scenario{ID: "header-injection", HandlerBody: "handler\n",
	Modules: []fixtures.ModuleScript{
		Mod("Injector", At("RQ_BEGIN_REQUEST", "",
			Do("SetHeader", "X-Value", "a\r\nSet-Cookie: evil=1"),
			Do("SetHeader", "X-Name\r\nSet-Cookie: evil=2", "a"),
			Do("SetHeader", "X-Nul", "a\x00b"),
			Do("SetHeaderByID", "12", "text/plain\r\nX-Injected: 1"),
			Do("SetStatus", "200", "OK\r\nX-Injected: 2"),
			Do("Redirect", "/x\r\nX-Injected: 3", "true", "false"),
			Do("SetHeader", "X-Clean", "kept"))),
	}}

var _ = Area("IHttpResponse head injection", func() {
	// HD-5 [INFER] SetHeader (both overloads), SetStatus's reason and
	// Redirect's URL refuse CR, LF and NUL with ERROR_INVALID_PARAMETER,
	// one of the method pages' documented results, and change nothing:
	// no module can split the response head.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("refuses CR, LF and NUL in header names and values, the reason and a redirect", []string{"HD-5"},
		ScenarioCase(headerInjection), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r.Reason).To(Equal("OK"))
			Expect(r).To(HaveHeader("X-Clean", "kept"))
			for _, name := range []string{"Set-Cookie", "X-Injected", "X-Value", "X-Nul", "Location"} {
				Expect(r).To(HaveNoHeader(name), name+" must not reach the wire")
			}
			Expect(r).To(HaveBody("handler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetStatus =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call Redirect =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHeader =S_OK",
			))
		}})
})
