package conformance

import (
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
)

// sampleRequest is what the samples' specs send: a POST with a small body
// and a User-Agent, so that the request-reading samples have something to
// read.
func sampleRequest(s fixtures.Sample) string {
	return "POST " + s.Path() + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: iisemu-suite\r\nContent-Length: 12\r\n\r\nsample body\n"
}

var _ = Area("The documentation's samples", func() {
	// Every sample of the sample site is served by both backends alike; the
	// seed samples have specs of their own above. Each spec checks the
	// sample did something a client can see: a response, or a reset.
	for _, s := range fixtures.Samples() {
		s := s
		ids := s.Behaviours
		Behaviour("serves the "+s.Name+" sample", ids,
			SampleCase(s.Name, sampleRequest(s), 1), Checks{Wire: func(o *Observation) {
				if strings.Contains(s.Description, "RST") {
					Expect(o).To(BeReset())
					return
				}
				Expect(o.Client.Received).NotTo(BeEmpty())
			}, Server: func(o *Observation) {
				Expect(o.ServerTraces()).To(HaveLen(1))
			}})
	}
})
