package soak

import (
	"strings"
	"testing"
	"time"

	"github.com/iisemu/iisemu/fixtures/config"
)

const mb = 1 << 20

func load(at time.Duration, rss int64) Sample {
	return Sample{At: at, Phase: PhaseLoad, RSS: rss - 10*mb, RSSPeak: rss, Goroutines: 40, FDs: 50}
}

// samples: a start, loads at 10 s steps with the given RSS in MiB, and a
// settled sample with the given goroutines and descriptors.
func samples(rss []int64, endG, endFD int) []Sample {
	out := []Sample{{Phase: PhaseStart, RSS: 10 * mb, RSSPeak: 10 * mb, Goroutines: 6, FDs: 14}}
	for i, r := range rss {
		out = append(out, load(time.Duration(i+1)*10*time.Second, r*mb))
	}
	last := out[len(out)-1]
	return append(out, Sample{At: last.At + 5*time.Second, Phase: PhaseSettled, RSS: last.RSSPeak, RSSPeak: last.RSSPeak, Goroutines: endG, FDs: endFD})
}

var lim = Limits{Warmup: 30 * time.Second, RSSGrowth: 0.10, Settle: 30 * time.Second}

func TestJudgeRSS(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rss    []int64
		fail   bool
		detail string
	}{
		// The warm-up's peak is the reference; a fall after it is fine.
		{"the warm-up's peak is the reference", []int64{20, 30, 25, 31, 33}, false,
			"reference (highest of the warm-up, to 0:30) 30.0 MiB at 0:20; highest after it 33.0 MiB at 0:50 (+10.0%"},
		{"growth over the warm-up's peak fails", []int64{20, 30, 25, 31, 34}, true, "+13.3%"},
		{"exactly 10% passes", []int64{20, 20, 20, 22}, false, "+10.0%"},
		{"a leak fails", []int64{20, 20, 20, 22, 24, 26}, true, "highest after it 26.0 MiB at 1:00 (+30.0%, limit +10%)"},
		{"a drop passes", []int64{20, 20, 20, 15, 12}, false, "-25.0%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := judgeRSS(samples(tc.rss, 6, 14), lim)
			if v.Failed != tc.fail || !strings.Contains(v.Detail, tc.detail) {
				t.Errorf("failed %v (want %v): %s", v.Failed, tc.fail, v.Detail)
			}
		})
	}
	// The settled sample counts too, and a run with nothing after the
	// reference, or no sample at the warm-up, cannot pass.
	s := samples([]int64{20, 20, 20}, 6, 14)
	s[len(s)-1].RSSPeak = 23 * mb
	if v := judgeRSS(s, lim); !v.Failed {
		t.Errorf("growth in the settled sample passed: %s", v.Detail)
	}
	if v := judgeRSS(samples([]int64{20, 20}, 6, 14), lim); !v.Failed {
		t.Errorf("no sample at the warm-up passed: %s", v.Detail)
	}
	if v := judgeRSS(samples([]int64{20, 20, 20}, 6, 14)[:4], lim); !v.Failed {
		t.Errorf("nothing after the reference passed: %s", v.Detail)
	}
}

func TestJudgeRSSJustOverTheLimit(t *testing.T) {
	s := samples([]int64{20, 20, 20, 20}, 6, 14)
	s[4].RSSPeak = 22*mb + 1
	if v := judgeRSS(s, lim); !v.Failed {
		t.Errorf("22 MiB + 1 byte over 20 MiB passed: %s", v.Detail)
	}
}

func TestJudgeReturnToStart(t *testing.T) {
	for _, tc := range []struct {
		endG, endFD   int
		failG, failFD bool
	}{
		{6, 14, false, false},
		{5, 13, false, false}, // below the start is fine
		{7, 14, true, false},
		{6, 15, false, true},
	} {
		vs := Judge(Input{Samples: samples([]int64{20, 20, 20, 20}, tc.endG, tc.endFD), Record: &Record{}}, lim)
		g, fd := vs[1], vs[2]
		if g.Criterion != "goroutines" || fd.Criterion != "descriptors" || g.Failed != tc.failG || fd.Failed != tc.failFD {
			t.Errorf("end %d/%d: %v / %v", tc.endG, tc.endFD, g, fd)
		}
	}
	// Without a settled sample (the load never ended) nothing passes.
	s := samples([]int64{20, 20, 20, 20}, 6, 14)
	if v := judgeReturn("goroutines", s[:len(s)-1], lim, func(s Sample) int { return s.Goroutines }); !v.Failed {
		t.Errorf("no settled sample passed: %s", v.Detail)
	}
}

func TestJudgeGood(t *testing.T) {
	if v := judgeGood(&Record{Good: []string{"g1", "g2"}, GoodRefused: 3}); v.Failed {
		t.Errorf("all good failed: %s", v)
	}
	v := judgeGood(&Record{Good: []string{"g1", "g2", "g3"}, GoodFailed: []string{"g4 (port 1): EOF"}})
	if !v.Failed || !strings.Contains(v.Detail, "1 of 4 requests failed (75.000% success") || !strings.Contains(v.Detail, "g4 (port 1): EOF") {
		t.Errorf("one failure: %s", v)
	}
	if v := judgeGood(&Record{}); !v.Failed {
		t.Errorf("no request passed: %s", v)
	}
}

func TestJudgeRequestLog(t *testing.T) {
	rec := &Record{Good: []string{"g1", "g2", "p3", "g4"}}
	// r5 is a reset's request, not a well-behaved one: not counted.
	v := judgeRequestLog(rec, []string{"soak=g1", "soak=p3", "soak=g2", "soak=g4", "soak=r5", "-"})
	if v.Failed {
		t.Errorf("complete log failed: %s", v)
	}
	v = judgeRequestLog(rec, []string{"soak=g1", "soak=p3", "soak=g2", "soak=g2", "soak=g40"})
	if !v.Failed || !strings.Contains(v.Detail, "1 missing (g4)") || !strings.Contains(v.Detail, "1 more than once (g2 (2 times))") {
		t.Errorf("missing and duplicate: %s", v)
	}
}

var t0 = time.Date(2026, 11, 29, 18, 0, 0, 0, time.UTC)

func at(sec float64) time.Time { return t0.Add(time.Duration(sec * float64(time.Second))) }

func drop(k Kind, port int, tag string, from, to float64) Drop {
	return Drop{Kind: k, Port: port, Tag: tag, Start: at(from), End: at(to)}
}

// entry is a log line at whole second sec, as the log stamps it.
func entry(port int, reason string, sec float64) ErrorEntry {
	return ErrorEntry{Time: at(sec).Truncate(time.Second), Port: port, Reason: reason}
}

func TestJudgeErrorLog(t *testing.T) {
	drops := []Drop{
		drop(KindResetMidResponse, 100, "r1", 1.2, 1.5), drop(KindResetMidUpload, 101, "u2", 2.5, 2.9),
		drop(KindSlowloris, 102, "s3", 3.1, 5.4), drop(KindConnLimit, 103, "", 6.5, 6.6), drop(KindConnLimit, 104, "g4", 6.5, 6.6),
		// One port, two connections, half a minute apart.
		drop(KindSlowloris, 105, "s5", 10.2, 12.5), drop(KindConnLimit, 105, "", 40.5, 40.6),
	}
	full := []ErrorEntry{
		// The reset mid-response at port 100 has no entry: its request
		// was completed within the logging timeout.
		entry(101, "Client_Reset", 2.95),
		entry(102, "Timer_HeaderWait", 5.2), entry(103, "ConnLimit", 6.5), entry(104, "ConnLimit", 6.55),
		entry(105, "ConnLimit", 40.5), entry(105, "Timer_HeaderWait", 12.2),
		entry(999, "Timer_ConnectionIdle", 20),   // no drop of ours: ignored
		entry(100, "Timer_ConnectionIdle", 90.0), // the port's next connection, not ours
	}
	if v := judgeErrorLog(&Record{Drops: drops}, full); v.Failed {
		t.Errorf("complete log failed: %s", v)
	}
	for _, tc := range []struct {
		name    string
		drops   []Drop
		entries func([]ErrorEntry) []ErrorEntry
		detail  string
	}{
		{"a reset logged Connection_Dropped", nil, func(e []ErrorEntry) []ErrorEntry { return append(e, entry(100, "Connection_Dropped", 1.5)) },
			"1 with another reason (reset mid-response port 100 (soak=r1) as Connection_Dropped)"},
		{"a slowloris unlogged", nil, func(e []ErrorEntry) []ErrorEntry { return append(e[:1:1], e[2:]...) },
			"reset mid-response 1/1, reset mid-upload 1/1, slowloris 1/2, ConnLimit refusal 3/3; 1 missing: slowloris 1 (slowloris port 102 (soak=s3))"},
		{"an entry twice", nil, func(e []ErrorEntry) []ErrorEntry { return append(e, entry(102, "Timer_HeaderWait", 5.3)) },
			"1 extra entries (slowloris port 102 (soak=s3) again as Timer_HeaderWait)"},
		{"another reason", nil, func(e []ErrorEntry) []ErrorEntry {
			e = append([]ErrorEntry(nil), e...)
			e[1].Reason = "Timer_ConnectionIdle"
			return e
		}, "1 with another reason (slowloris port 102 (soak=s3) as Timer_ConnectionIdle)"},
		{"one of two at a shared port", nil, func(e []ErrorEntry) []ErrorEntry { return e[:5] },
			"1 missing: slowloris 1 (slowloris port 105 (soak=s5))"},
		{"an entry outside the lifetime", nil, func(e []ErrorEntry) []ErrorEntry {
			e = append([]ErrorEntry(nil), e...)
			e[1] = entry(102, "Timer_HeaderWait", 8.0) // 2.6 s after the drop
			return e
		}, "1 missing: slowloris 1 (slowloris port 102 (soak=s3))"},
		// The later connection's entry must not be credited to the
		// earlier, unlogged one.
		{"a port reused by another kind", append(drops[:len(drops):len(drops)],
			drop(KindSlowloris, 106, "s6", 50.1, 52.4), drop(KindSlowloris, 106, "s7", 70.2, 72.6)),
			func(e []ErrorEntry) []ErrorEntry { return append(e, entry(106, "Timer_HeaderWait", 72.5)) },
			"slowloris 3/4, ConnLimit refusal 3/3; 1 missing: slowloris 1 (slowloris port 106 (soak=s6))"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := drops
			if tc.drops != nil {
				d = tc.drops
			}
			v := judgeErrorLog(&Record{Drops: d}, tc.entries(full))
			if !v.Failed || !strings.Contains(v.Detail, tc.detail) {
				t.Errorf("want a failure with %q, got %s", tc.detail, v)
			}
		})
	}
}

func TestJudgeFloodAndHostile(t *testing.T) {
	ok := &Record{Waves: []Wave{{32, 8, 8}, {32, 8, 15}}}
	if v := judgeFlood(ok); v.Failed {
		t.Errorf("flood: %s", v)
	}
	if v := judgeFlood(&Record{Waves: []Wave{{32, 8, 8}, {32, 8, 7}}}); !v.Failed || !strings.Contains(v.Detail, "1 waves refused fewer") {
		t.Errorf("short wave: %s", v)
	}
	if v := judgeFlood(&Record{}); !v.Failed {
		t.Errorf("no wave: %s", v)
	}
	if v := judgeHostile(&Record{Anomalies: []string{"slowloris port 9: still open after 12s"}}); !v.Failed {
		t.Errorf("anomaly: %s", v)
	}
}

func TestParseLogs(t *testing.T) {
	errLog := "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: 2026-11-29 18:00:00\r\n" +
		"#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\r\n" +
		"2026-11-29 18:00:00 127.0.0.1 51078 127.0.0.1 35323 - - - 503 1 ConnLimit DefaultAppPool\r\n"
	es, err := ParseErrorLog(errLog)
	if err != nil || len(es) != 1 || es[0].Port != 51078 || es[0].Reason != "ConnLimit" || !es[0].Time.Equal(t0) {
		t.Fatalf("%v %+v", err, es)
	}
	reqLog := "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\r\n" +
		"2026-11-29 18:00:00 127.0.0.1 GET /samples/hello soak=g1 35323 127.0.0.1 iisemu-soak 200 0 0 180 89 0\r\n"
	qs, err := ParseRequestQueries(reqLog)
	if err != nil || len(qs) != 1 || qs[0] != "soak=g1" {
		t.Fatalf("%v %q", err, qs)
	}
	if _, err := ParseErrorLog("2026-11-29 18:00:00 127.0.0.1 1 x\r\n"); err == nil {
		t.Error("a line before #Fields was accepted")
	}
	if _, err := ParseRequestQueries("#Fields: date time\r\n"); err == nil {
		t.Error("a #Fields line without cs-uri-query was accepted")
	}
}

// The configuration the soak serves with is one iisemu accepts, with the
// limits the clients count on.
func TestConfigLoads(t *testing.T) {
	sys, site, err := config.Load("soak.yaml", []byte(Config(24, 2*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if sys.Limits.MaxConnections != 24 || sys.Timeouts.HeaderWait != 2*time.Second || len(site.Applications) != 3 {
		t.Errorf("MaxConnections %d, HeaderWait %v, %d applications", sys.Limits.MaxConnections, sys.Timeouts.HeaderWait, len(site.Applications))
	}
}
