package conformance

import (
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures/protocol"
)

// TestTagRequests: a request line asking for the scenario's path, in
// origin or absolute form, gets the scenario and request-ID headers; one
// asking for another path does not.
func TestTagRequests(t *testing.T) {
	raw := "GET /scenarios/hello HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET http://x/scenarios/hello?q=1 HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n"
	out, ids := tagRequests([]byte(raw), "/scenarios/hello", "enc", "r")
	if len(ids) != 2 || ids[0] != "r-1" || ids[1] != "r-2" {
		t.Fatalf("ids %v, want [r-1 r-2]", ids)
	}
	want := "GET http://x/scenarios/hello?q=1 HTTP/1.1\r\n" + protocol.ScenarioHeader + ": enc\r\n" + protocol.RequestIDHeader + ": r-2\r\n"
	if !strings.Contains(string(out), want) {
		t.Errorf("the absolute-form request was not tagged:\n%q", out)
	}
	if strings.Count(string(out), protocol.ScenarioHeader) != 2 {
		t.Errorf("want two scenario headers:\n%q", out)
	}
}
