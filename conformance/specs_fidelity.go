package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

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
		ScenarioCase(pendingForOthers), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"call GetIsLastNotification =TRUE",
				"call GetIsLastNotification =TRUE",
				"call GetIsLastNotification =FALSE",
			))
		})

	// CTX-LAST-1 [DOC] The method sample reports pending notifications
	// after OnBeginRequest: the application's handler is still to come.
	// Source: iis:ihttpcontext-getislastnotification-method
	Behaviour("reports pending notifications in the GetIsLastNotification sample", []string{"CTX-LAST-1"},
		SampleCase("get-is-last-notification", "GET /samples/get-is-last-notification HTTP/1.1\r\nHost: localhost\r\n\r\n", 1),
		func(o *Observation) {
			Expect(string(o.Client.Final()[0].Body)).To(ContainSubstring("Notifications pending: true\n"))
		})

	// HD-3 [DOC] In OnSendResponse, where IIS's own Server value is present
	// (the SetHeader page's sample runs there), the HTTP_HEADER_ID overload
	// appends to it even with fReplace TRUE. Before the send the response
	// holds no Server value of IIS's (INFER, Decisions.DefaultServerHeaderAtSend).
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("appends to IIS's Server value through the header ID in OnSendResponse", []string{"HD-3"},
		ScenarioCase(serverByIDAtSend), func(o *Observation) {
			Expect(o.Client.Final()[0].Get("Server")).To(Equal("Microsoft-IIS/10.0,Extra/1.0"))
			Expect(o).To(HaveEventsInOrder(`call GetHeader =""`, `call GetHeader ="Microsoft-IIS/10.0"`))
		})

	// HD-3 [DOC] A second Server value set through the HTTP_HEADER_ID
	// overload is appended to the first, fReplace TRUE notwithstanding.
	// Source: iis:ihttpresponse-setheader-method
	Behaviour("appends a second Server value set through the header ID", []string{"HD-3"},
		ScenarioCase(serverByIDTwice), func(o *Observation) {
			Expect(o.Client.Final()[0].Get("Server")).To(Equal("First/1.0,Second/2.0"))
		})

	// RE-1 [DOC] RQ_READ_ENTITY fires for every ReadEntityBody, also the one
	// that finds no entity left.
	// Source: iis:ireadentityprovider-interface
	Behaviour("raises RQ_READ_ENTITY at the end of the entity too", []string{"RE-1"},
		ScenarioCase(readEntityAtEnd), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_READ_ENTITY Watcher", "call ReadEntityBody =S_OK",
				"RQ_READ_ENTITY Watcher", "call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_HANDLE_EOF)",
			))
			Expect(string(o.Client.Final()[0].Body)).To(Equal("body\n"))
		})

	// RE-1 [DOC] A module can insert an entity into a request that has none:
	// SetEntity at the end of the entity gives the reader that entity (with
	// S_OK, INFER), and the next read ends as usual.
	// Source: iis:ireadentityprovider-interface
	Behaviour("lets a module insert an entity into a request that has none", []string{"RE-1"},
		ScenarioCase(insertEntity), func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_READ_ENTITY Inserter", "call ReadEntityBody =S_OK",
				"RQ_READ_ENTITY Inserter", "call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_HANDLE_EOF)",
			))
			Expect(string(o.Client.Final()[0].Body)).To(Equal("inserted\n"))
		})
})
