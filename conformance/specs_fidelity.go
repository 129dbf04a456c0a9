package conformance

import (
	"strconv"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/iis"
)

// documentMoved is the entity of an IIS redirect to loc (RD-2).
func documentMoved(loc string) string { return iis.RedirectBody(loc) }

// Specs for behaviours where the method pages, or evidence from servers
// run on IIS, say otherwise than the emulator used to.

var (
	pendingForOthers = &fixtures.Scenario{ID: "is-last-notification-host-scope", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Early", At("RQ_BEGIN_REQUEST", "", Do("GetIsLastNotification", "RQ_NOTIFICATION_CONTINUE"),
				Do("GetIsLastNotification", "RQ_NOTIFICATION_FINISH_REQUEST"))),
			Mod("Late", At("RQ_END_REQUEST", "", Do("GetIsLastNotification", "RQ_NOTIFICATION_CONTINUE"))),
		}}
	serverByIDAtSend = &fixtures.Scenario{ID: "server-header-by-id-at-send", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Sender", At("RQ_BEGIN_REQUEST", "", Do("GetHeader", "Server")),
				At("RQ_SEND_RESPONSE", "", Do("GetHeader", "Server"), Do("SetHeaderByID", "26", "Extra/1.0", "true"))),
		}}
	serverByIDTwice = &fixtures.Scenario{ID: "server-header-by-id-twice", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Twice", At("RQ_BEGIN_REQUEST", "", Do("SetHeaderByID", "26", "First/1.0", "true"),
				Do("SetHeaderByID", "26", "Second/2.0", "true"))),
		}}
	redirectRemoves = &fixtures.Scenario{ID: "redirect-removes-entity", HandlerBody: "never\n",
		Request: "GET {path}/page HTTP/1.1\r\nHost: example.test\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Redirector", At("RQ_BEGIN_REQUEST", "FINISH", Do("WriteEntityChunks", "written before\n"),
				Do("Redirect", "/moved", "true", "false"))),
		}}
	redirectKeepStatus = &fixtures.Scenario{ID: "redirect-keep-status", HandlerBody: "never\n",
		Request: "GET {path}/page HTTP/1.1\r\nHost: example.test\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Redirector", At("RQ_BEGIN_REQUEST", "FINISH", Do("Redirect", "/moved", "false", "false"))),
		}}
	mergeNext = &fixtures.Scenario{ID: "next-notification-merge", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Merger", At("RQ_BEGIN_REQUEST", "", Do("GetNextNotification", "RQ_NOTIFICATION_CONTINUE")),
				PostAt("RQ_BEGIN_REQUEST", ""), At("RQ_AUTHENTICATE_REQUEST", "")),
			Mod("Other", At("RQ_AUTHENTICATE_REQUEST", "")),
		}}
	nextBlocked = &fixtures.Scenario{ID: "next-notification-handler-between", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("First", At("RQ_BEGIN_REQUEST", "", Do("GetNextNotification", "RQ_NOTIFICATION_CONTINUE")),
				PostAt("RQ_BEGIN_REQUEST", "")),
			Mod("Second", At("RQ_BEGIN_REQUEST", "")),
		}}
	setLogData = &fixtures.Scenario{ID: "set-log-data", HandlerBody: "handler\n",
		Request: "GET {path}/page HTTP/1.1\r\nHost: x\r\nUser-Agent: suite\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			{Name: "Logger", Priority: map[string]string{"RQ_SEND_RESPONSE": "HIGH"},
				Steps: []fixtures.Step{At("RQ_SEND_RESPONSE", "", Do("SetLogData", "cs-uri-stem", "/logged/instead"))}},
			Mod("Plain", At("RQ_SEND_RESPONSE", "", Do("SetLogData", "cs(User-Agent)", "never"))),
		}}
	requestChanges = &fixtures.Scenario{ID: "request-changes", HandlerBody: "handler\n",
		Request: "GET {path}/page?old=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: client\r\nReferer: http://x/r\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Changer", At("RQ_BEGIN_REQUEST", "",
				Do("SetUrl", "/scenarios/request-changes/other?new=2", "true"), Do("SetHttpMethod", "PUT"),
				Do("SetRequestHeader", "User-Agent", "module"), Do("DeleteRequestHeader", "Referer"),
				Do("SetUrl", "relative"), Do("SetHttpMethod", "BAD VERB"), Do("SetRequestHeader", "", "x"))),
		}}
	urlOutside = &fixtures.Scenario{ID: "request-url-outside", HandlerBody: "handler must not run\n",
		Request: "GET {path}/page HTTP/1.1\r\nHost: x\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Changer", At("RQ_BEGIN_REQUEST", "", Do("SetUrl", "/nowhere/at/all"))),
		}}
	readEntityAtEnd = &fixtures.Scenario{ID: "read-entity-at-end",
		Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nbody\n",
		Modules: []fixtures.ModuleScript{
			Mod("Reader", At("RQ_EXECUTE_REQUEST_HANDLER", "", Do("EchoEntityBody"))),
			Mod("Watcher", At("RQ_READ_ENTITY", "")),
		}}
	insertEntity = &fixtures.Scenario{ID: "read-entity-insert",
		Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
		Modules: []fixtures.ModuleScript{
			Mod("Reader", At("RQ_EXECUTE_REQUEST_HANDLER", "", Do("EchoEntityBody"))),
			Mod("Inserter", At("RQ_READ_ENTITY", "", Do("InsertEntity", "inserted\n"))),
		}}
)

var _ = Area("Behaviours the pages or evidence settle", func() {
	// CTX-LAST-1 [DOC] GetIsLastNotification is TRUE while notifications are
	// pending for the request within the module host, whichever module gets
	// them; FALSE when none follows.
	// Source: iis:ihttpcontext-getislastnotification-method
	Behaviour("answers GetIsLastNotification for every module of the request", []string{"CTX-LAST-1"},
		ScenarioCase(pendingForOthers), Checks{Wire: func(o *Observation) {
			expectServed(o, pendingForOthers.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call GetIsLastNotification =TRUE",
				"call GetIsLastNotification =TRUE",
				"call GetIsLastNotification =FALSE",
			))
		}})

	// CTX-LAST-1 [DOC] The method sample reports pending notifications
	// after OnBeginRequest: the application's handler is still to come.
	// Source: iis:ihttpcontext-getislastnotification-method
	Behaviour("reports pending notifications in the GetIsLastNotification sample", []string{"CTX-LAST-1"},
		SampleCase("get-is-last-notification", "GET /samples/get-is-last-notification HTTP/1.1\r\nHost: localhost\r\n\r\n", 1),
		Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveStatus(200))
			Expect(o.Response(0)).To(HaveBodyContaining("Notifications pending: true\n"))
		}})

	// HD-3 [DOC] In OnSendResponse, where IIS's own Server value is present
	// (the SetHeader page's sample runs there), the HTTP_HEADER_ID overload
	// appends to it even with fReplace TRUE. Before the send the response
	// holds no Server value of IIS's (INFER, Decisions.DefaultServerHeaderAtSend).
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("appends to IIS's Server value through the header ID in OnSendResponse", []string{"HD-3"},
		ScenarioCase(serverByIDAtSend), Checks{Wire: func(o *Observation) {
			expectServed(o, serverByIDAtSend.HandlerBody)
			Expect(o.Response(0)).To(HaveHeader("Server", "Microsoft-IIS/10.0,Extra/1.0"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(`call GetHeader =""`, `call GetHeader ="Microsoft-IIS/10.0"`))
		}})

	// HD-3 [DOC] A second Server value set through the HTTP_HEADER_ID
	// overload is appended to the first, fReplace TRUE notwithstanding.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("appends a second Server value set through the header ID", []string{"HD-3"},
		ScenarioCase(serverByIDTwice), Checks{Wire: func(o *Observation) {
			expectServed(o, serverByIDTwice.HandlerBody)
			Expect(o.Response(0)).To(HaveHeader("Server", "First/1.0,Second/2.0"))
		}})

	// RE-1 [DOC] RQ_READ_ENTITY fires for every ReadEntityBody, also the one
	// that finds no entity left.
	// Source: iis:ireadentityprovider-interface
	Behaviour("raises RQ_READ_ENTITY at the end of the entity too", []string{"RE-1"},
		ScenarioCase(readEntityAtEnd), Checks{Wire: func(o *Observation) {
			expectServed(o, "body\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_READ_ENTITY Watcher", "call ReadEntityBody =S_OK",
				"RQ_READ_ENTITY Watcher", "call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_HANDLE_EOF)",
			))
		}})

	// RE-1 [DOC] A module can insert an entity into a request that has none:
	// SetEntity at the end of the entity gives the reader that entity (with
	// S_OK, INFER), and the next read ends as usual.
	// Source: iis:ireadentityprovider-interface
	Behaviour("lets a module insert an entity into a request that has none", []string{"RE-1"},
		ScenarioCase(insertEntity), Checks{Wire: func(o *Observation) {
			expectServed(o, "inserted\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_READ_ENTITY Inserter", "call ReadEntityBody =S_OK",
				"RQ_READ_ENTITY Inserter", "call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_HANDLE_EOF)",
			))
		}})

	// RD-1 [DOC] Redirect removes the data already in the response.
	// RD-2 [EVID] IIS's redirect: 302 Redirect, text/html; charset=UTF-8,
	// and its "Document Moved" message as the whole entity.
	// Source: iis:ihttpresponse-redirect-method
	Behaviour("replaces the buffered entity with IIS's Document Moved message", []string{"RD-1", "RD-2"},
		ScenarioCase(redirectRemoves), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			body := documentMoved("http://" + o.SentHost() + "/moved")
			Expect(r).To(HaveStatus(302))
			Expect(r.Reason).To(Equal("Redirect"), "the reason phrase")
			Expect(r).To(HaveHeader("Content-Type", "text/html; charset=UTF-8"))
			Expect(r).To(HaveHeader("Content-Length", strconv.Itoa(len(body))))
			Expect(r).To(HaveBody(body))
		}})

	// RD-1 [DOC] With fResetStatusCode FALSE the status is kept and the
	// client gets the HTML message that the page moved.
	// Source: iis:ihttpresponse-redirect-method
	Behaviour("keeps the status and sends the HTML message with fResetStatusCode FALSE", []string{"RD-1", "RD-2"},
		ScenarioCase(redirectKeepStatus), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(200))
			Expect(r).To(HaveHeader("Content-Type", "text/html; charset=UTF-8"))
			Expect(r).To(HaveBody(documentMoved("http://" + o.SentHost() + "/moved")))
		}})

	// CTX-NEXT-1 [DOC] GetNextNotification skips to the module host's next
	// notification: the module goes on as though registered for it, so the
	// pipeline does not raise it to that module again; later notifications
	// and other modules are untouched (the exact rule INFER).
	// Source: iis:ihttpcontext-getnextnotification-method
	Behaviour("merges the next notification into the current one", []string{"CTX-NEXT-1"},
		ScenarioCase(mergeNext), Checks{Wire: func(o *Observation) {
			expectServed(o, mergeNext.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetNextNotification =RQ_BEGIN_REQUEST post=true"))
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Merger",
				"RQ_AUTHENTICATE_REQUEST Merger",
				"RQ_AUTHENTICATE_REQUEST Other",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler",
			))
		}})

	// CTX-NEXT-1 [DOC] With another handler registered between the two
	// notifications GetNextNotification fails, and nothing is skipped.
	// Source: iis:ihttpcontext-getnextnotification-method
	Behaviour("refuses to skip past another module's handler", []string{"CTX-NEXT-1"},
		ScenarioCase(nextBlocked), Checks{Wire: func(o *Observation) {
			expectServed(o, nextBlocked.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call GetNextNotification =FALSE"))
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST First",
				"RQ_BEGIN_REQUEST Second",
				"RQ_BEGIN_REQUEST+post First",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler",
			))
		}})

	// LOG-DATA-1 [DOC] GetLogData is NULL unless the module registered for
	// RQ_SEND_RESPONSE at PRIORITY_ALIAS_FIRST or HIGH; SetLogData changes
	// what IIS writes to its log.
	// Source: iis:isendresponseprovider-getlogdata-method, iis:isendresponseprovider-setlogdata-method
	Behaviour("logs what SetLogData set, and gives log data only to FIRST or HIGH modules", []string{"LOG-DATA-1", "SYS-LOG-2"},
		ScenarioCase(setLogData), Checks{Wire: func(o *Observation) {
			expectServed(o, setLogData.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(`call SetLogData =cs-uri-stem "/scenarios/set-log-data/page": S_OK`))
			Expect(o).To(HaveEventsInOrder("call SetLogData =NULL"))
			Expect(o.W3CLog()).To(HaveLen(1))
			e := o.RequestLog[0]
			Expect(e.URIStem).To(Equal("/logged/instead"))
			Expect(e.UserAgent).To(Equal("suite"))
		}})

	// RQ-SET-1 [DOC] SetUrl, SetHttpMethod, SetHeader and DeleteHeader
	// change what later processing and the log see, as if the client had
	// sent it; bad arguments are ERROR_INVALID_PARAMETER.
	// Source: iis:ihttprequest-seturl-method, iis:ihttprequest-sethttpmethod-method,
	// iis:ihttprequest-setheader-method, iis:ihttprequest-deleteheader-method
	Behaviour("logs the URL, verb and headers a module set on the request", []string{"RQ-SET-1", "SYS-LOG-2"},
		ScenarioCase(requestChanges), Checks{Wire: func(o *Observation) {
			expectServed(o, requestChanges.HandlerBody)
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("call SetUrl =S_OK", "call SetHttpMethod =S_OK",
				"call SetRequestHeader =S_OK", "call DeleteRequestHeader =S_OK",
				"call SetUrl =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetHttpMethod =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)",
				"call SetRequestHeader =HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)"))
			Expect(o.W3CLog()).To(HaveLen(1))
			e := o.RequestLog[0]
			Expect(e.Method).To(Equal("PUT"))
			Expect(e.URIStem).To(Equal("/scenarios/request-changes/other"))
			Expect(e.URIQuery).To(Equal("new=2"))
			Expect(e.UserAgent).To(Equal("module"))
			Expect(e.Referer).To(BeEmpty())
		}})

	// RQ-SET-1 [DOC] A URL set with SetUrl that does not exist is answered
	// 404, not redirected (INFER: outside the request's application).
	// Source: iis:ihttprequest-seturl-method
	Behaviour("answers 404 for a URL set with SetUrl that does not exist", []string{"RQ-SET-1"},
		ScenarioCase(urlOutside), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(404))
			Expect(r).To(HaveNoHeader("Location"))
			Expect(string(r.Body)).NotTo(ContainSubstring("handler must not run"))
		}})
})
