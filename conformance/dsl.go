package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/conformance/behaviour"
	"github.com/iisemu/iisemu/conformance/report"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// Case is what a spec runs: a site and the raw request sent to it.
type Case struct {
	// ID names the case; one agreement spec is made per ID.
	ID       string
	Site     func() (*iis.Site, error)
	Request  []byte
	Requests int
	// Timer, when set, names the HTTP.sys timer (HeaderWait,
	// IdleConnection, EntityBody) that expires once the request is sent:
	// the server gets onlyTimer's settings, and an instance on its own
	// clock moves it on (TimerFirer). A target runs the case when its
	// declared timer is short enough to wait for (see decide).
	Timer string
	// FireAfterResponses lets the timer expire once the responses are in,
	// instead, and then waits for the server to end the connection.
	FireAfterResponses bool
	// Scenario is the data the case was built from, if any; its file form
	// is kept in fixtures/scenarios (see ScenarioFiles).
	Scenario *fixtures.Scenario
	// Sample says the case asks for the sample site's documentation
	// samples (/samples/...), which a target may host too.
	Sample bool
}

// ScenarioCase runs a fixtures.Scenario.
func ScenarioCase(sc *fixtures.Scenario) Case {
	return Case{ID: "scenario " + sc.ID, Site: func() (*iis.Site, error) { return fixtures.ScenarioSite(sc) },
		Request: sc.RawRequest(), Requests: sc.RequestCount(), Scenario: sc}
}

// hello is the scenario of the specs about HTTP.sys itself: no module,
// and a handler that answers with a line of text.
var hello = &fixtures.Scenario{ID: "hello", HandlerBody: fixtures.HandlerBody}

// HelloCase sends raw (requests of them), where {path} stands for the
// hello scenario's path, to that scenario.
func HelloCase(id, raw string, requests int) Case {
	c := ScenarioCase(hello)
	c.ID = "hello " + id
	c.Request = []byte(strings.ReplaceAll(raw, "{path}", hello.Path()))
	c.Requests = requests
	return c
}

// SampleCase sends raw (requests of them) to the sample site.
func SampleCase(id, raw string, requests int) Case {
	return Case{ID: "sample " + id, Site: func() (*iis.Site, error) { return fixtures.SampleSite(), nil },
		Request: []byte(raw), Requests: requests, Sample: true}
}

// Needs is what running c requires of a backend, for a spec checking ids.
func (c Case) Needs(ids []string) Needs {
	return Needs{Behaviours: ids, Site: c.Scenario == nil && !c.Sample, Scenario: c.Scenario, Samples: c.Sample, Timer: c.Timer}
}

// Run serves the case on b and observes one exchange: a backend that runs
// cases itself (CaseRunner) is handed it, one that hosts sites (SiteHost)
// is given the case's site.
func (c Case) Run(ctx context.Context, b Backend) (*Observation, error) {
	if r, ok := b.(CaseRunner); ok {
		return r.RunCase(ctx, c)
	}
	h, ok := b.(SiteHost)
	if !ok {
		return nil, fmt.Errorf("%s can neither run a case nor host its site", b.Info().Name)
	}
	site, err := c.Site()
	if err != nil {
		return nil, err
	}
	var sys []func(bool) httpsys.Config
	if c.Timer != "" {
		sys = append(sys, onlyTimer(c.Timer))
	}
	in, err := h.Start(site, sys...)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return exchange(ctx, b.Info().Name, in, c)
}

// requests is how many responses the case waits for.
func (c Case) requests() int { return max(c.Requests, 1) }

// leave is how the client leaves early, if it does (fixtures.Scenario).
func (c Case) leave() string {
	if c.Scenario == nil {
		return ""
	}
	return c.Scenario.Leave
}

// pendingCase is a case declared in the Area being built, with the union
// of the behaviour IDs that use it, in first-use order.
type pendingCase struct {
	c   Case
	ids []string
}

// Area is a Describe whose cases each get one agreement spec, declared
// after the area's behaviours and labelled with every behaviour that used
// the case.
func Area(text string, body func()) bool {
	return Describe(text, func() {
		suite.pending = nil
		body()
		for _, p := range suite.pending {
			agreement(p.c, p.ids)
		}
		suite.pending = nil
	})
}

func (r *run) addPending(c Case, ids []string) {
	for _, p := range r.pending {
		if p.c.ID == c.ID {
			for _, id := range ids {
				if !slices.Contains(p.ids, id) {
					p.ids = append(p.ids, id)
				}
			}
			return
		}
	}
	r.pending = append(r.pending, &pendingCase{c: c, ids: slices.Clone(ids)})
}

// Behaviour declares one behaviour check: a spec per backend that can run
// c (see Spec), labelled with the backend and the behaviour IDs, that
// runs c and hands the observation to check. The enclosing Area adds,
// once per case, the spec that runs c on every backend and requires them
// to agree.
func Behaviour(text string, ids []string, c Case, check func(*Observation)) {
	exp := suite.expectedFailure(ids)
	Spec(text, c.Needs(ids), func(ctx SpecContext, b Backend) {
		obs, err := suite.fileForm(c).Run(ctx, b)
		Expect(err).NotTo(HaveOccurred(), "running %s on %s", c.ID, b.Info().Name)
		recordObservation(obs)
		if exp == nil {
			check(obs)
			return
		}
		suite.checkExpectedFailure(exp, obs, check)
	})
	suite.addPending(c, ids)
}

// recordObservation attaches what was observed to the spec's report, so
// that the JUnit and JSON reports carry it: what the client saw (and the
// close kind), the raw bytes both ways, and the server's trace. Only the
// summary is shown on the console, and only on failure.
func recordObservation(o *Observation) {
	AddReportEntry(report.EntryClient, describeClient(o.Client), ReportEntryVisibilityFailureOrVerbose)
	end := o.Client.Close.String()
	if o.Client.Left != "" {
		end = "the client left first (" + o.Client.Left + ")"
	}
	AddReportEntry(report.EntryWire, fmt.Sprintf("sent %q\nreceived %q\nclose %s", o.Client.Sent, o.Client.Received, end),
		ReportEntryVisibilityNever)
	AddReportEntry(report.EntryTrace, traceLines(o), ReportEntryVisibilityNever)
	AddReportEntry(report.EntryDiagram, report.SVG(string(o.Client.Sent), o.Client, o.Traces), ReportEntryVisibilityNever)
	if len(o.ErrorLog) > 0 {
		AddReportEntry("HTTP.sys error log", strings.Join(o.LogReasons(), " "), ReportEntryVisibilityNever)
	}
}

// describeBehaviours attaches each behaviour's sentence, provenance and
// source to the spec's report, so a failure shows what was checked.
func describeBehaviours(ids []string) {
	for _, id := range ids {
		b, _ := behaviour.Lookup(id)
		AddReportEntry(id+" ["+string(b.Provenance)+"]", b.Statement+"\nSource: "+b.Source, ReportEntryVisibilityFailureOrVerbose)
	}
}

// Scenario-building shorthands, so specs read like the behaviour.

// Mod is a scripted module with steps.
func Mod(name string, steps ...fixtures.Step) fixtures.ModuleScript {
	return fixtures.ModuleScript{Name: name, Steps: steps}
}

// At is a step in notification n (a constant name) returning ret ("" is
// CONTINUE; "FINISH" and "PENDING" are short for the others).
func At(n, ret string, calls ...fixtures.Call) fixtures.Step {
	return fixtures.Step{Notification: n, Return: longStatus(ret), Calls: calls}
}

// PostAt is At for the post-notification.
func PostAt(n, ret string, calls ...fixtures.Call) fixtures.Step {
	s := At(n, ret, calls...)
	s.Post = true
	return s
}

// Do is one call.
func Do(method string, args ...string) fixtures.Call {
	return fixtures.Call{Method: method, Args: args}
}

func longStatus(s string) string {
	if full, ok := statusWords[s]; ok {
		return full
	}
	return s
}
