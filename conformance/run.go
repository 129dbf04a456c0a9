package conformance

import (
	"io"
	"slices"

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

	coverage  coverage
	scenarios scenarioUses
	// behaviours are the checks of every Behaviour declared, in order.
	behaviours []declared
	// generated are the behaviour IDs with a spec generated.
	generated map[string]bool
	// usedExpectations are the expectation entries that select a spec of
	// the tree, by index.
	usedExpectations map[int]bool
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
	failHandler = Fail
	RegisterFailHandler(Fail)
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
