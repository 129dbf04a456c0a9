package conformance

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// activeBackends are the backends specs are generated for. They are read
// when Ginkgo builds the spec tree (inside RunSpecs), so a caller can set
// them first.
var activeBackends = []Backend{ModelBackend(), SocketsBackend()}

// SetBackends chooses the backends; call it before RunSpecs.
func SetBackends(bs ...Backend) { activeBackends = bs }

// Backends returns the backends specs run on.
func Backends() []Backend { return activeBackends }

// Case is what a spec runs: a site and the raw request sent to it.
type Case struct {
	// ID names the case; one agreement spec is made per ID.
	ID       string
	Site     func() (*iis.Site, error)
	Request  []byte
	Requests int
	// Timer, when set, names the HTTP.sys timer (HeaderWait,
	// IdleConnection, EntityBody) that expires once the request is sent:
	// the server gets onlyTimer's settings, and the model's clock is moved
	// on to it (see Instance.Fire). A target runs the case when its
	// declared timer is short enough to wait for (see SetTargetSettings).
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

// startOn serves site on b for the running spec, and stops it when the
// spec ends (an early Close in the spec is harmless).
func startOn(b Backend, site *iis.Site, sys ...func(bool) httpsys.Config) Instance {
	in, err := b.Start(site, sys...)
	Expect(err).NotTo(HaveOccurred(), "starting %s", b.Name())
	DeferCleanup(func() { in.Close() })
	return in
}

// openOn opens a client connection to in, closed when the spec ends.
func openOn(ctx context.Context, in Instance) *wire.Conn {
	conn, err := in.Client().Open(ctx)
	Expect(err).NotTo(HaveOccurred(), "connecting")
	DeferCleanup(func() { conn.Close() }) // after a reset the error says so; it is no failure
	return conn
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

// Run serves the case on b and observes one exchange.
func (c Case) Run(ctx context.Context, b Backend) (*Observation, error) {
	if t, ok := b.(*targetBackend); ok {
		return t.run(ctx, c)
	}
	site, err := c.Site()
	if err != nil {
		return nil, err
	}
	var sys []func(bool) httpsys.Config
	if c.Timer != "" {
		sys = append(sys, onlyTimer(c.Timer))
	}
	in, err := b.Start(site, sys...)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return exchange(ctx, b.Name(), in, c)
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

// pending are the cases declared in the current Area, with the union of
// the behaviour IDs that use them, in first-use order.
var pending []*pendingCase

type pendingCase struct {
	c   Case
	ids []string
}

// Area is a Describe whose cases each get one agreement spec, declared
// after the area's behaviours and labelled with every behaviour that used
// the case.
func Area(text string, body func()) bool {
	return Describe(text, func() {
		pending = nil
		body()
		for _, p := range pending {
			agreement(p.c, p.ids)
		}
		pending = nil
	})
}

func addPending(c Case, ids []string) {
	for _, p := range pending {
		if p.c.ID == c.ID {
			for _, id := range ids {
				if !contains(p.ids, id) {
					p.ids = append(p.ids, id)
				}
			}
			return
		}
	}
	pending = append(pending, &pendingCase{c: c, ids: append([]string(nil), ids...)})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Behaviour declares one behaviour check: a spec per backend, labelled
// with the backend and the behaviour IDs, that runs c and hands the
// observation to check. The enclosing Area adds, once per case, the spec
// that runs c on every backend and requires them to agree.
func Behaviour(text string, ids []string, c Case, check func(*Observation)) {
	noteScenario(c.Scenario, ids)
	for _, b := range Backends() {
		b := b
		if isTarget(b) {
			if why := notForTarget(c); why != "" {
				skipTarget(why)
				continue
			}
		}
		cover(ids, text, b.Name())
		var why string
		var unsupported bool
		var exp *ExpectedFailure
		if isTarget(b) {
			why, unsupported = unsupportedReason(c, ids)
			exp = expectedFailure(ids)
		}
		It(text, Label(append([]string{b.Name()}, ids...)...), func(ctx SpecContext) {
			if unsupported {
				Skip(VerdictNotSupported + ": " + why)
			}
			describeBehaviours(ids)
			obs, err := c.Run(ctx, b)
			Expect(err).NotTo(HaveOccurred(), "running %s on %s", c.ID, b.Name())
			recordObservation(obs)
			if exp == nil {
				check(obs)
				return
			}
			checkExpectedFailure(exp, obs, check)
		})
	}
	addPending(c, ids)
}

// recordObservation attaches what was observed to the spec's report, so
// that the JUnit and JSON reports carry it: what the client saw (and the
// close kind), the raw bytes both ways, and the server's trace. Only the
// summary is shown on the console, and only on failure.
func recordObservation(o *Observation) {
	AddReportEntry("client", describeClient(o.Client), ReportEntryVisibilityFailureOrVerbose)
	end := o.Client.Close.String()
	if o.Client.Left != "" {
		end = "the client left first (" + o.Client.Left + ")"
	}
	AddReportEntry("wire", fmt.Sprintf("sent %q\nreceived %q\nclose %s", o.Client.Sent, o.Client.Received, end),
		ReportEntryVisibilityNever)
	AddReportEntry("pipeline trace", traceLines(o), ReportEntryVisibilityNever)
	AddReportEntry(diagramEntry, SVG(string(o.Client.Sent), o), ReportEntryVisibilityNever)
	if len(o.ErrorLog) > 0 {
		AddReportEntry("HTTP.sys error log", strings.Join(o.LogReasons(), " "), ReportEntryVisibilityNever)
	}
}

// describeBehaviours attaches each behaviour's sentence, provenance and
// source to the spec's report, so a failure shows what was checked.
func describeBehaviours(ids []string) {
	for _, id := range ids {
		b, _ := LookupBehaviour(id)
		AddReportEntry(id+" ["+string(b.Provenance)+"]", b.Statement+"\nSource: "+b.Source, ReportEntryVisibilityFailureOrVerbose)
	}
}

func agreement(c Case, ids []string) {
	if len(Backends()) < 2 {
		return
	}
	cover(ids, "model and sockets agree on "+c.ID, "agreement")
	It("model and sockets agree on "+c.ID, Label(append([]string{"agreement"}, ids...)...), func(ctx SpecContext) {
		var obs []*Observation
		for _, b := range Backends() {
			o, err := c.Run(ctx, b)
			Expect(err).NotTo(HaveOccurred(), "running %s on %s", c.ID, b.Name())
			obs = append(obs, o)
		}
		for _, o := range obs[1:] {
			if d := disagreement(obs[0], o); d != "" {
				Fail(d)
			}
		}
	})
}

var dateHeader = regexp.MustCompile(`(?m)^Date: [^\r\n]*`)

// normalise masks what legitimately differs between backends: the Date
// header (the model's clock is fixed).
func normalise(b []byte) string { return dateHeader.ReplaceAllString(string(b), "Date: <date>") }

// disagreement compares two observations of the same case: the client's
// bytes and close kind, and the server's trace. It returns "" when they
// agree, else both observations side by side.
func disagreement(a, b *Observation) string {
	var diffs []string
	if normalise(a.Client.Received) != normalise(b.Client.Received) {
		diffs = append(diffs, "the client received different bytes")
	}
	if a.Client.Close != b.Client.Close {
		diffs = append(diffs, fmt.Sprintf("the connection ended %v on %s but %v on %s", a.Client.Close, a.Backend, b.Client.Close, b.Backend))
	}
	ta, tb := traceLines(a), traceLines(b)
	if ta != tb {
		diffs = append(diffs, "the server traces differ")
	}
	if la, lb := fmt.Sprint(a.LogReasons()), fmt.Sprint(b.LogReasons()); la != lb {
		diffs = append(diffs, fmt.Sprintf("the error logs differ: %s on %s, %s on %s", la, a.Backend, lb, b.Backend))
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprintf("Backends disagree: %s.\n--- %s:\n%s\n%s--- %s:\n%s\n%s",
		strings.Join(diffs, "; "), a.Backend, describeClient(a.Client), ta, b.Backend, describeClient(b.Client), tb)
}

func traceLines(o *Observation) string {
	var b strings.Builder
	for i, t := range o.Traces {
		fmt.Fprintf(&b, "trace %d (%s %s):\n", i+1, t.Method, t.URL)
		for _, e := range t.Events {
			fmt.Fprintf(&b, "  %s\n", FormatEvent(e))
		}
	}
	return b.String()
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
		return full.String()
	}
	return s
}
