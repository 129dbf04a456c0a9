package conformance

import (
	"strings"
	"testing"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// brokenResults are what a server that gets the behaviours wrong may send:
// nothing, a plain "ok" to everything (kept open, closed, or reset), and a
// response cut off in its head. Every spec's wire checks must refuse at
// least one of them.
func brokenResults() map[string]*wire.Result {
	ok := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
	result := func(data []byte, close httpsys.CloseKind) *wire.Result {
		return &wire.Result{Sent: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Received: data,
			Responses: wire.ParseResponses(data, close != httpsys.Open, nil), Close: close}
	}
	return map[string]*wire.Result{
		"nothing, then FIN": result(nil, httpsys.Closed),
		"nothing, then RST": result(nil, httpsys.Reset),
		"ok, kept open":     result(ok, httpsys.Open),
		"ok, then FIN":      result(ok, httpsys.Closed),
		"ok, then RST":      result(ok, httpsys.Reset),
		"a cut-off head":    result([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"), httpsys.Closed),
	}
}

// checkWireFirst proves, for every Behaviour of the tree, that its wire
// checks run first and decide: judged on a backend that serves neither
// traces nor logs, a wire result that breaks the behaviour is a FAIL of a
// wire check, never a NOT SUPPORTED or a PASS (wire only); a plain "ok"
// (kept open, closed or reset) is refused by every spec; and no wire
// check reads a server record.
func checkWireFirst(t checker, res *Result) {
	if len(res.behaviours) == 0 {
		t.Fatal("no Behaviour was declared")
	}
	lacks := map[Capability]string{ServesTraces: "no traces here", ServesLogs: "no logs here"}
	for _, d := range res.behaviours {
		if d.checks.Wire == nil {
			t.Errorf("%q checks nothing on the wire", d.text)
			continue
		}
		refused := false
		for name, r := range brokenResults() {
			out := judge(&Observation{Backend: "bare", Client: r, lacks: lacks}, d.checks, nil)
			switch {
			case out.failure == nil && strings.HasPrefix(name, "ok"):
				t.Errorf("%q: a server that answers ok to everything passes it (%s)", d.text, name)
				continue
			case out.failure == nil:
				continue // this result happens to meet the wire checks
			case out.failure.phase != wirePhase:
				t.Errorf("%q on %s: a server check failed before the wire decided: %s", d.text, name, out.failure)
			case strings.Contains(out.failure.message, "a wire check read the"):
				t.Errorf("%q: %s", d.text, out.failure.message)
			}
			refused = true
		}
		if !refused {
			t.Errorf("%q: its wire checks accept every broken result (%d of them)", d.text, len(brokenResults()))
		}
	}
}

// TestJudgeStopsAtFirstFailure: the first failed assertion ends the
// checks: nothing after it runs (no index out of range on a response that
// is not there), and the failure is that of the wire check, in words.
func TestJudgeStopsAtFirstFailure(t *testing.T) {
	r := brokenResults()["nothing, then FIN"]
	ranAfter := false
	out := judge(&Observation{Client: r}, Checks{Wire: func(o *Observation) {
		Expect(o).To(HaveResponses(1))
		ranAfter = true
		_ = o.Client.Final()[0]
	}}, nil)
	if ranAfter || out.failure == nil {
		t.Fatalf("the checks went on after a failure (%v), or no failure: %+v", ranAfter, out)
	}
	want := "expected 1 response; got no response: the connection ended with FIN after 0 bytes"
	if out.failure.message != want || out.failure.phase != wirePhase || !strings.HasSuffix(out.failure.at.FileName, "wirefirst_test.go") {
		t.Errorf("got %q in phase %d at %s, want %q from this file", out.failure.message, out.failure.phase, out.failure.at, want)
	}
	// A check that panics is that check's failure, not a panic of the run.
	out = judge(&Observation{Client: r}, Checks{Wire: func(o *Observation) { _ = o.Client.Final()[0] }}, nil)
	if out.failure == nil || !strings.Contains(out.failure.message, "index out of range") {
		t.Errorf("a panicking check: %+v", out)
	}
	// Wire checks that pass, and server checks the backend cannot feed:
	// the outcome says which record, and why.
	out = judge(&Observation{Client: r, lacks: map[Capability]string{ServesTraces: "no traces here"}},
		Checks{Wire: func(o *Observation) { Expect(o).To(BeClosedGracefully()) }, Server: func(o *Observation) { o.Events() }}, nil)
	if out.failure != nil || out.skipped != "the server checks read the server trace: no traces here" {
		t.Errorf("wire only: %+v", out)
	}
}

// TestJudgeDropsUnsupportedGetters: a getter declared unsupported leaves
// out the server checks on its calls, and only those: a pattern on it is
// skipped, its calls are gone from Events, and the other patterns are
// still checked.
func TestJudgeDropsUnsupportedGetters(t *testing.T) {
	trace := &iis.Trace{Events: []iis.Event{{Kind: iis.EventCall, Method: "ResetConnection"}, {Kind: iis.EventCall, Method: "IsConnected"}}}
	obs := func() *Observation {
		return &Observation{Client: brokenResults()["nothing, then RST"], Traces: []*iis.Trace{trace}}
	}
	wire := func(o *Observation) { Expect(o).To(BeReset()) }
	onGetter := Checks{Wire: wire, Server: func(o *Observation) {
		Expect(o).To(HaveEventsInOrder("call ResetConnection", "call IsConnected =FALSE"))
	}}
	if out := judge(obs(), onGetter, nil); out.failure == nil {
		t.Fatal("the check on IsConnected's result passed, though it returned no FALSE")
	}
	dropped := map[string]string{"IsConnected": "no IsConnected here"}
	out := judge(obs(), onGetter, dropped)
	if out.failure != nil || !strings.Contains(out.dropped, "IsConnected (declared unsupported: no IsConnected here)") {
		t.Errorf("dropped getter: %+v", out)
	}
	var seen []iis.Event
	judge(obs(), Checks{Wire: wire, Server: func(o *Observation) { seen = o.Events() }}, dropped)
	if len(seen) != 1 || seen[0].Method != "ResetConnection" {
		t.Errorf("Events kept the dropped getter's call: %v", seen)
	}
	// The other server checks still run.
	other := Checks{Wire: wire, Server: func(o *Observation) { Expect(o).To(HaveEventsInOrder("call Flush")) }}
	if out := judge(obs(), other, dropped); out.failure == nil || out.failure.phase != serverPhase {
		t.Errorf("a check on another call was dropped too: %+v", out)
	}
}
