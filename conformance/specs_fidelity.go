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
})
