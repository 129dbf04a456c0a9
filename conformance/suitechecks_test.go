package conformance

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"go.uber.org/goleak"
)

// The suite-level checks run as the suite's last nodes, not after RunSpecs
// returns: with ginkgo -p, the CLI shows a process's own output only when
// it hangs, so a check that failed after RunSpecs made the run end in
// "Test Suite Failed" with no reason. A failing node is reported by
// Ginkgo, with its message, in serial and parallel runs alike.
//
// Every process checks its own goroutines; the first process also checks
// the catalogue, the scenario files and the wire-first rule, which depend
// on the spec tree alone (every process builds it whole). A self-check
// run (faultEnv) checks leaks only.

// checker is what a suite-level check reports to: *testing.T in a plain
// test, a checkLog in the suite's last nodes.
type checker interface {
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// checkLog collects a check's failures for one Ginkgo failure naming them
// all. Fatal stops the check (runChecks recovers).
type checkLog struct{ failures []string }

type stopCheck struct{}

func (l *checkLog) Errorf(format string, args ...any) {
	l.failures = append(l.failures, fmt.Sprintf(format, args...))
}
func (l *checkLog) Fatal(args ...any) {
	l.failures = append(l.failures, fmt.Sprint(args...))
	panic(stopCheck{})
}
func (l *checkLog) Fatalf(format string, args ...any) {
	l.Errorf(format, args...)
	panic(stopCheck{})
}

// runChecks runs each check on its own log and fails the node once,
// listing every failure of every check.
func runChecks(checks map[string]func(checker)) {
	var all []string
	for _, name := range slices.Sorted(maps.Keys(checks)) {
		check := checks[name]
		l := &checkLog{}
		func() {
			defer func() {
				if r := recover(); r != nil {
					if _, ok := r.(stopCheck); !ok {
						panic(r)
					}
				}
			}()
			check(l)
		}()
		for _, f := range l.failures {
			all = append(all, name+": "+f)
		}
	}
	if len(all) > 0 {
		Fail(fmt.Sprintf("%d suite-level check failure(s):\n%s", len(all), strings.Join(all, "\n")))
	}
}

// atStart are the goroutines running before the first spec: Ginkgo's own
// (its interrupt handler, and in a parallel run its link to the CLI).
var atStart goleak.Option

// ginkgoOutput are the goroutines a parallel run's output interceptor
// starts around each node; they are Ginkgo's, not the suite's.
var ginkgoOutput = []goleak.Option{
	goleak.IgnoreAnyFunction("github.com/onsi/ginkgo/v2/internal.(*genericOutputInterceptor).ResumeIntercepting.func1"),
	goleak.IgnoreAnyFunction("github.com/onsi/ginkgo/v2/internal.(*genericOutputInterceptor).ResumeIntercepting.func1.1"),
}

var _ = BeforeSuite(func() { atStart = goleak.IgnoreCurrent() })

var _ = AfterSuite(func() {
	checks := map[string]func(checker){"leaked goroutines": func(c checker) {
		if err := goleak.Find(append([]goleak.Option{atStart}, ginkgoOutput...)...); err != nil {
			c.Errorf("%v", err)
		}
	}}
	if os.Getenv(faultEnv) == "" && GinkgoParallelProcess() == 1 {
		res := suite.res
		checks["catalogue"] = func(c checker) { checkCatalogue(c, res) }
		checks["scenario files"] = func(c checker) { checkScenarioFiles(c, res) }
		checks["wire first"] = func(c checker) { checkWireFirst(c, res) }
	}
	runChecks(checks)
})
