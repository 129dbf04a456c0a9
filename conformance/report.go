package conformance

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// The progress line of each finished spec, and the hook, as the run's
// Config asks.
var _ = ReportAfterEach(func(r SpecReport) {
	v := verdictOf(r)
	if v == "" {
		return // not selected
	}
	cfg := suite.cfg
	if cfg.OnSpecRan != nil && v != VerdictNotSupported {
		cfg.OnSpecRan()
	}
	if cfg.Progress != nil {
		writeProgress(cfg.Progress, v, r)
	}
})

// writeProgress writes a spec's line, and for a verdict other than a pass
// why, or the details of its failure.
func writeProgress(w io.Writer, v string, r SpecReport) {
	fmt.Fprintf(w, "%-4s %-9s %s  [%s]\n", v, backendOf(r.Labels()), r.LeafNodeText, strings.Join(behaviourIDs(r.Labels()), " "))
	if v == VerdictNotSupported || v == VerdictExpectedFail {
		fmt.Fprintf(w, "     %s\n", r.Failure.Message)
	}
	if r.State.Is(types.SpecStateFailureStates) {
		fmt.Fprint(w, describeFailure(r))
	}
}

// describeFailure renders a failed spec: where, the behaviours it checks
// with their sources, what the client saw, and expected against actual.
func describeFailure(r SpecReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "     spec: %s\n     at:   %s\n", r.FullText(), r.Failure.Location)
	for _, e := range r.ReportEntries {
		fmt.Fprintf(&b, "     %s:\n%s\n", e.Name, indent(e.StringRepresentation(), "       "))
	}
	fmt.Fprintf(&b, "     failure:\n%s\n", indent(r.Failure.Message, "       "))
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

func verdict(s types.SpecState) string {
	switch s {
	case types.SpecStatePassed:
		return "PASS"
	case types.SpecStateSkipped, types.SpecStatePending:
		return "SKIP"
	}
	return "FAIL"
}

// verdictOf is a spec's verdict: PASS, FAIL, NOT SUPPORTED, EXPECTED
// FAILURE or UNEXPECTED PASS (tolerated by --lenient); "" for a spec the
// selection left out.
func verdictOf(r SpecReport) string {
	switch {
	case r.State == types.SpecStateSkipped && strings.HasPrefix(r.Failure.Message, VerdictNotSupported):
		return VerdictNotSupported
	case r.State == types.SpecStateSkipped && strings.HasPrefix(r.Failure.Message, VerdictExpectedFail):
		return VerdictExpectedFail
	case r.State == types.SpecStateSkipped:
		return ""
	case r.State == types.SpecStatePassed:
		for _, e := range r.ReportEntries {
			if e.Name == unexpectedPassReport {
				return VerdictUnexpectedOK
			}
		}
	}
	return verdict(r.State)
}

func backendOf(labels []string) string {
	for _, l := range labels {
		if l == "agreement" || l == "model" || l == "sockets" || l == "target" {
			return l
		}
	}
	return "-"
}

func behaviourIDs(labels []string) []string {
	var ids []string
	for _, l := range labels {
		if _, ok := LookupBehaviour(l); ok {
			ids = append(ids, l)
		}
	}
	return ids
}

// group is a behaviour's family: "RC", "PIPE-FIN", "SYS-KA".
func group(id string) string {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return id
	}
	return id[:i]
}

// Summarise counts the report's specs by backend and verdict, and by
// behaviour group, and lists the failures with a command that reruns them,
// repeating rerunFlags (the flags that shaped the run, see Config).
func Summarise(r Report, rerunFlags string) string {
	type counts struct{ pass, fail, skip int }
	others := map[string][]SpecReport{} // the verdicts beyond pass and fail
	byBackend := map[string]*counts{}
	byGroup := map[string]*counts{}
	var failed []SpecReport
	ran := 0
	add := func(m map[string]*counts, k string, s SpecReport) {
		c := m[k]
		if c == nil {
			c = &counts{}
			m[k] = c
		}
		switch verdictOf(s) {
		case "PASS":
			c.pass++
		case "FAIL":
			c.fail++
		default:
			c.skip++
		}
	}
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		v := verdictOf(s)
		switch v {
		case "":
			continue
		case VerdictNotSupported, VerdictExpectedFail, VerdictUnexpectedOK:
			others[v] = append(others[v], s)
		}
		if v == VerdictNotSupported {
			continue
		}
		ran++
		add(byBackend, backendOf(s.Labels()), s)
		groups := map[string]bool{}
		for _, id := range behaviourIDs(s.Labels()) {
			groups[group(id)] = true
		}
		for g := range groups {
			add(byGroup, g, s)
		}
		if s.State.Is(types.SpecStateFailureStates) {
			failed = append(failed, s)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\niisemu conformance summary: %d specs ran\n", ran)
	fmt.Fprintf(&b, "  %-12s %6s %6s\n", "backend", "passed", "failed")
	for _, k := range sortedKeys(byBackend) {
		fmt.Fprintf(&b, "  %-12s %6d %6d\n", k, byBackend[k].pass, byBackend[k].fail)
	}
	fmt.Fprintf(&b, "  %-12s %6s %6s\n", "group", "passed", "failed")
	for _, k := range sortedKeys(byGroup) {
		fmt.Fprintf(&b, "  %-12s %6d %6d\n", k, byGroup[k].pass, byGroup[k].fail)
	}
	for _, v := range []string{VerdictExpectedFail, VerdictUnexpectedOK, VerdictNotSupported} {
		if len(others[v]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%d %s:\n", len(others[v]), strings.ToLower(v))
		for _, s := range others[v] {
			fmt.Fprintf(&b, "  %s [%s] %s\n", v, strings.Join(s.Labels(), ", "), s.FullText())
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(&b, "%d failed:\n", len(failed))
		var ids []string
		for _, s := range failed {
			fmt.Fprintf(&b, "  FAIL [%s] %s\n", strings.Join(s.Labels(), ", "), s.FullText())
			for _, id := range behaviourIDs(s.Labels()) {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		fmt.Fprintf(&b, "rerun the failed behaviours: iisemu conformance%s --label-filter='%s'\n", rerunFlags, strings.Join(ids, " || "))
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var _ = ReportAfterSuite("iisemu summary", func(r Report) { suite.res.Report = r })

// SelectedOnly is r without the specs the selection left out, for the
// JUnit and JSON records. A spec skipped with a verdict (NOT SUPPORTED,
// EXPECTED FAILURE) stays.
func SelectedOnly(r Report) Report {
	kept := r.SpecReports[:0:0]
	for _, s := range r.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && verdictOf(s) == "" {
			continue
		}
		kept = append(kept, s)
	}
	r.SpecReports = kept
	return r
}

// FormatNotOnTarget renders the counts of Result.NotRun, a line per
// reason, largest first; "" when every spec could be given to the target.
func FormatNotOnTarget(by map[string]int) string {
	if len(by) == 0 {
		return ""
	}
	reasons := make([]string, 0, len(by))
	total := 0
	for why, n := range by {
		reasons = append(reasons, why)
		total += n
	}
	sort.Slice(reasons, func(i, j int) bool {
		if by[reasons[i]] != by[reasons[j]] {
			return by[reasons[i]] > by[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	var b strings.Builder
	fmt.Fprintf(&b, "not run on the target: %d behaviour specs\n", total)
	for _, why := range reasons {
		fmt.Fprintf(&b, "  %3d  %s\n", by[why], why)
	}
	return b.String()
}
