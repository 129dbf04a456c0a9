// Package conformance is iisemu's BDD suite: every documented behaviour,
// written once as a Ginkgo spec and run on every backend — the in-memory
// model and real loopback sockets — with a spec per scenario that checks
// both backends saw the same thing on the wire.
//
// The flow of one spec:
//
//	scenario (fixtures.Scenario: module steps + request bytes)
//	──► Backend.Start: a Host on the backend's transport
//	──► wire client: raw bytes out, response bytes, close kind (FIN/RST) in
//	──► server traces: notifications, calls, sends, close
//	──► matchers: BeReset, BeClosedGracefully, HaveNotified …
//
// An external target (TargetBackend) replaces the first two steps: the
// scenario travels in a request header to a server already running (or
// the request asks for one of its documentation samples), and the traces
// and log entries come back from its endpoints (fixtures/PROTOCOL.md). A
// check on something the target does not serve skips the spec as NOT
// SUPPORTED (Observation.Unobserved).
//
// Specs are labelled with their backend and behaviour IDs, so
// --label-filter='sockets && RC-1' selects one behaviour on one backend.
// Nothing imports this package but its test and the iisemu command.
package conformance
