package loadtest

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Config is one load test.
type Config struct {
	// Servers are compared in every round, in an order that rotates from
	// round to round; the one named Peer is what ratios are taken to.
	Servers []Server
	Peer    string
	// Rounds per workload (at least 5 for the medians to mean much).
	Rounds int
	// Duration of each measured wrk run, after Warmup of unmeasured load.
	Duration, Warmup time.Duration
	// IdleConns is how many idle connections the scale workload holds; 0
	// skips it.
	IdleConns int
	// Workloads are the wrk workloads; nil means Workloads().
	Workloads []Workload
	// Out receives the tables; Progress, one line per measurement.
	Out, Progress io.Writer
}

// sample is one server's measurement in one round.
type sample struct {
	rps, cpuPerReq float64 // requests per second; server CPU seconds per request
	errors         int64
}

// Run measures every workload and prints its table.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Workloads == nil {
		cfg.Workloads = Workloads()
	}
	fmt.Fprintf(cfg.Out, "%d rounds per workload, servers alternating; each wrk run %v after %v of warm-up; medians, ratios to %s taken round by round (min–max)\n\n",
		cfg.Rounds, cfg.Duration, cfg.Warmup, cfg.Peer)
	fmt.Fprintf(cfg.Out, "| workload (wrk -t1) | server | server CPU per request | CPU vs %s | rps | rps vs %s | errors |\n|---|---|---|---|---|---|---|\n", cfg.Peer, cfg.Peer)
	for _, w := range cfg.Workloads {
		got := map[string][]sample{}
		for round := range cfg.Rounds {
			for i := range cfg.Servers {
				s := cfg.Servers[(round+i)%len(cfg.Servers)]
				m, err := measure(ctx, s, w, cfg)
				if err != nil {
					return fmt.Errorf("%s, %s: %w", w, s.Name, err)
				}
				got[s.Name] = append(got[s.Name], m)
				if cfg.Progress != nil {
					fmt.Fprintf(cfg.Progress, "round %d/%d %s, %s: %.0f rps, %.1f µs CPU per request\n",
						round+1, cfg.Rounds, w, s.Name, m.rps, m.cpuPerReq*1e6)
				}
			}
		}
		for _, s := range cfg.Servers {
			var rps, cpu, rpsRatio, cpuRatio []float64
			var errs int64
			for r, m := range got[s.Name] {
				peer := got[cfg.Peer][r]
				rps, cpu = append(rps, m.rps), append(cpu, m.cpuPerReq)
				rpsRatio, cpuRatio = append(rpsRatio, m.rps/peer.rps), append(cpuRatio, m.cpuPerReq/peer.cpuPerReq)
				errs += m.errors
			}
			fmt.Fprintf(cfg.Out, "| %s | %s | %.1f µs | %s | %.0f | %s | %d |\n", w, s.Name,
				median(cpu)*1e6, spread(cpuRatio), median(rps), spread(rpsRatio), errs)
		}
	}
	if cfg.IdleConns > 0 {
		return runIdleRounds(ctx, cfg)
	}
	return nil
}

// measure starts s, loads it with w for the warm-up, then measures.
func measure(ctx context.Context, s Server, w Workload, cfg Config) (sample, error) {
	p, err := s.start(ctx)
	if err != nil {
		return sample{}, err
	}
	defer p.stop()
	if cfg.Warmup > 0 {
		if _, err := runWrk(ctx, w.wrkArgs(p.base, cfg.Warmup), cfg.Warmup); err != nil {
			return sample{}, err
		}
	}
	t0, err := cpuTicks(p.pid())
	if err != nil {
		return sample{}, err
	}
	r, err := runWrk(ctx, w.wrkArgs(p.base, cfg.Duration), cfg.Duration)
	if err != nil {
		return sample{}, err
	}
	t1, err := cpuTicks(p.pid())
	if err != nil {
		return sample{}, err
	}
	if r.Requests == 0 {
		return sample{}, fmt.Errorf("no request completed")
	}
	return sample{rps: float64(r.Requests) / r.Seconds, cpuPerReq: float64(t1-t0) / userHZ / float64(r.Requests), errors: r.Errors}, nil
}

// runIdleRounds runs the idle-connections workload and prints its table.
func runIdleRounds(ctx context.Context, cfg Config) error {
	got := map[string][]idleResult{}
	for round := range cfg.Rounds {
		for i := range cfg.Servers {
			s := cfg.Servers[(round+i)%len(cfg.Servers)]
			p, err := s.start(ctx)
			if err != nil {
				return err
			}
			r, err := runIdle(ctx, p, cfg.IdleConns)
			p.stop()
			if err != nil {
				return fmt.Errorf("%d idle connections, %s: %w", cfg.IdleConns, s.Name, err)
			}
			got[s.Name] = append(got[s.Name], r)
			if cfg.Progress != nil {
				fmt.Fprintf(cfg.Progress, "round %d/%d %d idle connections, %s: opened in %v, one more GET each in %v, %.1f KiB RSS each\n",
					round+1, cfg.Rounds, cfg.IdleConns, s.Name, r.Open.Round(time.Millisecond), r.Again.Round(time.Millisecond), r.RSSPerConn/1024)
			}
		}
	}
	fmt.Fprintf(cfg.Out, "\n| %d idle keep-alive connections | server | open them (one GET each) | vs %s | one more GET on each | vs %s | server CPU, open + again | RSS per connection | vs %s |\n|---|---|---|---|---|---|---|---|---|\n",
		cfg.IdleConns, cfg.Peer, cfg.Peer, cfg.Peer)
	for _, s := range cfg.Servers {
		var open, again, cpu, rss, openR, againR, rssR []float64
		for r, m := range got[s.Name] {
			peer := got[cfg.Peer][r]
			open, again = append(open, m.Open.Seconds()), append(again, m.Again.Seconds())
			cpu = append(cpu, float64(m.OpenCPU+m.AgainCPU)/userHZ)
			rss = append(rss, m.RSSPerConn)
			openR = append(openR, m.Open.Seconds()/peer.Open.Seconds())
			againR = append(againR, m.Again.Seconds()/peer.Again.Seconds())
			rssR = append(rssR, m.RSSPerConn/peer.RSSPerConn)
		}
		fmt.Fprintf(cfg.Out, "| | %s | %.2f s | %s | %.2f s | %s | %.2f s | %.1f KiB | %s |\n", s.Name,
			median(open), spread(openR), median(again), spread(againR), median(cpu), median(rss)/1024, spread(rssR))
	}
	return nil
}
