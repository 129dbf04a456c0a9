package report

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
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

// Summarise counts the report's specs by verdict, by backend and by
// behaviour group, says how many requests they exchanged, lists the specs
// whose verdict is not a pass, and gives the command that reruns the
// failed specs alone, repeating rerunFlags (the flags that shaped the run,
// see Config).
func Summarise(r types.Report, rerunFlags string) string {
	byVerdict := map[string]int{}
	byBackend := map[string]map[string]int{}
	byGroup := map[string]map[string]int{}
	listed := map[string][]types.SpecReport{}
	add := func(m map[string]map[string]int, k, v string) {
		if m[k] == nil {
			m[k] = map[string]int{}
		}
		m[k][v]++
	}
	specs, requests := 0, 0
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		v := Of(s)
		if v == "" {
			continue
		}
		specs++
		byVerdict[v]++
		requests += Requests(s)
		if v != Pass {
			listed[v] = append(listed[v], s)
		}
		add(byBackend, BackendOf(s.Labels()), v)
		groups := map[string]bool{}
		for _, id := range BehaviourIDs(s.Labels()) {
			groups[group(id)] = true
		}
		for g := range groups {
			add(byGroup, g, v)
		}
	}
	var present []string
	for _, v := range Verdicts {
		if byVerdict[v] > 0 {
			present = append(present, v)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\niisemu conformance summary: %s, %s exchanged\n  ", plural(specs, "spec"), plural(requests, "request"))
	for i, v := range present {
		if i > 0 {
			b.WriteString(" · ")
		}
		fmt.Fprintf(&b, "%d %s", byVerdict[v], v)
	}
	b.WriteString("\n")
	table := func(title string, m map[string]map[string]int) {
		fmt.Fprintf(&b, "  %-12s", title)
		for _, v := range present {
			fmt.Fprintf(&b, " %*s", max(len(v), 4), v)
		}
		b.WriteString("\n")
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(&b, "  %-12s", k)
			for _, v := range present {
				fmt.Fprintf(&b, " %*d", max(len(v), 4), m[k][v])
			}
			b.WriteString("\n")
		}
	}
	table("backend", byBackend)
	table("group", byGroup)
	for _, v := range []string{ExpectedFailure, UnexpectedPass, NotSupported, Fail} { // PASS (wire only) gives its reason in its progress line
		if len(listed[v]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%d %s:\n", len(listed[v]), v)
		for _, s := range listed[v] {
			fmt.Fprintf(&b, "  %s [%s] %s\n", v, strings.Join(s.Labels(), ", "), s.FullText())
		}
	}
	if cmd := rerunCommand(r, rerunFlags, append(listed[Fail], listed[UnexpectedPass]...)); cmd != "" {
		fmt.Fprintf(&b, "rerun the failed specs: %s\n", cmd)
	}
	return b.String()
}

// rerunCommand is the command that runs failed again, and them alone:
// their full texts as a focus, their backends as a label filter.
func rerunCommand(r types.Report, rerunFlags string, failed []types.SpecReport) string {
	if len(failed) == 0 {
		return ""
	}
	var texts, backends []string
	for _, s := range failed {
		if t := regexp.QuoteMeta(s.FullText()); !slices.Contains(texts, t) {
			texts = append(texts, t)
		}
		if b := BackendOf(s.Labels()); b != "-" && !slices.Contains(backends, b) {
			backends = append(backends, b)
		}
	}
	focus := "^" + regexp.QuoteMeta(r.SuiteDescription) + " (" + strings.Join(texts, "|") + ")$"
	cmd := fmt.Sprintf("iisemu conformance%s --focus %s", rerunFlags, shellQuote(focus))
	if len(backends) > 0 {
		cmd += " --label-filter " + shellQuote(strings.Join(backends, " || "))
	}
	return cmd
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Requests is how many requests a spec exchanged with its backend (its
// EntryRequests entry; 0 without one).
func Requests(s types.SpecReport) int {
	n, _ := strconv.Atoi(entry(s, EntryRequests))
	return n
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

// Records is r as the JUnit and JSON reports carry it: the specs the
// selection took (see SelectedOnly), each with its verdict and the iisemu
// version as entries (JUnit properties), the suite named with the version.
func Records(r types.Report, info RunInfo) types.Report {
	r = SelectedOnly(r)
	r.SuiteDescription = fmt.Sprintf("%s (iisemu %s)", r.SuiteDescription, info.Version)
	specs := make([]types.SpecReport, len(r.SpecReports))
	for i, s := range r.SpecReports {
		if v := Of(s); v != "" && s.LeafNodeType == types.NodeTypeIt {
			s.ReportEntries = append(slices.Clone(s.ReportEntries),
				types.ReportEntry{Name: EntryVerdict, Value: types.WrapEntryValue(v), Time: s.EndTime},
				types.ReportEntry{Name: EntryVersion, Value: types.WrapEntryValue(info.Version), Time: s.EndTime})
		}
		specs[i] = s
	}
	r.SpecReports = specs
	return r
}

// plural says n of a noun: "1 spec", "2 specs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
