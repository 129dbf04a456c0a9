package report

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

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
func Summarise(r types.Report, rerunFlags string) string {
	type counts struct{ pass, fail, skip int }
	others := map[string][]types.SpecReport{} // the verdicts beyond pass and fail
	byBackend := map[string]*counts{}
	byGroup := map[string]*counts{}
	var failed []types.SpecReport
	ran := 0
	add := func(m map[string]*counts, k string, s types.SpecReport) {
		c := m[k]
		if c == nil {
			c = &counts{}
			m[k] = c
		}
		switch Of(s) {
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
		v := Of(s)
		switch v {
		case "":
			continue
		case NotSupported, ExpectedFailure, UnexpectedPass:
			others[v] = append(others[v], s)
		}
		if v == NotSupported {
			continue
		}
		ran++
		add(byBackend, BackendOf(s.Labels()), s)
		groups := map[string]bool{}
		for _, id := range BehaviourIDs(s.Labels()) {
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
	for _, k := range slices.Sorted(maps.Keys(byBackend)) {
		fmt.Fprintf(&b, "  %-12s %6d %6d\n", k, byBackend[k].pass, byBackend[k].fail)
	}
	fmt.Fprintf(&b, "  %-12s %6s %6s\n", "group", "passed", "failed")
	for _, k := range slices.Sorted(maps.Keys(byGroup)) {
		fmt.Fprintf(&b, "  %-12s %6d %6d\n", k, byGroup[k].pass, byGroup[k].fail)
	}
	for _, v := range []string{ExpectedFailure, UnexpectedPass, NotSupported} {
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
			for _, id := range BehaviourIDs(s.Labels()) {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		fmt.Fprintf(&b, "rerun the failed behaviours: iisemu conformance%s --label-filter='%s'\n", rerunFlags, strings.Join(ids, " || "))
	}
	return b.String()
}

// SelectedOnly is r without the specs the selection left out, for the
// JUnit and JSON records. A spec skipped with a verdict (NOT SUPPORTED,
// EXPECTED FAILURE) stays.
func SelectedOnly(r types.Report) types.Report {
	kept := r.SpecReports[:0:0]
	for _, s := range r.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && Of(s) == "" {
			continue
		}
		kept = append(kept, s)
	}
	r.SpecReports = kept
	return r
}

// FormatNotOnTarget renders counts of the specs not generated for a
// target, by reason (conformance.Result.NotRun), a line per reason,
// largest first; "" when every spec could be given to the target.
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
