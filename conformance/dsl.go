package conformance

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/conformance/behaviour"
	"github.com/iisemu/iisemu/conformance/report"
	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

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

// Spec declares one spec per backend that can meet needs (see decide),
// labelled with the backend and needs.Behaviours; body runs it on the
// backend. Behaviour is Spec for a Case; a spec that drives a backend
// itself (a site of its own, connections it holds) uses Spec directly.
func Spec(text string, needs Needs, body func(ctx SpecContext, b Backend)) {
	exp := suite.expectedFailure(text, needs.Behaviours, Case{Scenario: needs.Scenario})
	declare(text, needs, func(ctx SpecContext, b Backend) {
		if exp == nil {
			body(ctx, b)
			return
		}
		// Its checks are on what it drove itself: judged as wire checks.
		f := firstFailure(wirePhase, func() { body(ctx, b) })
		settle(outcome{failure: f}, exp, Checks{Wire: func(*Observation) {}})
	})
}

// declare is Spec without the expectations: Behaviour applies them
// itself, to its judged outcome.
func declare(text string, needs Needs, body func(ctx SpecContext, b Backend)) {
	ids := needs.Behaviours
	suite.res.scenarios.note(needs.Scenario, ids)
	needs.Scenario = suite.res.scenarios.fileForm(needs.Scenario) // as a target is sent it
	for _, b := range suite.cfg.Backends {
		d, ok := suite.plan(b, needs)
		if !ok {
			continue
		}
		name := b.Info().Name
		suite.res.coverage.add(ids, text, name)
		It(text, Label(append([]string{name}, ids...)...), func(ctx SpecContext) {
			if !d.Runs() {
				Skip(d.Message())
			}
			describeBehaviours(ids)
			body(ctx, b)
		})
	}
}

// startOn serves site on b for the running spec, and stops it when the
// spec ends (an early Close in the spec is harmless).
func startOn(b Backend, site *iis.Site, sys ...func(bool) httpsys.Config) Instance {
	h, ok := b.(SiteHost)
	Expect(ok).To(BeTrue(), "%s hosts no site", b.Info().Name)
	in, err := h.Start(site, sys...)
	Expect(err).NotTo(HaveOccurred(), "starting %s", b.Info().Name)
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

// Behaviour declares one behaviour check: a spec per backend that can run
// c (see Spec), labelled with the backend and the behaviour IDs, that
// runs c and judges the observation with checks, wire checks first (see
// judge and settle). The enclosing Area adds, once per case, the spec that
// runs c on every backend and requires them to agree.
func Behaviour(text string, ids []string, c Case, checks Checks) {
	exp := suite.expectedFailure(text, ids, c)
	needs := c.Needs(ids)
	drop := suite.cfg.Gaps.unsupportedGetters(needs)
	suite.res.behaviours = append(suite.res.behaviours, declared{text: text, checks: checks})
	declare(text, needs, func(ctx SpecContext, b Backend) {
		obs, err := suite.fileForm(c).Run(ctx, b)
		var out outcome
		if err != nil {
			out.failure = &checkFailure{phase: wirePhase, message: "the exchange failed: " + err.Error()}
		} else {
			recordObservation(obs, c.requests())
			out = judge(obs, checks, drop)
		}
		settle(out, exp, checks)
	})
	suite.addPending(c, ids)
}

// settle turns what judging found into the spec's verdict:
//   - a failure, or server checks that could not run, once a target has
//     stopped accepting connections abort the suite (see run.fail): a
//     target that died between the exchange and the fetch of its records
//     gives no verdict;
//   - a failure is FAIL, or EXPECTED FAILURE when an expectation selects
//     the spec (whatever the failure: a check, a timeout, a connection
//     error);
//   - server checks that could not run make a spec whose wire checks
//     passed PASS (wire only), and one with no wire checks NOT SUPPORTED;
//   - a pass is PASS, or UNEXPECTED PASS when an expectation selects the
//     spec.
func settle(out outcome, exp *ExpectedFailure, checks Checks) {
	if out.failure != nil || out.skipped != "" {
		if g := suite.gone(); g != nil {
			AbortSuite(g.Error()) // the target went away: no verdict on its answer (see run.fail)
		}
	}
	switch {
	case out.failure != nil && exp != nil:
		AddReportEntry(report.EntryFailure, out.failure.String(), ReportEntryVisibilityFailureOrVerbose)
		Skip(fmt.Sprintf("%s: %s (%s)", report.ExpectedFailure, exp.Reason, exp.Link))
	case out.failure != nil:
		Fail(out.failure.String())
	case out.skipped != "" && checks.Wire == nil:
		Skip(fmt.Sprintf("%s: it checks nothing on the wire, and %s", report.NotSupported, out.skipped))
	case out.skipped != "":
		why := "the wire checks passed; " + out.skipped
		if out.dropped != "" {
			why += "; " + out.dropped
		}
		if exp != nil {
			why += fmt.Sprintf("; it is listed as an expected failure (%s, %s), which the wire checks did not show", exp.Reason, exp.Link)
		}
		AddReportEntry(report.EntryWireOnly, why, ReportEntryVisibilityAlways)
	case exp != nil:
		Fail(fmt.Sprintf("%s: listed as an expected failure (%s, %s), but every check passed: remove the entry, or run with --lenient to let the run pass",
			report.UnexpectedPass, exp.Reason, exp.Link))
	case out.dropped != "":
		AddReportEntry(report.EntryDropped, out.dropped, ReportEntryVisibilityAlways)
	}
}

// String renders the failure for people: which checks, expected against
// actual, and the spec's line; an exchange that failed before any check
// says so alone.
func (f *checkFailure) String() string {
	if f.at.FileName == "" {
		return strings.TrimRight(f.message, "\n")
	}
	what := "wire check"
	if f.phase == serverPhase {
		what = "server check"
	}
	return fmt.Sprintf("%s: %s\n(%s:%d)", what, strings.TrimRight(f.message, "\n"), filepath.Base(f.at.FileName), f.at.LineNumber)
}

// recordObservation attaches what was observed to the spec's report, so
// that the JUnit, JSON and HTML reports carry it: the request sent, what
// the client saw (and the close kind), the raw bytes both ways, the
// server's trace and the sequence diagram. The console shows the request
// and what the client saw, on failure only.
func recordObservation(o *Observation, requests int) {
	AddReportEntry(report.EntryRequest, string(o.Client.Sent), ReportEntryVisibilityNever)
	AddReportEntry(report.EntryRequests, strconv.Itoa(requests), ReportEntryVisibilityNever)
	AddReportEntry(report.EntryReceived, string(o.Client.Received), ReportEntryVisibilityNever)
	AddReportEntry(report.EntryClient, describeClient(o.Client), ReportEntryVisibilityNever)
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
		AddReportEntry(report.BehaviourEntryPrefix+id+" ["+string(b.Provenance)+"]", b.Statement+"\nSource: "+b.Source, ReportEntryVisibilityNever)
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
		return full.String()
	}
	return s
}
