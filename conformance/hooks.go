package conformance

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/iisemu/iisemu/conformance/report"
)

// The progress line of each finished spec, and the hook, as the run's
// Config asks.
var _ = ReportAfterEach(func(r SpecReport) {
	v := report.Of(r)
	if v == "" {
		return // not selected
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
var _ = ReportAfterSuite("iisemu summary", func(r Report) { suite.res.Report = r })
