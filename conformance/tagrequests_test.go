package conformance

import (
	"regexp"
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

// TestTagRequestsFollowsFraming: a request that follows a body without a
// line end, framed by Content-Length or chunked, is tagged; a body that
// looks like a request line is not, and keeps its length; after a body
// whose framing cannot be told, requests are found by their line.
func TestTagRequestsFollowsFraming(t *testing.T) {
	get := "GET /scenarios/s HTTP/1.1\r\nHost: x\r\n\r\n"
	lookalike := "GET /scenarios/s HTTP/1.1\r\n"
	for _, tc := range []struct {
		name, raw string
		want      int
	}{
		{"Content-Length", "POST /scenarios/s HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + get, 2},
		{"chunked", "POST /scenarios/s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + get, 2},
		{"chunked with a trailer", "POST /scenarios/s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\n\r\n" + get, 2},
		{"a body like a request", "POST /scenarios/s HTTP/1.0\r\nHost: x\r\nContent-Length: 27\r\n\r\n" + lookalike + get, 2},
		{"three, the last bodiless", "POST /scenarios/s HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\npPOST /scenarios/s HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\npp" + get, 3},
		{"a framing it cannot tell", "POST /scenarios/s HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + get, 2},
		{"a body cut short", "POST /scenarios/s HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nhello", 1},
	} {
		out, ids := tagRequests([]byte(tc.raw), "/scenarios/s", "enc", "r")
		if len(ids) != tc.want || strings.Count(string(out), protocol.ScenarioHeader+": enc\r\n") != tc.want {
			t.Errorf("%s: %d IDs %v, want %d:\n%q", tc.name, len(ids), ids, tc.want, out)
		}
		if tagged := strings.Count(string(out), protocol.RequestIDHeader); tagged != len(ids) {
			t.Errorf("%s: %d request-ID headers for %d IDs", tc.name, tagged, len(ids))
		}
		if len(out) == len(tc.raw) {
			continue
		}
		// What was added is whole header lines, each after a request line.
		stripped := regexp.MustCompile(`(?:`+protocol.ScenarioHeader+`|`+protocol.RequestIDHeader+`): [^\r]*\r\n`).ReplaceAllString(string(out), "")
		if stripped != tc.raw {
			t.Errorf("%s: without the tags, the bytes differ:\n%q\nwant\n%q", tc.name, stripped, tc.raw)
		}
	}
}
