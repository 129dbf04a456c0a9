package explore

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/iisemu/iisemu/fixtures"
)

// Config is one exploration.
type Config struct {
	// Pair is the two backends compared.
	Pair Pair
	// Generator draws the scenarios.
	Generator *Generator
	// Count is how many scenarios to run at most.
	Count int
	// Time, when not 0, stops the run once it has gone on that long.
	Time time.Duration
	// OutDir, when set, is where each divergence is written: the shrunk
	// scenario as <id>.json, both observations as <id>.txt.
	OutDir string
	// Progress, when set, receives a progress line now and then and one
	// line per divergence.
	Progress io.Writer
	// ProgressEvery is how often a progress line is written; 0 is every
	// 2 s.
	ProgressEvery time.Duration
	// MaxFindings, when not 0, stops the run after that many
	// divergences.
	MaxFindings int
	// Skip, when set, says why a scenario is not to be run ("" to run
	// it): a target's declared gaps that the generator cannot avoid by
	// itself (see Gaps).
	Skip func(*fixtures.Scenario) string
	// Confirmations is how many times a shrunk divergence is rerun to
	// tell a steady one from an intermittent one; 0 is 3.
	Confirmations int
}

// Finding is one divergence, shrunk.
type Finding struct {
	// Index is the scenario's place in the stream (see Generator.Scenario).
	Index int
	// Original is the scenario as drawn; Shrunk the smallest that still
	// diverges.
	Original, Shrunk *fixtures.Scenario
	// Diff is both sides of the shrunk scenario, in words.
	Diff string
	// Tried is how many candidates the shrinking ran.
	Tried int
	// Confirmed is how many of the reruns of Shrunk diverged again, out
	// of Reruns.
	Confirmed, Reruns int
	// Behaviours are the catalogue's behaviours the shrunk scenario's
	// calls touch (see Touched).
	Behaviours []Touch
	// File is the scenario file written; "" when none was.
	File string
}

// Report is what an exploration found.
type Report struct {
	Seed uint64
	Ran  int
	// Skipped counts the scenarios drawn but not run, by reason.
	Skipped  map[string]int
	Elapsed  time.Duration
	Findings []Finding
}

// Run draws and runs scenarios until Count have run, Time has passed or
// ctx ends, shrinking and writing each divergence as it is found.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	every := cfg.ProgressEvery
	if every == 0 {
		every = 2 * time.Second
	}
	reruns := cfg.Confirmations
	if reruns == 0 {
		reruns = 3
	}
	rep := &Report{Seed: cfg.Generator.Seed(), Skipped: map[string]int{}}
	start := time.Now()
	last := start
	say := func(format string, a ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", a...)
		}
	}
	for i := 0; i < cfg.Count; i++ {
		if ctx.Err() != nil || (cfg.Time > 0 && time.Since(start) >= cfg.Time) || cfg.Pair.gone() {
			break
		}
		sc := cfg.Generator.Scenario(i)
		if cfg.Skip != nil {
			if why := cfg.Skip(sc); why != "" {
				rep.Skipped[why]++
				continue
			}
		}
		diff := cfg.Pair.Diverges(ctx, sc)
		rep.Ran++
		if diff != "" && ctx.Err() == nil && !cfg.Pair.gone() {
			f, err := cfg.finding(ctx, i, sc, reruns)
			if err != nil {
				return rep, err
			}
			rep.Findings = append(rep.Findings, f)
			say("divergence %d at scenario %d: %s", len(rep.Findings), i, f.Summary())
			if cfg.MaxFindings > 0 && len(rep.Findings) >= cfg.MaxFindings {
				break
			}
		}
		if now := time.Now(); now.Sub(last) >= every {
			last = now
			say("%s", rep.progress(cfg.Count, now.Sub(start)))
		}
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// finding shrinks the divergence of scenario i, confirms it and writes it.
func (cfg Config) finding(ctx context.Context, i int, sc *fixtures.Scenario, reruns int) (Finding, error) {
	f := Finding{Index: i, Original: sc, Reruns: reruns}
	f.Shrunk, f.Tried = Shrink(sc, func(c *fixtures.Scenario) bool { return cfg.Pair.Diverges(ctx, c) != "" })
	for range reruns {
		if d := cfg.Pair.Diverges(ctx, f.Shrunk); d != "" {
			f.Confirmed++
			f.Diff = d
		}
	}
	if f.Diff == "" { // it diverged while shrinking, not since
		f.Diff = cfg.Pair.Diverges(ctx, f.Shrunk)
	}
	f.Behaviours = Touched(f.Shrunk)
	if cfg.OutDir == "" {
		return f, nil
	}
	if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
		return f, err
	}
	b, err := fixtures.MarshalScenario(f.Shrunk)
	if err != nil {
		return f, err
	}
	f.File = filepath.Join(cfg.OutDir, f.Shrunk.ID+".json")
	if err := os.WriteFile(f.File, b, 0o644); err != nil {
		return f, err
	}
	return f, os.WriteFile(filepath.Join(cfg.OutDir, f.Shrunk.ID+".txt"), []byte(f.Text()), 0o644)
}

// progress is the progress line.
func (r *Report) progress(count int, elapsed time.Duration) string {
	rate := float64(r.Ran) / elapsed.Seconds()
	return fmt.Sprintf("explore: %d/%d scenarios, %d divergences, %.0f/s, %s", r.Ran, count, len(r.Findings), rate, elapsed.Round(time.Second))
}

// Summary is the finding in one line: how small it shrank, how steady it
// is, and the INFER behaviours it touches.
func (f Finding) Summary() string {
	calls := 0
	for _, m := range f.Shrunk.Modules {
		for _, st := range m.Steps {
			calls += len(st.Calls)
		}
	}
	steady := "steady"
	if f.Confirmed < f.Reruns {
		steady = fmt.Sprintf("intermittent: %d of %d reruns diverged", f.Confirmed, f.Reruns)
	}
	s := fmt.Sprintf("shrunk to %d module(s), %d call(s) in %d tries (%s)", len(f.Shrunk.Modules), calls, f.Tried, steady)
	if infer := inferred(f.Behaviours); infer != "" {
		s += "; touches INFER behaviours " + infer
	}
	if f.File != "" {
		s += "; written to " + f.File
	}
	return s
}

// Text is the finding as its .txt file gives it: the summary, the
// behaviours touched, the shrunk scenario and both observations.
func (f Finding) Text() string {
	b, _ := fixtures.MarshalScenario(f.Shrunk)
	s := fmt.Sprintf("scenario %d of the stream, %s\n\n", f.Index, f.Summary())
	if len(f.Behaviours) > 0 {
		s += "Behaviours its calls touch:\n"
		for _, t := range f.Behaviours {
			s += "  " + t.String() + "\n"
		}
		s += "\n"
	}
	return s + "Shrunk scenario:\n" + string(b) + "\n" + f.Diff + "\n"
}
