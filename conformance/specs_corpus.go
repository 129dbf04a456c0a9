package conformance

import (
	"fmt"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/requests"
	"github.com/iisemu/iisemu/httpsys"
)

// The request corpus (fixtures/requests): one spec per file, labelled
// with the behaviour IDs of its "# ids:" line, sent to the hello scenario's
// path (a target's own path when it runs no scenarios), or to bodyReader's
// for a file marked "# reads-body". Each file is the request bytes and the
// answer HTTP.sys must give: its source is the catalogue entry of each ID
// (RFC 9112's sections; HTTP.sys's error-log reasons).
//
// The checks hold for any application behind HTTP.sys: a status HTTP.sys
// answers itself (requests.SysStatus) must be that status; any other is
// the application's, which must have answered with something HTTP.sys
// would not refuse with (the file's status is the httpsys unit test's
// application's, which reads the body). Where the scenario is that
// application, its answer is its handler's 200 and body, whatever the
// request's body, so a server that answers a malformed request with
// anything else, a plain "ok" among them, fails; only on a wire-only
// target, whose own handler answers, is the body not known. Interim
// responses are not compared: HTTP.sys sends 100 Continue only when the
// application reads. Every final response must be complete, and the
// connection must end as the file says.
var _ = Area("HTTP.sys parser", func() {
	cases, err := requests.Load()
	if err != nil { // as for an unknown behaviour ID: the suite fails at once, whatever the filter
		panic("conformance: the request corpus: " + err.Error())
	}
	for _, c := range cases {
		sent := SysCase("corpus "+c.Name, c.Request, len(c.Finals()))
		if c.ReadsBody {
			sent = readerCase("corpus "+c.Name, c.Request, len(c.Finals()))
		}
		Behaviour(corpusText(c), c.IDs, sent, Checks{Wire: func(o *Observation) {
			checkCorpus(c, o)
		}})
	}
})

// bodyReader is the scenario of the corpus files whose answer depends on
// an application that reads the whole body ("# reads-body"): its module
// reads the entity in RQ_EXECUTE_REQUEST_HANDLER, before the handler
// answers.
var bodyReader = &fixtures.Scenario{ID: "body-reader", HandlerBody: fixtures.HandlerBody,
	Modules: []fixtures.ModuleScript{Mod("Reader", At("RQ_EXECUTE_REQUEST_HANDLER", "", Do("ReadEntityBody")))}}

// readerCase sends raw (requests of them) to bodyReader's path. It needs
// the scripted module, so a target run with --wire-only is not given it.
func readerCase(id, raw string, requests int) Case { return rawCase(bodyReader, id, raw, requests) }

// corpusText is a corpus spec's text: the file, and what it must get.
func corpusText(c requests.Case) string {
	var want []string
	for _, s := range c.Finals() {
		if requests.SysStatus(s) {
			want = append(want, fmt.Sprint(s))
		} else {
			want = append(want, "the application's answer")
		}
	}
	return fmt.Sprintf("request corpus %s: %s, then %s", c.Name, strings.Join(want, ", "), closeWords(c.Close))
}

// closeWords says how a connection ends, for a spec's text.
func closeWords(k httpsys.CloseKind) string {
	switch k {
	case httpsys.Closed:
		return "FIN"
	case httpsys.Reset:
		return "RST"
	}
	return "open"
}

// checkCorpus checks what the client saw against corpus file c.
func checkCorpus(c requests.Case, o *Observation) {
	want, got := c.Finals(), o.Client.Final()
	Expect(got).To(HaveLen(len(want)), "%s: the final responses", c.About)
	for i, s := range want {
		Expect(got[i].Complete()).To(BeTrue(), "response %d is cut off (%s)", i+1, got[i].Cut)
		if requests.SysStatus(s) {
			Expect(got[i].StatusCode).To(Equal(s), "response %d: %s", i+1, c.About)
			continue
		}
		Expect(requests.SysStatus(got[i].StatusCode)).To(BeFalse(),
			"response %d is %d, which HTTP.sys answers itself; the application must have answered it: %s", i+1, got[i].StatusCode, c.About)
		if !o.Plain { // the hello scenario answered: its handler's 200 and body, whatever the request's body
			Expect(got[i]).To(HaveStatus(200), "response %d: the hello scenario's answer", i+1)
			Expect(got[i]).To(HaveBody(fixtures.HandlerBody), "response %d: the hello scenario's answer", i+1)
		}
	}
	switch c.Close {
	case httpsys.Closed:
		Expect(o).To(BeClosedGracefully())
	case httpsys.Reset:
		Expect(o).To(BeReset())
	default:
		Expect(o).To(StayOpen())
	}
}
