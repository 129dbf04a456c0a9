package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/iis"
)

// everyStage subscribes one module to all 12 ordered notifications and
// their post-notifications, and to RQ_SEND_RESPONSE.
func everyStage(name string) fixtures.ModuleScript {
	m := fixtures.ModuleScript{Name: name}
	for _, n := range iis.OrderedNotifications() {
		m.Steps = append(m.Steps, At(n.String(), ""), PostAt(n.String(), ""))
	}
	m.Steps = append(m.Steps, At("RQ_SEND_RESPONSE", ""))
	return m
}

// everyStagePatterns is the notification order PIPE-1 requires.
func everyStagePatterns(module, handler string) []EventPattern {
	var p []EventPattern
	for _, n := range iis.OrderedNotifications() {
		if n == iis.RQ_EXECUTE_REQUEST_HANDLER {
			p = append(p, EventPattern(n.String()+" "+module), EventPattern(n.String()+" "+handler))
		} else {
			p = append(p, EventPattern(n.String()+" "+module))
		}
		p = append(p, EventPattern(n.String()+"+post "+module))
	}
	return append(p, EventPattern("RQ_SEND_RESPONSE "+module))
}

var (
	allStages = &fixtures.Scenario{ID: "all-stages", HandlerBody: "body\n",
		Modules: []fixtures.ModuleScript{everyStage("Everywhere")}}
	priorities = &fixtures.Scenario{ID: "priorities", HandlerBody: "body\n",
		Modules: []fixtures.ModuleScript{
			{Name: "Low", Priority: map[string]string{"RQ_BEGIN_REQUEST": "LOW", "RQ_SEND_RESPONSE": "LOW"},
				Steps: []fixtures.Step{At("RQ_BEGIN_REQUEST", ""), At("RQ_SEND_RESPONSE", "")}},
			{Name: "Medium1", Steps: []fixtures.Step{At("RQ_BEGIN_REQUEST", ""), At("RQ_SEND_RESPONSE", "")}},
			{Name: "First", Priority: map[string]string{"RQ_BEGIN_REQUEST": "FIRST", "RQ_SEND_RESPONSE": "FIRST"},
				Steps: []fixtures.Step{At("RQ_BEGIN_REQUEST", ""), At("RQ_SEND_RESPONSE", "")}},
			{Name: "Medium2", Steps: []fixtures.Step{At("RQ_BEGIN_REQUEST", ""), At("RQ_SEND_RESPONSE", "")}},
			{Name: "Last", Priority: map[string]string{"RQ_BEGIN_REQUEST": "LAST", "RQ_SEND_RESPONSE": "LAST"},
				Steps: []fixtures.Step{At("RQ_BEGIN_REQUEST", ""), At("RQ_SEND_RESPONSE", "")}},
			{Name: "High", Priority: map[string]string{"RQ_BEGIN_REQUEST": "HIGH", "RQ_SEND_RESPONSE": "HIGH"},
				Steps: []fixtures.Step{At("RQ_BEGIN_REQUEST", ""), At("RQ_SEND_RESPONSE", "")}},
		}}
	sendPerFlush = &fixtures.Scenario{ID: "send-per-flush", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "one\n"), Do("Flush")),
				At("RQ_END_REQUEST", "", Do("WriteEntityChunks", "two\n"), Do("Flush"))),
			Mod("Watcher", At("RQ_SEND_RESPONSE", "")),
		}}
	endRequestChangesResponse = &fixtures.Scenario{ID: "end-request-changes-response", HandlerBody: "original\n",
		Modules: []fixtures.ModuleScript{
			Mod("Late", At("RQ_END_REQUEST", "", Do("Clear"), Do("SetStatus", "401", "Unauthorized"),
				Do("WriteEntityChunks", "changed in OnEndRequest\n"))),
		}}
	finishInBegin = &fixtures.Scenario{ID: "finish-in-begin", HandlerBody: "handler must not run\n",
		Modules: []fixtures.ModuleScript{
			Mod("Finisher", At("RQ_BEGIN_REQUEST", "FINISH", Do("SetHeader", "Content-Type", "text/plain"),
				Do("WriteEntityChunks", "finished early\n"))),
			Mod("Second", At("RQ_BEGIN_REQUEST", ""), PostAt("RQ_BEGIN_REQUEST", ""), At("RQ_MAP_REQUEST_HANDLER", ""),
				At("RQ_LOG_REQUEST", ""), PostAt("RQ_LOG_REQUEST", ""), At("RQ_END_REQUEST", ""), PostAt("RQ_END_REQUEST", ""),
				At("RQ_SEND_RESPONSE", "")),
		}}
	finishInSendDuringFlush = &fixtures.Scenario{ID: "finish-in-send-during-flush", HandlerBody: "handler must not run\n",
		Modules: []fixtures.ModuleScript{
			Mod("Flusher", At("RQ_BEGIN_REQUEST", "", Do("WriteEntityChunks", "flushed\n"), Do("Flush"))),
			Mod("Stopper", At("RQ_SEND_RESPONSE", "FINISH"), At("RQ_AUTHENTICATE_REQUEST", "")),
		}}
	moduleBeforeHandler = &fixtures.Scenario{ID: "module-before-handler", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			{Name: "LastModule", Priority: map[string]string{"RQ_EXECUTE_REQUEST_HANDLER": "LAST"},
				Steps: []fixtures.Step{At("RQ_EXECUTE_REQUEST_HANDLER", "", Do("WriteEntityChunks", "module\n"))}},
		}}
)

var _ = Area("The request pipeline", func() {
	// PIPE-1 [DOC] The 12 ordered notifications run in order, each followed
	// by its post-notification before the next stage.
	// Source: iis:request-processing-constants
	Behaviour("runs the 12 notifications in order, each followed by its post-notification", []string{"PIPE-1", "PIPE-7"},
		ScenarioCase(allStages), Checks{Wire: func(o *Observation) {
			expectServed(o, "body\n")
			Expect(o).To(StayOpen())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(everyStagePatterns("Everywhere", "ScenarioHandler")...))
		}})

	// PIPE-2 [DOC] Modules run by priority, ties in configuration order.
	// PIPE-3 [DOC] RQ_SEND_RESPONSE reverses the priority order; the
	// configuration order is reversed too (INFER).
	// Source: iis:ihttpmoduleregistrationinfo-setpriorityforrequestnotification-method
	Behaviour("orders modules by priority, and reverses the order for RQ_SEND_RESPONSE", []string{"PIPE-2", "PIPE-3"},
		ScenarioCase(priorities), Checks{Wire: func(o *Observation) {
			expectServed(o, "body\n")
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST First", "RQ_BEGIN_REQUEST High", "RQ_BEGIN_REQUEST Medium1",
				"RQ_BEGIN_REQUEST Medium2", "RQ_BEGIN_REQUEST Low", "RQ_BEGIN_REQUEST Last",
				"RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler",
				"RQ_SEND_RESPONSE Last", "RQ_SEND_RESPONSE Low", "RQ_SEND_RESPONSE Medium2",
				"RQ_SEND_RESPONSE Medium1", "RQ_SEND_RESPONSE High", "RQ_SEND_RESPONSE First",
			))
		}})

	// PIPE-6 [INFER] RQ_SEND_RESPONSE fires for every real send: each flush
	// and the final send.
	// Source: iis:isendresponseprovider-interface (the reasoning is in the
	// catalogue)
	Behaviour("fires RQ_SEND_RESPONSE for every real send", []string{"PIPE-6", "FL-1"},
		ScenarioCase(sendPerFlush), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("one\nhandler\ntwo\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_BEGIN_REQUEST Flusher", "RQ_SEND_RESPONSE Watcher", "send",
				"RQ_END_REQUEST Flusher", "RQ_SEND_RESPONSE Watcher", "send",
				"RQ_SEND_RESPONSE Watcher", "send final",
			))
		}})

	// PIPE-7 [INFER] The buffered response goes out after RQ_END_REQUEST, so
	// OnEndRequest can still change it.
	// Source: iis:request-processing-constants (the reasoning is in the
	// catalogue)
	Behaviour("sends the buffered response after RQ_END_REQUEST", []string{"PIPE-7", "CL-1"},
		ScenarioCase(endRequestChangesResponse), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			r := o.Response(0)
			Expect(r).To(HaveStatus(401))
			Expect(r).To(HaveBody("changed in OnEndRequest\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("RQ_END_REQUEST Late", "send final"))
		}})

	// PIPE-FIN-1 [DOC] FINISH_REQUEST stops further request-level
	// notifications. PIPE-FIN-2 [INFER] later modules of the same
	// notification and its post-notification are skipped. PIPE-FIN-3
	// [INFER] the end stages still run and the response is delivered.
	// Source: iis:request-notification-status-enumeration
	Behaviour("skips to the end stages after FINISH_REQUEST, and still delivers the response", []string{"PIPE-FIN-1", "PIPE-FIN-2", "PIPE-FIN-3"},
		ScenarioCase(finishInBegin), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("finished early\n"))
			Expect(o).To(StayOpen())
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Finisher =FINISH",
				"RQ_LOG_REQUEST Second", "RQ_LOG_REQUEST+post Second",
				"RQ_END_REQUEST Second", "RQ_END_REQUEST+post Second",
				"RQ_SEND_RESPONSE Second",
			))
		}})

	// PIPE-FIN-4 [INFER] FINISH_REQUEST from OnSendResponse during a flush
	// ends request-level processing of the notification that flushed.
	// Source: project decision
	Behaviour("lets OnSendResponse finish the request during a flush", []string{"PIPE-FIN-4"},
		ScenarioCase(finishInSendDuringFlush), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("flushed\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified(
				"RQ_BEGIN_REQUEST Flusher =FINISH",
				"RQ_SEND_RESPONSE Stopper =FINISH",
				"RQ_SEND_RESPONSE Stopper =FINISH",
			))
		}})

	// PIPE-HANDLER-1 [INFER] The application's handler runs at
	// RQ_EXECUTE_REQUEST_HANDLER after the modules registered for it.
	// Source: project decision
	Behaviour("runs the application's handler after the modules of RQ_EXECUTE_REQUEST_HANDLER", []string{"PIPE-HANDLER-1"},
		ScenarioCase(moduleBeforeHandler), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("module\nhandler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveNotified("RQ_EXECUTE_REQUEST_HANDLER LastModule", "RQ_EXECUTE_REQUEST_HANDLER ScenarioHandler"))
		}})
})
