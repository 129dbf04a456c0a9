package conformance

import (
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

var (
	clearResets = &fixtures.Scenario{ID: "clear-resets", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Clearer", At("RQ_BEGIN_REQUEST", "", Do("SetStatus", "404", "Not Found"), Do("SetHeader", "X-Gone", "a"),
				Do("WriteEntityChunks", "gone\n"), Do("Clear"), Do("WriteEntityChunks", "kept\n"))),
		}}
	clearHeaders = &fixtures.Scenario{ID: "clear-headers", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Clearer", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "X-A", "a"), Do("SetHeader", "Server", "Other"),
				Do("ClearHeaders"), Do("GetHeader", "Server"), Do("GetHeader", "X-A"))),
		}}
	setHeaders = &fixtures.Scenario{ID: "set-header", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Setter", At("RQ_BEGIN_REQUEST", "",
				Do("SetHeader", "X-List", "a"), Do("SetHeader", "X-List", "b", "false"),
				Do("SetHeader", "X-Rep", "a"), Do("SetHeader", "X-Rep", "b", "true"),
				Do("SetHeader", "", "nameless"),
				Do("SetHeader", "X-Long", strings.Repeat("v", 70000)),
				Do("GetHeader", "X-Absent"), Do("DeleteHeader", "X-Absent"),
				Do("SetHeader", "X-Del", "d"), Do("DeleteHeader", "X-Del"))),
		}}
	redirectAbsolute = &fixtures.Scenario{ID: "redirect", HandlerBody: "appended\n",
		Request: "GET {path}/page?a=1 HTTP/1.1\r\nHost: example.test\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Redirector", At("RQ_BEGIN_REQUEST", "", Do("Redirect", "/new/place", "true", "true"))),
		}}
	redirectRelativeFinish = &fixtures.Scenario{ID: "redirect-relative-finish", HandlerBody: "never\n",
		Request: "GET {path}/dir/page HTTP/1.1\r\nHost: example.test\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Redirector", At("RQ_BEGIN_REQUEST", "FINISH", Do("Redirect", "other", "true", "false"))),
		}}
	redirectAfterFlush = &fixtures.Scenario{ID: "redirect-after-flush", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Late", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "flushed\n"), Do("Flush"),
				Do("Redirect", "/elsewhere", "true", "false"))),
		}}
	suppressHeaders = &fixtures.Scenario{ID: "suppress-headers", HandlerBody: "only the entity\n",
		Modules: []fixtures.ModuleScript{
			Mod("Suppressor", At("RQ_BEGIN_REQUEST", "", Do("SuppressHeaders"), Do("SetHeader", "X-Kept", "readable")),
				At("RQ_END_REQUEST", "", Do("GetHeadersSuppressed"), Do("GetHeader", "X-Kept"))),
		}}
	serverByID = &fixtures.Scenario{ID: "server-header-by-id", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("ByID", At("RQ_END_REQUEST", "", Do("SetHeaderByID", "26", "Extra/1.0", "true"),
				Do("SetHeaderByID", "12", "text/x-by-id", "true"))),
		}}
	serverByName = &fixtures.Scenario{ID: "server-header-by-name", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("ByName", At("RQ_BEGIN_REQUEST", "", Do("SetHeader", "Server", "Mine/2.0", "true"))),
		}}
	statusWho = &fixtures.Scenario{ID: "status-who", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Setter", At("RQ_AUTHORIZE_REQUEST", "", Do("SetStatus", "404", "Not Found"),
				Do("SetStatus", "500", strings.Repeat("r", 70000)))),
			Mod("Reader", At("RQ_END_REQUEST", "", Do("GetStatus"))),
		}}
	errorAndCache = &fixtures.Scenario{ID: "error-description-kernel-cache", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("M", At("RQ_BEGIN_REQUEST", "", Do("GetKernelCacheEnabled"), Do("DisableKernelCache"), Do("GetKernelCacheEnabled"),
				Do("SetErrorDescription", "described"), Do("GetErrorDescription"))),
		}}
)

var _ = Area("IHttpResponse::Clear and ClearHeaders", func() {
	// CL-1 [DOC] Clear empties the buffered entity and, per the method
	// page's remarks (scope INFER), puts status and headers back to their
	// defaults.
	// Source: iis:ihttpresponse-clear-method
	Behaviour("empties the entity and restores the default status and headers", []string{"CL-1"},
		ScenarioCase(clearResets), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveNoHeader("X-Gone"))
			Expect(r).To(HaveBody("kept\nhandler\n"))
		}})
	Behaviour("runs the documentation's Clear sample", []string{"CL-1"},
		SampleCase("clear", "GET /samples/clear HTTP/1.1\r\nHost: x\r\n\r\n", 1), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("The handler's output was cleared.\n"))
		}})

	// CL-2 [DOC] ClearHeaders removes every header and puts back the
	// default set (Server: Microsoft-IIS/10.0, SD-1).
	// Source: iis:ihttpresponse-clearheaders-method
	Behaviour("removes every header and puts back the defaults", []string{"CL-2", "SD-1"},
		ScenarioCase(clearHeaders), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveNoHeader("X-A"))
			Expect(r).To(HaveHeader("Server", "Microsoft-IIS/10.0"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(`call GetHeader =""`, `call GetHeader =""`))
		}})
})

var _ = Area("IHttpResponse headers", func() {
	// HD-1 [DOC] SetHeader replaces with fReplace TRUE and appends with a
	// comma otherwise; a NULL name is ERROR_INVALID_PARAMETER (the emulator
	// takes an empty name for NULL: INFER) and a value too long
	// ERROR_INVALID_DATA.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("replaces or appends, and refuses a nameless header or an overlong value", []string{"HD-1"},
		ScenarioCase(setHeaders), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveHeader("X-List", "a,b"))
			Expect(r).To(HaveHeader("X-Rep", "b"))
			Expect(r).To(HaveNoHeader("X-Long"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHeader =HRESULT_FROM_WIN32(ERROR_INVALID_DATA)",
			))
		}})

	// HD-2 [DOC] GetHeader of an absent header returns an empty value;
	// DeleteHeader succeeds whether or not the header exists.
	// Source: iis:ihttpresponse-getheader-method, iis:ihttpresponse-deleteheader-method
	Behaviour("reads an absent header as empty and deletes with or without it", []string{"HD-2"},
		ScenarioCase(setHeaders), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveNoHeader("X-Del"))
			Expect(o.Response(0)).To(HaveBody("handler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(`call GetHeader =""`, "call DeleteHeader =S_OK", "call DeleteHeader =S_OK"))
		}})
})

var _ = Area("IHttpResponse status, headers and flags", func() {
	// HD-3 [EVID] Server set through the HTTP_HEADER_ID overload before the
	// send is the only product (IIS adds its own at the send only when no
	// module set one); the by-name overload replaces it.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("sets Server through the header ID before the send", []string{"HD-3"},
		ScenarioCase(serverByID), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveHeader("Server", "Extra/1.0"))
			Expect(r).To(HaveHeader("Content-Type", "text/x-by-id"))
		}})
	Behaviour("replaces Server by name", []string{"HD-3", "SD-1"},
		ScenarioCase(serverByName), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveHeader("Server", "Mine/2.0"))
		}})

	// ST-1 [DOC] GetStatus tells the status and which module set it in which
	// notification; a reason too long is ERROR_INVALID_DATA.
	// Source: iis:ihttpresponse-getstatus-method
	Behaviour("tells who set the status, and refuses an overlong reason", []string{"ST-1"},
		ScenarioCase(statusWho), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveStatus(404))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call SetStatus =S_OK",
				"call SetStatus =HRESULT_FROM_WIN32(ERROR_INVALID_DATA)",
				`call GetStatus =404.0 "Not Found" by "Setter" in RQ_AUTHORIZE_REQUEST`,
			))
		}})

	// ERR-DESC-1 [DOC], KC-1 [DOC]
	// Source: iis:ihttpresponse-seterrordescription-method, iis:ihttpresponse-disablekernelcache-method
	Behaviour("keeps the error description and the kernel-cache flag", []string{"ERR-DESC-1", "KC-1"},
		ScenarioCase(errorAndCache), Checks{Wire: func(o *Observation) {
			expectServed(o, "handler\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetKernelCacheEnabled =TRUE", "call DisableKernelCache",
				"call GetKernelCacheEnabled =FALSE", "call SetErrorDescription =S_OK", `call GetErrorDescription ="described"`))
		}})
})

var _ = Area("IHttpResponse::Redirect", func() {
	// RD-1 [DOC] Redirect sends a 302 with a Location made absolute within
	// the request's host, parameters copied when asked; it does not clear
	// the entity, so later output is appended. RD-2 [INFER] reason
	// "Redirect", no body of its own.
	// Source: iis:ihttpresponse-redirect-method
	Behaviour("redirects with an absolute Location, keeps the parameters, and keeps later output", []string{"RD-1", "RD-2"},
		ScenarioCase(redirectAbsolute), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveStatus(302))
			Expect(r.Reason).To(Equal("Redirect"))
			Expect(r).To(HaveHeader("Location", "http://"+o.SentHost()+"/new/place?a=1"))
			Expect(r).To(HaveBody(documentMoved("http://"+o.SentHost()+"/new/place?a=1") + "appended\n"))
		}})
	Behaviour("resolves a relative URL against the request's directory", []string{"RD-1"},
		ScenarioCase(redirectRelativeFinish), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveStatus(302))
			Expect(r).To(HaveHeader("Location", "http://"+o.SentHost()+"/scenarios/redirect-relative-finish/dir/other"))
			Expect(r).To(HaveBody(documentMoved("http://" + o.SentHost() + "/scenarios/redirect-relative-finish/dir/other")))
		}})
	// RD-1 [DOC] After a flush, Redirect does not redirect.
	Behaviour("does not redirect after a flush", []string{"RD-1", "RD-2", "FL-1"},
		ScenarioCase(redirectAfterFlush), Checks{Wire: func(o *Observation) {
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveNoHeader("Location"))
			Expect(r).To(HaveBody("flushed\nhandler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call Redirect =S_OK"))
		}})
})

var _ = Area("IHttpResponse::SuppressHeaders", func() {
	// SH-1 [DOC] Status and headers stay readable but are not sent: only
	// entity bytes go out, so only the close ends them.
	// Source: iis:ihttpresponse-suppressheaders-method
	Behaviour("sends only the entity, while modules still read the headers", []string{"SH-1", "SYS-DISC-1"},
		ScenarioCase(suppressHeaders), Checks{Wire: func(o *Observation) {
			Expect(o).To(ReceiveExactly("only the entity\n"))
			Expect(o).To(BeClosedGracefully())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetHeadersSuppressed =TRUE", `call GetHeader ="readable"`))
		}})
})
