package soak

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Limits are the thresholds of the criteria.
type Limits struct {
	// Warmup: the first load sample at or after it ends the warm-up; the
	// highest RSS of the warm-up's load samples is the reference.
	Warmup time.Duration
	// RSSGrowth: the largest allowed rise of RSS over the reference in any
	// later sample, as a fraction (0.10 is 10%).
	RSSGrowth float64
	// Settle: how long goroutines and descriptors had to return to their
	// starting level after the load stopped (for the message only).
	Settle time.Duration
}

// Verdict is one criterion's outcome, printed as one line.
type Verdict struct {
	Criterion string
	Failed    bool
	Detail    string
}

func (v Verdict) String() string {
	word := "PASS"
	if v.Failed {
		word = "FAIL"
	}
	return fmt.Sprintf("%s %s: %s", word, v.Criterion, v.Detail)
}

// Input is everything Judge reads: the samples in order (the first taken
// before the load, the last after the settle), the clients' record, and
// the two logs as parsed.
type Input struct {
	Samples  []Sample
	Record   *Record
	ErrorLog []ErrorEntry
	Queries  []string // cs-uri-query of every request-log line
}

// Judge applies every criterion, in a fixed order.
func Judge(in Input, lim Limits) []Verdict {
	return []Verdict{
		judgeRSS(in.Samples, lim),
		judgeReturn("goroutines", in.Samples, lim, func(s Sample) int { return s.Goroutines }),
		judgeReturn("descriptors", in.Samples, lim, func(s Sample) int { return s.FDs }),
		judgeGood(in.Record),
		judgeRequestLog(in.Record, in.Queries),
		judgeErrorLog(in.Record, in.ErrorLog),
		judgeFlood(in.Record),
		judgeHostile(in.Record),
	}
}

// Failed reports whether any verdict failed.
func Failed(vs []Verdict) bool {
	for _, v := range vs {
		if v.Failed {
			return true
		}
	}
	return false
}

// judgeRSS works on each sample's peak RSS (Sample.RSSPeak). The warm-up
// ends with the first load sample taken at or after Warmup; the reference
// is the highest peak of the load samples up to and including that one;
// every later sample's peak, the settled one's included, must stay within
// RSSGrowth of it.
func judgeRSS(samples []Sample, lim Limits) Verdict {
	v := Verdict{Criterion: "rss"}
	end, ref := -1, -1
	for i, s := range samples {
		if s.Phase != PhaseLoad {
			continue
		}
		if ref < 0 || s.RSSPeak > samples[ref].RSSPeak {
			ref = i
		}
		if s.At >= lim.Warmup {
			end = i
			break
		}
	}
	if end < 0 {
		v.Failed = true
		v.Detail = fmt.Sprintf("no load sample at or after the %v warm-up to compare with", lim.Warmup)
		return v
	}
	r := samples[ref]
	if end == len(samples)-1 {
		v.Failed = true
		v.Detail = fmt.Sprintf("no sample after the warm-up, which ended at %s", clock(samples[end].At))
		return v
	}
	top := samples[end+1]
	for _, s := range samples[end+1:] {
		if s.RSSPeak > top.RSSPeak {
			top = s
		}
	}
	growth := float64(top.RSSPeak-r.RSSPeak) / float64(r.RSSPeak)
	v.Failed = growth > lim.RSSGrowth
	v.Detail = fmt.Sprintf("peak RSS: reference (highest of the warm-up, to %s) %s at %s; highest after it %s at %s (%+.1f%%, limit +%.0f%%)",
		clock(samples[end].At), mib(r.RSSPeak), clock(r.At), mib(top.RSSPeak), clock(top.At), 100*growth, 100*lim.RSSGrowth)
	return v
}

// judgeReturn: the last sample, taken after the settle, may not exceed the
// first, taken before any load.
func judgeReturn(name string, samples []Sample, lim Limits, get func(Sample) int) Verdict {
	v := Verdict{Criterion: name}
	if len(samples) < 2 || samples[0].Phase != PhaseStart || samples[len(samples)-1].Phase != PhaseSettled {
		v.Failed = true
		v.Detail = "no sample before the load and after the settle to compare"
		return v
	}
	start, end := get(samples[0]), get(samples[len(samples)-1])
	v.Failed = end > start
	v.Detail = fmt.Sprintf("%d before the load, %d after the load stopped and a settle of at most %v", start, end, lim.Settle)
	return v
}

func judgeGood(r *Record) Verdict {
	v := Verdict{Criterion: "good client"}
	total := len(r.Good) + len(r.GoodFailed)
	switch {
	case total == 0:
		v.Failed, v.Detail = true, "no well-behaved request was made"
	case len(r.GoodFailed) > 0:
		v.Failed = true
		v.Detail = fmt.Sprintf("%d of %d requests failed (%.3f%% success, 100%% required); first: %s",
			len(r.GoodFailed), total, 100*float64(len(r.Good))/float64(total), r.GoodFailed[0])
	default:
		v.Detail = fmt.Sprintf("%d of %d requests answered 200 with the expected body (%d refused connections retried)",
			total, total, r.GoodRefused)
	}
	return v
}

// judgeRequestLog: each well-behaved request answered right appears in
// the request log exactly once, found by its tag (cs-uri-query soak=TAG).
func judgeRequestLog(r *Record, queries []string) Verdict {
	v := Verdict{Criterion: "request log"}
	seen := make(map[string]int, len(queries))
	for _, q := range queries {
		if tag, ok := strings.CutPrefix(q, "soak="); ok {
			seen[tag]++
		}
	}
	var missing, twice []string
	for _, tag := range r.Good {
		switch n := seen[tag]; {
		case n == 0:
			missing = append(missing, tag)
		case n > 1:
			twice = append(twice, fmt.Sprintf("%s (%d times)", tag, n))
		}
	}
	v.Failed = len(missing)+len(twice) > 0
	v.Detail = fmt.Sprintf("%d well-behaved requests: %d missing%s, %d more than once%s",
		len(r.Good), len(missing), examples(missing), len(twice), examples(twice))
	return v
}

// logGrace is how long after a client saw its connection end the
// server's entry may be stamped; the log's times are whole seconds.
const logGrace = 2 * time.Second

// covers reports whether e is at d's port and within d's lifetime. An
// ephemeral port serves many connections over a run, one at a time; the
// time tells them apart.
func (d Drop) covers(e ErrorEntry) bool {
	return e.Port == d.Port && !e.Time.Before(d.Start.UTC().Truncate(time.Second)) &&
		!e.Time.After(d.End.UTC().Add(logGrace))
}

// judgeErrorLog: each dropped connection has exactly one httperr1.log
// entry at its client port within its lifetime, with a reason its kind
// allows, or, for a kind that may go unlogged, none.
func judgeErrorLog(r *Record, entries []ErrorEntry) Verdict {
	v := Verdict{Criterion: "error log"}
	atPort := map[int][]int{}
	for i, e := range entries {
		atPort[e.Port] = append(atPort[e.Port], i)
	}
	drops := append([]Drop(nil), r.Drops...)
	sort.SliceStable(drops, func(i, j int) bool { return drops[i].Start.Before(drops[j].Start) })
	dropsAt := map[int][]Drop{}
	for _, d := range drops {
		dropsAt[d.Port] = append(dropsAt[d.Port], d)
	}
	used := make([]bool, len(entries))
	pick := func(d Drop, reasons []string) int {
		for _, i := range atPort[d.Port] {
			if !used[i] && d.covers(entries[i]) && (reasons == nil || indexOf(reasons, entries[i].Reason) >= 0) {
				used[i] = true
				return i
			}
		}
		return -1
	}
	total, logged := map[Kind]int{}, map[Kind]int{}
	var unmatched []Drop
	for _, d := range drops {
		total[d.Kind]++
		if pick(d, d.Kind.Reasons()) >= 0 {
			logged[d.Kind]++
		} else {
			unmatched = append(unmatched, d)
		}
	}
	// A drop with no entry of its reasons takes any entry left in its
	// lifetime: logged, but for another reason.
	missing := map[Kind][]string{}
	var wrong []string
	nMissing := 0
	for _, d := range unmatched {
		if i := pick(d, nil); i >= 0 {
			wrong = append(wrong, fmt.Sprintf("%s as %s", d, entries[i].Reason))
			continue
		}
		if d.Kind.Unlogged() {
			logged[d.Kind]++ // as expected: the request was completed in time
			continue
		}
		missing[d.Kind] = append(missing[d.Kind], d.String())
		nMissing++
	}
	// An entry left over in a drop's lifetime is a second entry for it.
	var extra []string
	for i, e := range entries {
		if used[i] {
			continue
		}
		for _, d := range dropsAt[e.Port] {
			if d.covers(e) {
				extra = append(extra, fmt.Sprintf("%s again as %s", d, e.Reason))
				break
			}
		}
	}
	var per, miss []string
	for _, k := range kinds {
		if total[k] > 0 {
			per = append(per, fmt.Sprintf("%s %d/%d", k, logged[k], total[k]))
		}
		if len(missing[k]) > 0 {
			miss = append(miss, fmt.Sprintf("%s %d%s", k, len(missing[k]), examples(missing[k][:min(2, len(missing[k]))])))
		}
	}
	v.Failed = nMissing+len(wrong)+len(extra) > 0
	v.Detail = fmt.Sprintf("%d dropped connections, logged as expected by kind: %s; %d missing%s, %d with another reason%s, %d extra entries%s",
		len(drops), strings.Join(per, ", "), nMissing, listed(miss), len(wrong), examples(wrong), len(extra), examples(extra))
	return v
}

// listed lists all items after a colon.
func listed(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return ": " + strings.Join(items, "; ")
}

// judgeFlood: every wave was answered 503 for at least its excess.
func judgeFlood(r *Record) Verdict {
	v := Verdict{Criterion: "flood"}
	if len(r.Waves) == 0 {
		v.Failed, v.Detail = true, "no flood wave ran"
		return v
	}
	refused, short := 0, 0
	for _, w := range r.Waves {
		refused += w.Refused
		if w.Refused < w.Excess {
			short++
		}
	}
	w := r.Waves[0]
	v.Failed = short > 0
	v.Detail = fmt.Sprintf("%d waves of %d connections, %d past MaxConnections each: %d refused with 503 in all; %d waves refused fewer than their excess",
		len(r.Waves), w.Opened, w.Excess, refused, short)
	return v
}

func judgeHostile(r *Record) Verdict {
	v := Verdict{Criterion: "hostile clients"}
	v.Failed = len(r.Anomalies) > 0
	v.Detail = fmt.Sprintf("%d ended otherwise than planned%s", len(r.Anomalies), examples(r.Anomalies))
	return v
}

// examples lists up to three items after a colon.
func examples(items []string) string {
	if len(items) == 0 {
		return ""
	}
	s := items
	if len(s) > 3 {
		s = s[:3]
	}
	more := ""
	if len(items) > 3 {
		more = ", …"
	}
	return " (" + strings.Join(s, "; ") + more + ")"
}
