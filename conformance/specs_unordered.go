package conformance

import (
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

var (
	readEntity = &fixtures.Scenario{ID: "read-entity",
		Request: "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\noriginal\n",
		Modules: []fixtures.ModuleScript{
			Mod("Reader", At("RQ_EXECUTE_REQUEST_HANDLER", "", Do("EchoEntityBody"))),
			Mod("Rewriter", At("RQ_READ_ENTITY", "", Do("SetEntity", "rewritten\n"))),
		}}
	mapPath = &fixtures.Scenario{ID: "map-path", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Mapper", At("RQ_BEGIN_REQUEST", "", Do("MapPath", "/images/logo.png"), Do("MapPath", "/moved/file.txt"))),
			Mod("Mover", At("RQ_MAP_PATH", "", Do("SetPhysicalPath", `D:\moved\file.txt`))),
		}}
	customNotify = &fixtures.Scenario{ID: "custom-notification", HandlerBody: "handler\n",
		Modules: []fixtures.ModuleScript{
			Mod("Raiser", At("RQ_BEGIN_REQUEST", "", Do("NotifyCustomNotification", "my-event"))),
			Mod("Listener", At("RQ_CUSTOM_NOTIFICATION", "", Do("SetHeader", "X-Custom", "heard"))),
		}}
)

var _ = Area("The unordered notifications", func() {
	// RE-1 [DOC] RQ_READ_ENTITY shows the entity as it is read, and a module
	// may replace it. Known divergence: the page raises it on every
	// ReadEntityBody, the emulator only on one that returned data.
	// Source: iis:ireadentityprovider-interface
	Behaviour("lets RQ_READ_ENTITY replace the entity a reader gets", []string{"RE-1", "RB-1"},
		ScenarioCase(readEntity), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveBody("rewritten\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("RQ_READ_ENTITY Rewriter", "call ReadEntityBody =S_OK",
				"call ReadEntityBody =HRESULT_FROM_WIN32(ERROR_HANDLE_EOF)"))
		}})

	// MP-1 [DOC] MapPath raises RQ_MAP_PATH, whose module may change the path.
	// Source: iis:imappathprovider-interface
	Behaviour("maps paths through RQ_MAP_PATH", []string{"MP-1"},
		ScenarioCase(mapPath), Checks{Wire: func(o *Observation) {
			Expect(o).To(HaveResponses(1))
			Expect(o.Response(0)).To(HaveBody("handler\n"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder(
				"RQ_MAP_PATH Mover", `call MapPath =S_OK`,
			))
			var mapped []string
			for _, e := range o.Events() {
				if e.Method == "MapPath" {
					mapped = append(mapped, e.Args)
				}
			}
			Expect(mapped).To(Equal([]string{`/images/logo.png -> D:\moved\file.txt`, `/moved/file.txt -> D:\moved\file.txt`}))
		}})

	// CN-1 [INFER] NotifyCustomNotification reaches the modules registered
	// for RQ_CUSTOM_NOTIFICATION (documented) before it returns (the
	// project's reading: the page has pfCompletionExpected).
	// Source: iis:ihttpcontext-notifycustomnotification-method
	Behaviour("raises a custom notification to its listeners", []string{"CN-1"},
		ScenarioCase(customNotify), Checks{Wire: func(o *Observation) {
			Expect(o.Response(0)).To(HaveHeader("X-Custom", "heard"))
		}, Server: func(o *Observation) {
			Expect(o).To(HaveEventsInOrder("RQ_BEGIN_REQUEST Raiser", "RQ_CUSTOM_NOTIFICATION Listener",
				"call SetHeader =S_OK", "call NotifyCustomNotification =S_OK"))
		}})
})
