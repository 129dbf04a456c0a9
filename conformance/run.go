package conformance

import (
	"fmt"
	"io"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/conformance/report"
)

// Config is one run's settings, handed to Run once.
type Config struct {
	// Backends are the backends specs are generated for; none means the
	// model and sockets.
	Backends []Backend
	// Gaps are what the user declares the backends do not support (the
	// capabilities file); nil when none.
	Gaps *Gaps
	// Expectations are the known divergences; nil when none.
	Expectations *Expectations
	// Lenient lets a listed divergence that passes (UNEXPECTED PASS) not
	// fail the run; it changes nothing else.
	Lenient bool
	// RerunFlags are the flags, besides --label-filter, that the summary's
	// rerun command repeats: the target and the files that shape its run.
	RerunFlags string
	// Progress, when set, receives one line per finished spec.
	Progress io.Writer
	// OnSpecRan, when set, is called for every spec that ran (not one
	// skipped, nor one NOT SUPPORTED).
	OnSpecRan func()
}

// Result is what a run found.
type Result struct {
	// Passed is RunSpecs' verdict.
	Passed bool
	// Report is the suite's report, for the summary and the records.
	Report Report
	// NotRun counts, by reason, the specs not generated for a backend
	// (see decide); every one of them concerns a target.
	NotRun map[string]int
	// NotRunBehaviours gives, by behaviour ID, the reasons its specs were
	// not generated; a behaviour that has some spec generated is absent.
	NotRunBehaviours map[string][]string

	// Stopped, when not nil, says the run stopped because a target
	// stopped accepting connections.
	Stopped *Stopped

	coverage  coverage
	scenarios scenarioUses
	lastSpec  string // the text of the last spec that finished
	// behaviours are the checks of every Behaviour declared, in order.
	behaviours []declared
	// generated are the behaviour IDs with a spec generated.
	generated map[string]bool
	// usedExpectations are the expectation entries that select a spec of
	// the tree, by index.
	usedExpectations map[int]bool
}

// Stopped is a run a target ended by going away.
type Stopped struct {
	// Gone is when and how the target stopped accepting connections.
	Gone *TargetGone
	// After is the text of the last spec that finished before; "" when
	// none had.
	After string
	// NotRun counts the selected specs that did not run to their end.
	NotRun int
}

// String is the one line a user is told.
func (s *Stopped) String() string {
	after := "before any spec finished"
	if s.After != "" {
		after = fmt.Sprintf("after %q", s.After)
	}
	return fmt.Sprintf("the target stopped accepting connections at %s, %s; %d specs not run (%v)",
		s.Gone.At.Format(time.TimeOnly), after, s.NotRun, s.Gone.Cause)
}

// Run builds the spec tree for cfg's backends and runs the specs Ginkgo's
// flags select (a dry run builds the tree only, for the catalogue). Call
// it once per process: Ginkgo runs one suite.
func Run(t GinkgoTestingT, cfg Config) *Result {
	if len(cfg.Backends) == 0 {
		cfg.Backends = []Backend{ModelBackend(), SocketsBackend()}
	}
	suite = &run{cfg: cfg, res: &Result{NotRun: map[string]int{}, NotRunBehaviours: map[string][]string{}, coverage: coverage{}, scenarios: scenarioUses{},
		usedExpectations: map[int]bool{}, generated: map[string]bool{}}}
	failHandler = suite.fail
	RegisterFailHandler(suite.fail)
	suite.res.Passed = RunSpecs(t, "iisemu conformance")
	if !suite.res.Passed && cfg.Lenient {
		suite.res.Passed = report.OnlyUnexpectedPasses(suite.res.Report)
	}
	return suite.res
}

// declared is one Behaviour as declared: its text and checks.
type declared struct {
	text   string
	checks Checks
}

// run is the suite being built and run: its settings, and what building
// the spec tree records.
type run struct {
	cfg Config
	res *Result
	// pending are the cases declared in the Area being built.
	pending []*pendingCase
}

// suite is the run in progress, the package's one mutable variable.
// Ginkgo builds the spec tree from the package's top-level containers
// inside RunSpecs, and calls the report hooks from there, so they find
// the run here; Run alone sets it.
var suite *run

// fail is the suite's fail handler: Ginkgo's Fail, except that once a
// target has stopped accepting connections it aborts the suite, so the
// specs left are not run against a server that is not there.
func (r *run) fail(message string, callerSkip ...int) {
	skip := 1
	if len(callerSkip) > 0 {
		skip += callerSkip[0]
	}
	if g := r.gone(); g != nil {
		AbortSuite(g.Error(), skip)
	}
	Fail(message, skip)
}

// gone is the first backend's TargetGone once it has stopped accepting
// connections, else nil.
func (r *run) gone() *TargetGone {
	for _, b := range r.cfg.Backends {
		if w, ok := b.(Watched); ok {
			if g := w.Gone(); g != nil {
				return g
			}
		}
	}
	return nil
}

// plan decides whether a spec with needs n runs on b: a spec not
// generated is counted by reason; a declared gap still generates it, to
// be reported NOT SUPPORTED.
func (r *run) plan(b Backend, n Needs) (Decision, bool) {
	d := decide(b.Info(), n, r.cfg.Gaps, nil)
	if d.Stage == NotGenerated {
		r.res.NotRun[d.Why]++
		for _, id := range n.Behaviours {
			if !r.res.generated[id] && !slices.Contains(r.res.NotRunBehaviours[id], d.Why) {
				r.res.NotRunBehaviours[id] = append(r.res.NotRunBehaviours[id], d.Why)
			}
		}
		return d, false
	}
	for _, id := range n.Behaviours {
		r.res.generated[id] = true
		delete(r.res.NotRunBehaviours, id)
	}
	return d, true
}

// fileForm is c with its scenario as its file states it (see
// scenarioUses.fileForm), which is what a target is sent.
func (r *run) fileForm(c Case) Case {
	c.Scenario = r.res.scenarios.fileForm(c.Scenario)
	return c
}
