//go:build linux

package soak

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// Options are a soak run's settings.
type Options struct {
	Binary         string        // the iisemu executable
	Duration       time.Duration // of the load
	Interval       time.Duration // between samples
	Settle         time.Duration // at most, after the load, for goroutines and descriptors to return
	MaxConnections int
	HeaderWait     time.Duration
	Limits         Limits
	Keep           bool // keep the log folder even when the run passes
}

// Run soaks one serve process and prints progress, the samples table and
// the verdicts to w. It returns 0 when every criterion passed, 1 when one
// failed or the run could not be made.
func Run(opts Options, w io.Writer) int {
	dir, err := os.MkdirTemp("", "iisemu-soak-")
	if err != nil {
		fmt.Fprintf(w, "soak: %v\n", err)
		return 1
	}
	srv, err := StartServer(opts.Binary, dir, opts.MaxConnections, opts.HeaderWait)
	if err != nil {
		os.RemoveAll(dir)
		fmt.Fprintf(w, "soak: %v\n", err)
		return 1
	}
	fmt.Fprintf(w, "soak: serve on %s (debug %s), MaxConnections %d, HeaderWait %v; load for %v, a sample every %v\n",
		srv.Addr, srv.DebugAddr, opts.MaxConnections, opts.HeaderWait, opts.Duration, opts.Interval)
	rec := &Record{}
	samples, runErr := measure(srv, rec, opts, w)
	if err := srv.Stop(); err != nil && runErr == nil {
		runErr = err
	}
	var verdicts []Verdict
	if runErr == nil {
		errLog, queries, err := srv.Logs()
		if err != nil {
			runErr = fmt.Errorf("reading the logs: %w", err)
		}
		verdicts = Judge(Input{Samples: samples, Record: rec, ErrorLog: errLog, Queries: queries}, opts.Limits)
	}
	fmt.Fprintln(w)
	WriteTable(w, samples)
	fmt.Fprintln(w)
	for _, v := range verdicts {
		fmt.Fprintln(w, v)
	}
	failed := runErr != nil || Failed(verdicts)
	if runErr != nil {
		fmt.Fprintf(w, "FAIL run: %v\n", runErr)
	}
	if failed || opts.Keep {
		fmt.Fprintf(w, "soak: the logs are kept in %s\n", dir)
	} else {
		os.RemoveAll(dir)
	}
	if runErr != nil {
		fmt.Fprintln(w, "soak: FAIL (the run did not complete)")
		return 1
	}
	if failed {
		n := 0
		for _, v := range verdicts {
			if v.Failed {
				n++
			}
		}
		fmt.Fprintf(w, "soak: FAIL (%d of %d criteria failed)\n", n, len(verdicts))
		return 1
	}
	fmt.Fprintf(w, "soak: PASS (%d criteria)\n", len(verdicts))
	return 0
}

// measure takes the start sample, runs the load while sampling every
// interval, then waits for the settle and takes the last sample.
func measure(srv *Server, rec *Record, opts Options, w io.Writer) ([]Sample, error) {
	var samples []Sample
	begin := time.Now()
	var peak int64 // the highest RSS reading since the last sample
	take := func(phase Phase) (Sample, error) {
		s, err := srv.Sample(time.Since(begin), phase, rec.Counts())
		if err == nil {
			s.RSSPeak, peak = max(peak, s.RSS), 0
			samples = append(samples, s)
			fmt.Fprintln(w, s.Progress())
		}
		return s, err
	}
	start, err := take(PhaseStart)
	if err != nil {
		return samples, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.Duration)
	defer cancel()
	load := &Load{Addr: srv.Addr, MaxConnections: opts.MaxConnections, HeaderWait: opts.HeaderWait, Record: rec}
	done := make(chan struct{})
	go func() {
		defer close(done)
		load.Run(ctx)
	}()
	tick := time.NewTicker(opts.Interval)
	defer tick.Stop()
	fine := time.NewTicker(time.Second)
	defer fine.Stop()
	for running := true; running; {
		select {
		case <-fine.C:
			if rss, err := srv.RSS(); err == nil {
				peak = max(peak, rss)
			}
		case <-tick.C:
			if _, err = take(PhaseLoad); err != nil {
				cancel()
				<-done
				return samples, err
			}
		case <-done:
			running = false
		}
	}
	// The settle: poll until both are back at their starting level, or
	// the settle ends; the last reading is the settled sample.
	until := time.Now().Add(opts.Settle)
	for {
		s, err := srv.Sample(time.Since(begin), PhaseSettled, rec.Counts())
		if err != nil {
			return samples, err
		}
		if (s.Goroutines <= start.Goroutines && s.FDs <= start.FDs) || time.Now().After(until) {
			samples = append(samples, s)
			fmt.Fprintln(w, s.Progress())
			return samples, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
}
