package conformance

import (
	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/iisemu/iisemu/conformance/report"
)

// The progress line of each finished spec, and the hook, as the run's
// Config asks.
var _ = ReportAfterEach(func(r SpecReport) {
	v := report.Of(r)
	if v == "" || r.State == types.SpecStateAborted {
		return // not selected, or not run to its end (see run.fail)
	}
	if suite.gone() == nil {
		suite.res.lastSpec = r.LeafNodeText
	}
	cfg := suite.cfg
	if cfg.OnSpecRan != nil && v != report.NotSupported {
		cfg.OnSpecRan()
	}
	if cfg.Progress != nil {
		report.Progress(cfg.Progress, r)
	}
})

// The suite's report goes to the run's Result.
var _ = ReportAfterSuite("iisemu summary", func(r Report) {
	suite.res.Report = r
	if g := suite.gone(); g != nil {
		suite.res.Stopped = &Stopped{Gone: g, After: suite.res.lastSpec, NotRun: notRun(r)}
	}
})

// notRun counts the selected specs that did not run to their end: the
// one the suite was aborted in and those it skipped after.
func notRun(r Report) int {
	ran := 0
	for _, s := range r.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && report.Of(s) != "" && s.State != types.SpecStateAborted {
			ran++
		}
	}
	return r.PreRunStats.SpecsThatWillRun - ran
}
