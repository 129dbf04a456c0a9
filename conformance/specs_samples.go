package conformance

import (
	"maps"
	"slices"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
)

// sampleRequest is what the samples' specs send: a POST with a small body
// and a User-Agent, so that the request-reading samples have something to
// read.
func sampleRequest(s fixtures.Sample) string {
	return "POST " + s.Path() + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: iisemu-suite\r\nContent-Length: 12\r\n\r\nsample body\n"
}

// sampleAnswer is what a client of a sample sees, as its description in
// fixtures says: the status, the headers the sample sets or relies on (""
// for one that must be absent; {host} stands for the Host the client
// sent), the body (or, when bodyPrefix, how it starts), and how the
// connection ends; or, for a sample that suppresses the headers, the raw
// bytes.
type sampleAnswer struct {
	status     int
	headers    map[string]string
	body       string
	bodyPrefix bool
	raw        string
	close      httpsys.CloseKind
}

// sampleAnswers are the answers of every sample to sampleRequest.
var sampleAnswers = map[string]sampleAnswer{
	"clear":                           {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "The handler's output was cleared.\n", close: httpsys.Open},
	"clear-headers":                   {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "X-Sample after ClearHeaders: \"\"\n", close: httpsys.Open},
	"close-connection":                {close: httpsys.Reset},
	"delete-header":                   {status: 200, headers: map[string]string{"Content-Type": "text/plain", "Server": "Microsoft-IIS/10.0"}, body: "The Server header was deleted.\n", close: httpsys.Open},
	"disable-buffering":               {status: 200, headers: map[string]string{}, body: "Sent at once.\n", close: httpsys.Open},
	"disable-kernel-cache":            {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Kernel cache enabled: false\n", close: httpsys.Open},
	"flush":                           {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Flushed before the handler ran.\nHello from the sample handler.\n", close: httpsys.Open},
	"get-header":                      {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "User-Agent: iisemu-suite\n", close: httpsys.Open},
	"get-headers-being-sent":          {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Headers being sent: true\n", close: httpsys.Open},
	"get-http-method":                 {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "HTTP method: POST\n", close: httpsys.Open},
	"get-is-last-notification":        {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Notifications pending: true\n", close: httpsys.Open},
	"get-next-notification":           {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Next notification: RQ_EXECUTE_REQUEST_HANDLER (post: false)\n", close: httpsys.Open},
	"get-raw-http-request":            {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Verb: POST\nURL: /samples/get-raw-http-request\nVersion: HTTP/1.1\nHeaders: ", bodyPrefix: true, close: httpsys.Open}, // a target adds its request ID header
	"get-raw-http-response":           {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Status: 200 OK\nHeaders: 0\n", close: httpsys.Open},
	"get-ready-to-log-data":           {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Ready to log: true\n", close: httpsys.Open},
	"get-remaining-entity-bytes":      {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Remaining entity bytes: 12\n", close: httpsys.Open},
	"get-response-header":             {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Server: \n", close: httpsys.Open},
	"get-response-headers-sent":       {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Headers sent before the flush: false\nHeaders sent after the flush: true\n", close: httpsys.Open},
	"get-status":                      {status: 500, headers: map[string]string{"Content-Type": "text/plain"}, body: "Status: 500.19 Server Error (set by GetStatusSample in RQ_BEGIN_REQUEST)\n", close: httpsys.Open},
	"hello":                           {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Hello from the sample handler.\n", close: httpsys.Open},
	"is-connected":                    {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Connected: true\n", close: httpsys.Open},
	"map-path":                        {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Physical path: C:\\inetpub\\wwwroot\\samples\\map-path\n", close: httpsys.Open},
	"read-entity-body":                {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "sample body\n", close: httpsys.Open},
	"redirect":                        {status: 302, headers: map[string]string{"Location": "http://{host}/samples/hello"}, body: documentMoved("http://{host}/samples/hello"), close: httpsys.Open},
	"reset-connection":                {close: httpsys.Reset},
	"send-response-flags":             {status: 200, headers: map[string]string{"Content-Type": "text/plain", "Connection": "close"}, body: "Response flags: 0x00000005\n", close: httpsys.Closed},
	"set-error-description":           {status: 500, headers: map[string]string{"Content-Type": "text/plain"}, body: "Error description: The sample failed on purpose.\n", close: httpsys.Open},
	"set-flags":                       {status: 200, headers: map[string]string{"Content-Type": "text/plain", "Connection": "close"}, body: "Flags now: DISCONNECT\n", close: httpsys.Closed},
	"set-header":                      {status: 200, headers: map[string]string{"Content-Type": "text/plain", "Refresh": "30", "Server": "MyServer/1.0"}, body: "Headers set.\n", close: httpsys.Open},
	"set-need-disconnect":             {status: 200, headers: map[string]string{"Content-Type": "text/plain", "Connection": "close"}, body: "Hello from the sample handler.\n", close: httpsys.Closed},
	"set-request-handled":             {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Handled by the module; the handler was skipped.\n", close: httpsys.Open},
	"set-status":                      {status: 404, headers: map[string]string{"Content-Type": "text/plain"}, body: "The status was set to 404.\n", close: httpsys.Open},
	"suppress-headers":                {close: httpsys.Closed, raw: "Only this text is sent.\n"},
	"write-entity-chunk-by-reference": {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "first\nsecond\n", close: httpsys.Open},
	"write-entity-chunks":             {status: 200, headers: map[string]string{"Content-Type": "text/plain"}, body: "Hello World!\n", close: httpsys.Open},
}

// checks are the wire checks of a sample's answer.
func (a sampleAnswer) check(o *Observation) {
	switch {
	case a.close == httpsys.Reset:
		Expect(o).To(ReceiveNothing())
	case a.raw != "":
		Expect(o).To(ReceiveExactly(a.raw))
	default:
		Expect(o).To(HaveResponses(1))
		r := o.Response(0)
		Expect(r).To(HaveStatus(a.status))
		for _, name := range slices.Sorted(maps.Keys(a.headers)) {
			if v := a.headers[name]; v == "" {
				Expect(r).To(HaveNoHeader(name))
			} else {
				Expect(r).To(HaveHeader(name, strings.ReplaceAll(v, "{host}", o.SentHost())))
			}
		}
		body := strings.ReplaceAll(a.body, "{host}", o.SentHost())
		if a.bodyPrefix {
			Expect(r).To(HaveBodyStarting(body))
		} else {
			Expect(r).To(HaveBody(body))
		}
		Expect(r).To(BeComplete())
	}
	switch a.close {
	case httpsys.Reset:
		Expect(o).To(BeReset())
	case httpsys.Closed:
		Expect(o).To(BeClosedGracefully())
	default:
		Expect(o).To(StayOpen())
	}
}

var _ = Area("The documentation's samples", func() {
	// Every sample of the sample site is served by both backends alike; the
	// seed samples have specs of their own above. Each spec checks on the
	// wire the answer its description gives (status, headers, body, how the
	// connection ends), then that the server traced the request.
	for _, s := range fixtures.Samples() {
		s := s
		answer, ok := sampleAnswers[s.Name]
		if !ok {
			panic("conformance: no answer for the sample " + s.Name + " in sampleAnswers")
		}
		Behaviour("serves the "+s.Name+" sample", s.Behaviours, SampleCase(s.Name, sampleRequest(s), 1), Checks{
			Wire: answer.check,
			Server: func(o *Observation) {
				if answer.close != httpsys.Reset {
					Expect(o.ServerTraces()).To(HaveLen(1))
				}
			}})
	}
})
