package soak

import (
	"fmt"
	"io"
	"time"
)

// Phase says when a sample was taken.
type Phase string

const (
	PhaseStart   Phase = "start"   // before any load
	PhaseLoad    Phase = "load"    // while the clients run
	PhaseSettled Phase = "settled" // after the load stopped and the settle ended
)

// Sample is one reading of the server process, with the clients' running
// counts at that moment.
type Sample struct {
	At    time.Duration // since the load started
	Phase Phase
	// RSS is the resident set size (VmRSS) when the sample was taken, in
	// bytes; RSSPeak the highest of the readings taken every second since
	// the previous sample, this one included. The peaks trace the
	// envelope of the collector's cycles, which instant readings sample
	// at random.
	RSS, RSSPeak int64
	Goroutines   int // from /debug/pprof/goroutine
	FDs          int // entries of /proc/PID/fd
	Counts       Counts
}

// Counts are the clients' running totals.
type Counts struct {
	GoodOK, GoodFailed int // well-behaved requests answered right, and not
	GoodRefused        int // well-behaved connections refused 503 and retried
	Drops              int // connections the hostile clients ended or had ended
	Floods             int // flood waves
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func clock(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

// Progress is the one line printed as a sample is taken.
func (s Sample) Progress() string {
	return fmt.Sprintf("soak: %5s %-7s rss %9s (peak %9s)  goroutines %4d  fds %4d  good %d ok, %d failed, %d refused  drops %d  floods %d",
		clock(s.At), s.Phase, mib(s.RSS), mib(s.RSSPeak), s.Goroutines, s.FDs,
		s.Counts.GoodOK, s.Counts.GoodFailed, s.Counts.GoodRefused, s.Counts.Drops, s.Counts.Floods)
}

// WriteTable prints the samples as a table.
func WriteTable(w io.Writer, samples []Sample) {
	fmt.Fprintf(w, "%6s  %-7s  %10s  %10s  %10s  %5s  %8s  %6s  %7s  %6s  %6s\n",
		"time", "phase", "rss", "rss peak", "goroutines", "fds", "good ok", "failed", "refused", "drops", "floods")
	for _, s := range samples {
		fmt.Fprintf(w, "%6s  %-7s  %10s  %10s  %10d  %5d  %8d  %6d  %7d  %6d  %6d\n",
			clock(s.At), s.Phase, mib(s.RSS), mib(s.RSSPeak), s.Goroutines, s.FDs,
			s.Counts.GoodOK, s.Counts.GoodFailed, s.Counts.GoodRefused, s.Counts.Drops, s.Counts.Floods)
	}
}
