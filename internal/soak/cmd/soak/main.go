//go:build linux

// Command soak runs iisemu serve under minutes of mixed load on loopback
// and fails when it leaks memory, goroutines or descriptors, fails a
// well-behaved request, or leaves a request or a dropped connection out
// of its logs. make soak runs it on the binary make build makes.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/iisemu/iisemu/internal/soak"
)

const about = `Usage: soak [flags]

Runs iisemu serve (--iisemu) on 127.0.0.1 with its logs in a temporary folder
and a small configuration (MaxConnections low enough to flood, a short
HeaderWait), under a mix of clients for --duration:
  - well-behaved: keep-alive GETs, Connection: close GETs and pipelined bursts
    of /samples/hello, each tagged ?soak=TAG, status and body checked;
  - resets mid-response (a 1 MiB answer read 16 KiB in, then RST) and
    mid-upload (half a Content-Length body, then RST);
  - slowloris (a header trickled one byte at a time);
  - a flood past MaxConnections every 5 s.
It samples RSS and descriptors (/proc/PID) and goroutines (serve's
--debug-listen) every --interval, and RSS every second too: a sample's peak
RSS is the highest reading since the previous sample. It fails (exit 1,
one FAIL line per criterion, the table of samples) when:
  rss          a sample's peak RSS after the warm-up (which ends with the first
               sample at or after --warmup) exceeds the reference, the warm-up's
               highest peak, by more than --rss-growth per cent;
  goroutines,  the count after the load stopped (allowed --settle to come
  descriptors  back) exceeds the count before the load;
  good client  any well-behaved request failed (a 503 on a fresh connection,
               the server not yet done with a flood's connections, is retried
               for 2 s and fails only if it persists);
  request log  a well-behaved request is missing from u_ex*.log, or is there
               more than once;
  error log    a dropped connection (reset, slowloris, ConnLimit refusal) has
               no httperr1.log entry at its client port, stamped between its
               dial and 2 s after its end, with a reason its kind allows, or
               has more than one;
  flood        a wave drew fewer 503s than the connections it opened past
               MaxConnections;
  hostile      a hostile client did not end as planned (e.g. a slowloris
               never dropped).
Linux only.

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	bin := fs.String("iisemu", "bin/iisemu", "the iisemu executable to serve with (make build makes bin/iisemu)")
	duration := fs.Duration("duration", 5*time.Minute, "how long the load runs")
	interval := fs.Duration("interval", 10*time.Second, "time between samples")
	// The mix reaches its steady size after about a minute: the peaks
	// climb until then, and stay flat after.
	warmup := fs.Duration("warmup", time.Minute, "the warm-up: the highest RSS up to the first sample at or after it is the reference")
	growth := fs.Float64("rss-growth", 10, "per cent RSS may grow over the reference")
	settle := fs.Duration("settle", 30*time.Second, "at most this long after the load for goroutines and descriptors to return")
	maxConns := fs.Int("max-connections", 24, "the server's MaxConnections; each flood opens 8 more")
	headerWait := fs.Duration("header-wait", 2*time.Second, "the server's HeaderWait timer, whole seconds, which drops the slowloris")
	keep := fs.Bool("keep", false, "keep the log folder even when the run passes (it is kept when it fails)")
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, about)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "soak: %v (see soak --help)\n", err)
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "soak: "+format+" (see soak --help)\n", a...)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return bad("unexpected argument %q", fs.Arg(0))
	case *interval <= 0:
		return bad("--interval must be positive")
	case *duration < *warmup+*interval:
		return bad("--duration %v leaves no sample after the RSS reference: it must be at least --warmup + --interval (%v)", *duration, *warmup+*interval)
	case *growth < 0:
		return bad("--rss-growth must not be negative")
	case *settle < 0:
		return bad("--settle must not be negative")
	case *maxConns < 1:
		return bad("--max-connections must be at least 1")
	case *headerWait < time.Second || *headerWait%time.Second != 0:
		return bad("--header-wait must be whole seconds, at least 1s")
	}
	if st, err := os.Stat(*bin); err != nil || st.IsDir() {
		return bad("no iisemu executable at %s (run make build, or give --iisemu)", *bin)
	}
	return soak.Run(soak.Options{
		Binary: *bin, Duration: *duration, Interval: *interval, Settle: *settle,
		MaxConnections: *maxConns, HeaderWait: *headerWait,
		Limits: soak.Limits{Warmup: *warmup, RSSGrowth: *growth / 100, Settle: *settle},
		Keep:   *keep,
	}, stdout)
}
