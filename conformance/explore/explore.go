package explore

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/iisemu/iisemu/conformance"
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
	// Alive, when set, is asked after each run whether the subject still
	// answers (nil) or why not (see conformance.AnswersWithin). A scenario after
	// which the subject answers nothing more is a finding of its own,
	// whether or not it diverged, and every run after it would diverge for
	// that alone.
	Alive func(ctx context.Context, subject conformance.Backend) error
	// Restart, when set, stops the subject and starts it afresh, and
	// returns the backend that reaches it; it is called whenever Alive
	// fails. With it, every scenario, shrink candidate and rerun runs on a
	// subject that answered before it, so a scenario that stops the
	// subject is shrunk like any divergence, to one that still diverges or
	// stops it. Without it, the run ends at such a scenario, which is
	// reported as drawn.
	Restart func(ctx context.Context) (conformance.Backend, error)
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
	// Stopped, when not nil, is why the subject answered nothing more
	// after Shrunk (Config.Alive), the last time it failed; StoppedAsDrawn
	// the same after Original.
	Stopped, StoppedAsDrawn error
	// Unshrunk: the subject stopped answering and nothing restarts it, so
	// Shrunk is the scenario as drawn.
	Unshrunk bool
	// Again lists the later scenarios of the stream that shrank to the
	// same scenario: the same divergence, not counted again.
	Again []int
}

// Report is what an exploration found.
type Report struct {
	Seed uint64
	Ran  int
	// Skipped counts the scenarios drawn but not run, by reason.
	Skipped  map[string]int
	Elapsed  time.Duration
	Findings []Finding
	// Restarts counts the times the subject was restarted
	// (Config.Restart).
	Restarts int
}

// Run draws and runs scenarios until Count have run, Time has passed or
// ctx ends, shrinking and writing each divergence as it is found. Its
// error is one that ends the run: a divergence that cannot be written, or
// a subject that cannot be restarted.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	every := cfg.ProgressEvery
	if every == 0 {
		every = 2 * time.Second
	}
	reruns := cfg.Confirmations
	if reruns == 0 {
		reruns = 3
	}
	r := &runner{cfg: cfg, pair: cfg.Pair, rep: &Report{Seed: cfg.Generator.Seed(), Skipped: map[string]int{}}}
	rep := r.rep
	start := time.Now()
	last := start
	say := func(format string, a ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", a...)
		}
	}
	defer func() { rep.Elapsed = time.Since(start) }()
	for i := 0; i < cfg.Count; i++ {
		if ctx.Err() != nil || (cfg.Time > 0 && time.Since(start) >= cfg.Time) || r.pair.gone() {
			break
		}
		sc := cfg.Generator.Scenario(i)
		if cfg.Skip != nil {
			if why := cfg.Skip(sc); why != "" {
				rep.Skipped[why]++
				continue
			}
		}
		o, err := r.try(ctx, sc)
		if err != nil {
			return rep, err
		}
		rep.Ran++
		if o.fails() && ctx.Err() == nil && (o.stopped != nil || !r.pair.gone()) {
			f, err := r.finding(ctx, i, sc, o, reruns)
			if err != nil {
				return rep, err
			}
			if ctx.Err() != nil { // interrupted while shrinking: what it has is not a finding
				break
			}
			if k := rep.same(f); k >= 0 {
				rep.Findings[k].Again = append(rep.Findings[k].Again, i)
				say("scenario %d diverges as divergence %d does: it shrinks to the same scenario", i, k+1)
				continue
			}
			if err := r.write(&f); err != nil {
				return rep, err
			}
			rep.Findings = append(rep.Findings, f)
			say("divergence %d at scenario %d: %s", len(rep.Findings), i, f.Summary())
			if f.Unshrunk || (cfg.MaxFindings > 0 && len(rep.Findings) >= cfg.MaxFindings) {
				break
			}
		}
		if now := time.Now(); now.Sub(last) >= every {
			last = now
			say("%s", rep.progress(cfg.Count, now.Sub(start)))
		}
	}
	return rep, nil
}

// runner is one Run: the pair as it is now (Restart replaces its subject)
// and the report so far.
type runner struct {
	cfg  Config
	pair Pair
	rep  *Report
}

// outcome is what one run of a scenario showed.
type outcome struct {
	diff    string // the backends' disagreement; "" when they agree
	stopped error  // why the subject answered nothing more after it; nil when it still answers
}

// fails says whether the run is a finding.
func (o outcome) fails() bool { return o.diff != "" || o.stopped != nil }

// try runs sc on both backends, then asks whether the subject still
// answers; when it does not, it restarts it if it can. Its error is a
// restart that failed.
func (r *runner) try(ctx context.Context, sc *fixtures.Scenario) (outcome, error) {
	o := outcome{diff: r.pair.Diverges(ctx, sc)}
	if r.cfg.Alive == nil || ctx.Err() != nil {
		return o, nil
	}
	if o.stopped = r.cfg.Alive(ctx, r.pair.Subject); o.stopped == nil || r.cfg.Restart == nil {
		return o, nil
	}
	b, err := r.cfg.Restart(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return o, nil
		}
		return o, fmt.Errorf("restarting the target: %w", err)
	}
	r.pair.Subject = b
	r.rep.Restarts++
	return o, nil
}

// finding shrinks the divergence of scenario i and confirms it: every
// candidate that diverges or stops the subject is kept (with Restart, each
// ran on a subject that answered before it). A scenario that stopped a
// subject nothing restarts is kept as drawn.
func (r *runner) finding(ctx context.Context, i int, sc *fixtures.Scenario, first outcome, reruns int) (Finding, error) {
	f := Finding{Index: i, Original: sc, Shrunk: sc, Reruns: reruns, StoppedAsDrawn: first.stopped}
	last := first // the last run that failed
	if first.stopped != nil && r.cfg.Restart == nil {
		f.Unshrunk, f.Reruns = true, 0
	} else {
		var err error
		f.Shrunk, f.Tried = Shrink(sc, func(c *fixtures.Scenario) bool {
			o, terr := r.try(ctx, c)
			if terr != nil && err == nil {
				err = terr
			}
			if err == nil && o.fails() && ctx.Err() == nil {
				last = o
				return true
			}
			return false
		})
		if err != nil {
			return f, err
		}
		for range reruns {
			o, err := r.try(ctx, f.Shrunk)
			if err != nil {
				return f, err
			}
			if o.fails() {
				f.Confirmed++
				last = o
			}
		}
	}
	f.Diff, f.Stopped = last.diff, last.stopped
	if f.Diff == "" {
		f.Diff = "The backends agree on the scenario itself."
	}
	if f.Stopped != nil {
		f.Diff += "\nAfter it, the target answered nothing more: " + f.Stopped.Error() + "."
	}
	f.Behaviours = Touched(f.Shrunk)
	return f, nil
}

// write writes f to the output directory, if there is one: the shrunk
// scenario as <id>.json, f.Text() as <id>.txt.
func (r *runner) write(f *Finding) error {
	if r.cfg.OutDir == "" {
		return nil
	}
	if err := os.MkdirAll(r.cfg.OutDir, 0o755); err != nil {
		return err
	}
	b, err := fixtures.MarshalScenario(f.Shrunk)
	if err != nil {
		return err
	}
	f.File = filepath.Join(r.cfg.OutDir, f.Shrunk.ID+".json")
	if err := os.WriteFile(f.File, b, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(r.cfg.OutDir, f.Shrunk.ID+".txt"), []byte(f.Text()), 0o644)
}

// same is the index of the finding already reported whose shrunk
// scenario is f's, its ID aside (both shrunk, or both not); -1 when none
// is.
func (r *Report) same(f Finding) int {
	key := func(f Finding) string {
		c := clone(f.Shrunk)
		c.ID = "same"
		b, err := fixtures.MarshalScenario(c)
		if err != nil {
			return f.Shrunk.ID // compared with itself alone
		}
		return fmt.Sprintf("%t %s", f.Unshrunk, b)
	}
	k := key(f)
	for i, g := range r.Findings {
		if key(g) == k {
			return i
		}
	}
	return -1
}

// progress is the progress line.
func (r *Report) progress(count int, elapsed time.Duration) string {
	rate := float64(r.Ran) / elapsed.Seconds()
	s := fmt.Sprintf("explore: %d/%d scenarios, %d divergences, %.0f/s, %s", r.Ran, count, len(r.Findings), rate, elapsed.Round(time.Second))
	if r.Restarts > 0 {
		s += fmt.Sprintf(", %d target restarts", r.Restarts)
	}
	return s
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
	switch {
	case f.Unshrunk:
		s = fmt.Sprintf("the target answered nothing more after this scenario (%d module(s), %d call(s)); not shrunk, since nothing restarts the target (see --target-command)", len(f.Shrunk.Modules), calls)
	case f.Stopped != nil:
		s = "the target answered nothing more after it; " + s
	case f.StoppedAsDrawn != nil:
		s = "the target answered nothing more after the scenario as drawn; " + s
	}
	if infer := inferred(f.Behaviours); infer != "" {
		s += "; touches INFER behaviours " + infer
	}
	if f.File != "" {
		s += "; written to " + f.File
	}
	if len(f.Again) > 0 {
		s += fmt.Sprintf("; %d later scenario(s) shrank to it too (%v)", len(f.Again), f.Again)
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
