package iis_test

import (
	"sync"
	"testing"

	"github.com/iisemu/iisemu/iis"
)

// taggedTraces collects the traces OnTrace hears of.
type taggedTraces struct {
	mu     sync.Mutex
	traces []*iis.Trace
}

func (c *taggedTraces) add(t *iis.Trace) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.traces = append(c.traces, t)
}

func (c *taggedTraces) list() []*iis.Trace {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*iis.Trace(nil), c.traces...)
}

// tagHeader names the traces of TestTraceTaggedOnly.
func tagHeader(h func(string) (string, bool)) string {
	v, _ := h("X-Tag")
	return v
}

var taggedRequest = []byte("GET /samples/hello HTTP/1.1\r\nHost: localhost\r\nX-Tag: t1\r\n\r\n")

// TestTraceTaggedOnly: with TraceTaggedOnly, a tagged request keeps its
// full trace (every notification of the three modules, the send and the
// close), an untagged one reaches OnTrace not at all and allocates no
// more than a request on a host without tracing.
func TestTraceTaggedOnly(t *testing.T) {
	var got taggedTraces
	traced := startModel(t, benchSite(), iis.Options{OnTrace: got.add, TraceTag: tagHeader, TraceTaggedOnly: true})
	if r := traced.roundTrip(t, benchRequest); r.StatusCode != 200 {
		t.Fatalf("untagged request: status %d", r.StatusCode)
	}
	if r := traced.roundTrip(t, taggedRequest); r.StatusCode != 200 {
		t.Fatalf("tagged request: status %d", r.StatusCode)
	}
	traced.roundTrip(t, benchRequest) // the tagged one's trace is handed over before this answer
	traces := got.list()
	if len(traces) != 1 || traces[0].Tag != "t1" {
		t.Fatalf("OnTrace heard of %d traces (%v), want the tagged one alone", len(traces), tags(traces))
	}
	kinds := map[iis.EventKind]int{}
	for _, e := range traces[0].Events {
		kinds[e.Kind]++
	}
	// 12 notifications × 3 modules, the handler's, and RQ_SEND_RESPONSE's.
	if kinds[iis.EventNotification] < 36 || kinds[iis.EventSend] != 1 || kinds[iis.EventClose] != 1 {
		t.Errorf("the tagged trace lost events: %v", kinds)
	}

	if raceEnabled {
		return // the pools drop what they are given at random under the race detector
	}
	plain := startModel(t, benchSite(), iis.Options{})
	untraced := testing.AllocsPerRun(200, func() { traced.roundTrip(t, benchRequest) })
	baseline := testing.AllocsPerRun(200, func() { plain.roundTrip(t, benchRequest) })
	if untraced > baseline {
		t.Errorf("an untagged request allocates %.1f times, a request with tracing off %.1f: tracing costs untagged requests", untraced, baseline)
	}
}

func tags(ts []*iis.Trace) []string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Tag)
	}
	return s
}
