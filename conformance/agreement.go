package conformance

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/conformance/report"
)

// agreement declares the spec that runs c on every backend and requires
// them to agree; it needs two backends or more.
func agreement(c Case, ids []string) {
	if len(suite.cfg.Backends) < 2 {
		return
	}
	suite.res.coverage.add(ids, "model and sockets agree on "+c.ID, "agreement")
	It("model and sockets agree on "+c.ID, Label(append([]string{"agreement"}, ids...)...), func(ctx SpecContext) {
		var obs []*Observation
		AddReportEntry(report.EntryRequests, strconv.Itoa(c.requests()*len(suite.cfg.Backends)), ReportEntryVisibilityNever)
		for _, b := range suite.cfg.Backends {
			o, err := suite.fileForm(c).Run(ctx, b)
			Expect(err).NotTo(HaveOccurred(), "running %s on %s", c.ID, b.Info().Name)
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

// Disagreement is the agreement specs' comparison, for tools that compare
// backends outside the suite (the explorer): "" when a and b agree.
func Disagreement(a, b *Observation) string { return disagreement(a, b) }

// disagreement compares two observations of the same case: the client's
// bytes and close kind, and the server's trace and error log, leaving out
// a record either side could not show (a target that serves no traces).
// It returns "" when they agree, else both observations side by side.
func disagreement(a, b *Observation) string {
	var diffs []string
	if normalise(a.Client.Received) != normalise(b.Client.Received) {
		diffs = append(diffs, "the client received different bytes")
	}
	if a.Client.Close != b.Client.Close {
		diffs = append(diffs, fmt.Sprintf("the connection ended %v on %s but %v on %s", a.Client.Close, a.Backend, b.Client.Close, b.Backend))
	}
	_, noTrace := a.lacks[ServesTraces]
	if _, lacks := b.lacks[ServesTraces]; lacks {
		noTrace = true
	}
	_, noLogs := a.lacks[ServesLogs]
	if _, lacks := b.lacks[ServesLogs]; lacks {
		noLogs = true
	}
	ta, tb := traceLines(a), traceLines(b)
	if ta != tb && !noTrace {
		diffs = append(diffs, "the server traces differ")
	}
	if la, lb := fmt.Sprint(a.LogReasons()), fmt.Sprint(b.LogReasons()); la != lb && !noLogs {
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
