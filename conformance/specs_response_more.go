package conformance

import (
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

var (
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
	byReference = &fixtures.Scenario{ID: "write-by-reference", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Referrer", At("RQ_END_REQUEST", "", Do("WriteEntityChunkByReference", "PRE\n", "0"),
				Do("WriteEntityChunkByReference", "POST\n", "-1"), Do("WriteEntityChunkByReference", "x", "5"))),
		}}
	chunkLimits = &fixtures.Scenario{ID: "chunk-limits", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Writer", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunksNull"), Do("WriteEntityChunksCount", "3"),
				Do("WriteEntityChunksCount", "65533"))),
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

var _ = Area("IHttpResponse::Redirect", func() {
	// RD-1 [DOC] Redirect sends a 302 with a Location made absolute within
	// the request's host, parameters copied when asked; it does not clear
	// the entity, so later output is appended. RD-2 [INFER] reason
	// "Redirect", no body of its own.
	// Source: iis:ihttpresponse-redirect-method
	Behaviour("redirects with an absolute Location, keeps the parameters, and keeps later output", []string{"RD-1", "RD-2"},
		ScenarioCase(redirectAbsolute), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.StatusCode).To(Equal(302))
			Expect(r.Reason).To(Equal("Redirect"))
			Expect(r.Get("Location")).To(Equal("http://example.test/new/place?a=1"))
			Expect(string(r.Body)).To(Equal("appended\n"))
		})
	Behaviour("resolves a relative URL against the request's directory", []string{"RD-1"},
		ScenarioCase(redirectRelativeFinish), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.StatusCode).To(Equal(302))
			Expect(r.Get("Location")).To(Equal("http://example.test/scenarios/redirect-relative-finish/dir/other"))
			Expect(r.Body).To(BeEmpty())
		})
	// RD-1 [DOC] After a flush, Redirect does not redirect.
	Behaviour("does not redirect after a flush", []string{"RD-1", "RD-2", "FL-1"},
		ScenarioCase(redirectAfterFlush), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.StatusCode).To(Equal(200))
			Expect(r.Get("Location")).To(BeEmpty())
			Expect(o).To(HaveEventsInOrder("call Redirect =S_OK"))
		})
})

var _ = Area("IHttpResponse::SuppressHeaders", func() {
	// SH-1 [DOC] Status and headers stay readable but are not sent: only
	// entity bytes go out, so only the close ends them.
	// Source: iis:ihttpresponse-suppressheaders-method
	Behaviour("sends only the entity, while modules still read the headers", []string{"SH-1", "SYS-DISC-1"},
		ScenarioCase(suppressHeaders), func(o *Observation) {
			Expect(string(o.Client.Received)).To(Equal("only the entity\n"))
			Expect(o).To(BeClosedGracefully())
			Expect(o).To(HaveEventsInOrder("call GetHeadersSuppressed =TRUE", `call GetHeader ="readable"`))
		})
})

var _ = Area("IHttpResponse entity chunks", func() {
	// BUF-5 [DOC] WriteEntityChunkByReference puts the chunk before (0) or
	// after (-1) what is buffered; other positions are refused (INFER).
	// Source: iis:ihttpresponse-writeentitychunkbyreference-method
	Behaviour("inserts chunks by reference before or after the buffered data", []string{"BUF-5"},
		ScenarioCase(byReference), func(o *Observation) {
			Expect(string(o.Client.Final()[0].Body)).To(Equal("PRE\nhandler\nPOST\n"))
			Expect(o).To(HaveEventsInOrder("call WriteEntityChunkByReference =S_OK", "call WriteEntityChunkByReference =S_OK",
				"call WriteEntityChunkByReference =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)"))
		})

	// BUF-4 [DOC] A NULL chunk array is ERROR_INVALID_PARAMETER; more than
	// 65,535 chunks in one response is ERROR_ARITHMETIC_OVERFLOW; pcbSent
	// reports the bytes taken.
	// Source: iis:ihttpresponse-writeentitychunks-method
	Behaviour("refuses a NULL chunk array and more than 65,535 chunks", []string{"BUF-4"},
		ScenarioCase(chunkLimits), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call WriteEntityChunks =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call WriteEntityChunks =S_OK",
				"call WriteEntityChunks =HRESULT_FROM_WIN32(ERROR_ARITHMETIC_OVERFLOW)",
			))
			Expect(string(o.Client.Final()[0].Body)).To(Equal("...handler\n"))
		})
})

var _ = Area("IHttpResponse status, headers and flags", func() {
	// HD-3 [DOC] Server set through the HTTP_HEADER_ID overload is appended
	// to; the by-name overload replaces it.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("appends to Server through the header ID", []string{"HD-3"},
		ScenarioCase(serverByID), func(o *Observation) {
			r := o.Client.Final()[0]
			Expect(r.Get("Server")).To(Equal("Microsoft-IIS/10.0,Extra/1.0"))
			Expect(r.Get("Content-Type")).To(Equal("text/x-by-id"))
		})
	Behaviour("replaces Server by name", []string{"HD-3", "SD-1"},
		ScenarioCase(serverByName), func(o *Observation) {
			Expect(o.Client.Final()[0].Get("Server")).To(Equal("Mine/2.0"))
		})

	// ST-1 [DOC] GetStatus tells the status and which module set it in which
	// notification; a reason too long is ERROR_INVALID_DATA.
	// Source: iis:ihttpresponse-getstatus-method
	Behaviour("tells who set the status, and refuses an overlong reason", []string{"ST-1"},
		ScenarioCase(statusWho), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call SetStatus =S_OK",
				"call SetStatus =HRESULT_FROM_WIN32(ERROR_INVALID_DATA)",
				`call GetStatus =404.0 "Not Found" by "Setter" in RQ_AUTHORIZE_REQUEST`,
			))
			Expect(o.Client.Final()[0].StatusCode).To(Equal(404))
		})

	// ERR-DESC-1 [DOC], KC-1 [DOC]
	// Source: iis:ihttpresponse-seterrordescription-method, iis:ihttpresponse-disablekernelcache-method
	Behaviour("keeps the error description and the kernel-cache flag", []string{"ERR-DESC-1", "KC-1"},
		ScenarioCase(errorAndCache), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetKernelCacheEnabled =TRUE", "call DisableKernelCache",
				"call GetKernelCacheEnabled =FALSE", "call SetErrorDescription =S_OK", `call GetErrorDescription ="described"`))
		})
})
