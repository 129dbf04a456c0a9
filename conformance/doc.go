// Package conformance is iisemu's BDD suite: every documented behaviour,
// written once as a Ginkgo spec and run on every backend — the in-memory
// model and real loopback sockets — with a spec per scenario that checks
// both backends saw the same thing on the wire.
//
// The flow of one spec:
//
//	scenario (fixtures.Scenario: module steps + request bytes)
//	──► Backend (SiteHost.Start): a Host on the backend's transport
//	──► wire client: raw bytes out, response bytes, close kind (FIN/RST) in
//	──► server traces: notifications, calls, sends, close
//	──► wire checks first (HaveStatus, BeReset, ReceiveNothing …),
//	    then server checks (HaveNotified, the logs), each up to its
//	    first failed assertion (judge.go)
//	──► verdict: PASS, PASS (wire only), FAIL, NOT SUPPORTED,
//	    EXPECTED FAILURE, UNEXPECTED PASS
//
// The driver, in the manner of Kubernetes' storage test drivers: a
// Backend only describes itself (Info: a name and its Capabilities);
// what it does is found through optional interfaces (SiteHost,
// CaseRunner, ScenarioServer, Discoverer, Watched). A spec declares its Needs, and
// decide, one function, says whether it runs on a backend or why not:
// needs the backend cannot meet leave the spec out (counted by reason in
// the summary), and gaps the user declares make it NOT SUPPORTED. A record
// the backend turns out at run time not to serve ends the spec's server
// checks: after wire checks that passed, the spec is PASS (wire only).
//
// An external target (TargetBackend) runs cases itself: the scenario
// travels in a request header to a server already running (or the
// request asks for one of its documentation samples), and the traces and
// log entries come back from its endpoints (fixtures/PROTOCOL.md).
// Preflight checks it before any spec (preflight.go); its dials are
// watched, and a target that stops accepting connections stops the run
// (health.go). Each request carries the Host a real client writes
// (hostheader.go). A wire-only target runs no scenario: it is sent only
// the requests of the specs marked PlainRequest (wireonly.go).
//
// A run is configured by one Config handed to Run. Files: driver.go,
// decide.go, backend.go, target.go, exchange.go and observation.go are
// the driver; run.go is a run and its Config; case.go, dsl.go and
// agreement.go declare specs; judge.go runs a spec's checks, wire first;
// expectations.go reads the user's files; matchers.go,
// response_matchers.go and events.go compare; hooks.go
// hands each spec's report on; catalogue.go and scenarios.go record what
// the specs cover; the specs_*.go files are the specs, by area. The
// behaviour catalogue is package behaviour, and the reports (verdicts,
// summary, HTML, diagrams) are package report.
//
// Specs are labelled with their backend and behaviour IDs, so
// --label-filter='sockets && RC-1' selects one behaviour on one backend.
// Nothing imports this package but its test and the iisemu command.
package conformance
