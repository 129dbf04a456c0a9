package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/conformance/explore"
	"github.com/iisemu/iisemu/fixtures"
)

// exploreAbout is explore's help.
const exploreAbout = `Draws random scenarios from the scripted-method registry (1 to 4 modules,
random notifications, priorities, calls with plausible arguments and return
statuses; GET or POST with a Content-Length or chunked body, HTTP/1.0 or 1.1,
1 to 3 pipelined requests; a client that reads to the end or leaves), runs
each on the in-memory model and on loopback sockets, and compares what each
saw as the agreement specs do: the client's bytes (the Date header masked,
header fields in name order), how the connection ended, the server's trace
(without close events when one side records none) and the error log's
reasons.

Each divergence is shrunk to a smallest scenario that still diverges (fewer
modules, steps and calls, shorter writes, a simpler request) and written to
--out as a scenario file (<id>.json, ready to become a regression spec) with
both observations side by side (<id>.txt); one that shrinks to a scenario
already found is counted with it, not written again.

With --target it compares the model against that server instead, over the
scripted-module protocol (fixtures/PROTOCOL.md); --capabilities names what
the target does not support, and no scenario that uses it is sent. A
divergence whose calls touch an INFER behaviour (the project's reading, not
a page's) says so: that is evidence to bring back from a real server.

After each scenario, a target is checked to still answer the hello
scenario: one that answers nothing more after a scenario is a finding of its
own. With --target-command, explore starts the target itself (sh -c CMD, in
a process group of its own; it must serve --target's URL), waits until it
answers, restarts it whenever a scenario left it answering nothing, so
that such a scenario is shrunk like any other, and stops it at the end
(SIGTERM to its group, SIGKILL 10 s later). Without it, the run ends at
such a scenario, reported as drawn.

A seed reproduces the whole stream; each run prints the command that reruns
it. Exit code: 0 when nothing diverged, 1 on a divergence, 2 on a usage
error or a target that cannot be explored.`

// aliveTimeout is the least time a target is given to answer the hello
// scenario that shows it still serves, whatever --timeout says.
const aliveTimeout = 5 * time.Second

func runExplore(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explore", "[--seed N] [--count N] [--time DURATION] [--out DIR] [--max-divergences N] [--target URL [--target-command CMD] [--capabilities FILE] [--timeout DURATION]]", exploreAbout)
	seedFlag := fs.String("seed", "", "the stream's seed, a decimal (default: from the clock, printed)")
	count := fs.Int("count", 1000, "how many scenarios to run")
	budget := fs.Duration("time", 0, "stop after this long, e.g. 10m (default: no limit)")
	out := fs.String("out", "explore-divergences", "where each divergence is written: the shrunk scenario and both observations")
	maxDiv := fs.Int("max-divergences", 10, "stop after this many divergences (0: no limit)")
	target := fs.String("target", "", "compare the model against this server (http://HOST:PORT) instead of sockets")
	command := fs.String("target-command", "", "start the target with this shell `CMD`, serving --target's URL, and restart it whenever a scenario leaves it answering nothing (with --target)")
	capsFile := fs.String("capabilities", "", "YAML `FILE` of what the target does not support, as for conformance (with --target)")
	timeout := fs.Duration("timeout", 0, "how long one exchange with the target may take, as for conformance (default 10s; with --target)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return fail(stderr, "explore", "unexpected argument %q", fs.Arg(0))
	case *count < 1:
		return fail(stderr, "explore", "--count must be 1 or more, not %d", *count)
	case *budget < 0:
		return fail(stderr, "explore", "--time cannot be negative")
	case *maxDiv < 0:
		return fail(stderr, "explore", "--max-divergences cannot be negative")
	case (*capsFile != "" || *timeout != 0 || *command != "") && *target == "":
		return fail(stderr, "explore", "--capabilities, --timeout and --target-command need --target")
	case *command != "" && strings.TrimSpace(*command) == "":
		return fail(stderr, "explore", "--target-command is blank")
	case *timeout < 0:
		return fail(stderr, "explore", "--timeout cannot be negative")
	}
	seed := uint64(time.Now().UnixNano() % 1_000_000_000)
	if *seedFlag != "" {
		s, err := strconv.ParseUint(*seedFlag, 10, 64)
		if err != nil {
			return fail(stderr, "explore", "--seed %q is not a whole number from 0 to %d", *seedFlag, uint64(1<<64-1))
		}
		seed = s
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	pair := explore.Pair{Reference: conformance.ModelBackend(), Subject: conformance.SocketsBackend()}
	var opts explore.Options
	var skip func(*fixtures.Scenario) string
	var alive func(context.Context, conformance.Backend) error
	var restart func(context.Context) (conformance.Backend, error)
	against := "loopback sockets"
	if *target != "" {
		b, err := conformance.TargetBackend(*target, conformance.TargetOptions{Timeout: *timeout})
		if err != nil {
			return fail(stderr, "explore", "%v", err)
		}
		if *command != "" {
			cmd := &explore.Command{Line: *command, URL: *target, Options: conformance.TargetOptions{Timeout: *timeout}}
			defer cmd.Stop()
			if b, err = cmd.Start(ctx); err != nil {
				fmt.Fprintf(stderr, "iisemu explore: %s\n", strings.TrimSuffix(err.Error(), ", or give --wire-only"))
				return 2
			}
			restart = cmd.Restart
			defer func() {
				if cmd.Starts > 1 {
					fmt.Fprintf(stdout, "explore: the target was started %d times, in %s on average\n", cmd.Starts, (cmd.Startup / time.Duration(cmd.Starts)).Round(time.Millisecond))
				}
			}()
		} else if err := conformance.Preflight(ctx, b); err != nil {
			fmt.Fprintf(stderr, "iisemu explore: %s\n", strings.TrimSuffix(err.Error(), ", or give --wire-only"))
			return 2
		}
		alive = func(ctx context.Context, b conformance.Backend) error {
			return conformance.AnswersWithin(ctx, b, aliveTimeout)
		}
		u, _ := url.Parse(*target)
		opts.Host = u.Host
		if *capsFile != "" {
			gaps, err := conformance.LoadCapabilities(*capsFile)
			if err != nil {
				return fail(stderr, "explore", "%v", err)
			}
			opts, skip = explore.FromGaps(gaps, opts)
		}
		pair.Subject = b
		against = *target
	}
	rerun := fmt.Sprintf("iisemu explore --seed %d --count %d", seed, *count)
	if *target != "" {
		rerun += " --target " + *target
		if *capsFile != "" {
			rerun += " --capabilities " + *capsFile
		}
		if *timeout != 0 {
			rerun += " --timeout " + timeout.String()
		}
		if *command != "" {
			rerun += " --target-command " + shellQuote(*command)
		}
	}
	fmt.Fprintf(stdout, "explore: seed %d, up to %d scenarios, the model against %s (rerun: %s)\n", seed, *count, against, rerun)
	rep, err := explore.Run(ctx, explore.Config{Pair: pair, Generator: explore.NewGenerator(seed, opts), Count: *count, Time: *budget,
		OutDir: *out, Progress: stdout, MaxFindings: *maxDiv, Skip: skip, Alive: alive, Restart: restart})
	if err != nil {
		fmt.Fprintf(stderr, "iisemu explore: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "explore: %d scenarios in %s, %d divergences\n", rep.Ran, rep.Elapsed.Round(time.Millisecond), len(rep.Findings))
	reasons := make([]string, 0, len(rep.Skipped))
	for why := range rep.Skipped {
		reasons = append(reasons, why)
	}
	sort.Strings(reasons)
	for _, why := range reasons {
		fmt.Fprintf(stdout, "  %d not sent: %s\n", rep.Skipped[why], why)
	}
	if g, ok := pair.Subject.(conformance.Watched); ok && g.Gone() != nil && restart == nil {
		fmt.Fprintf(stderr, "iisemu explore: %v\n", g.Gone().Error())
		return 1
	}
	if len(rep.Findings) > 0 {
		for i, f := range rep.Findings {
			fmt.Fprintf(stdout, "divergence %d (scenario %d): %s\n", i+1, f.Index, f.Summary())
		}
		return 1
	}
	return 0
}
