// Command loadtest is what make loadtest runs: it builds iisemu and the
// two peers, then measures them with wrk (see package loadtest).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/iisemu/iisemu/internal/loadtest"
)

func main() { os.Exit(run()) }

func run() int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: loadtest [flags]\n\n"+
			"Builds iisemu serve, a net/http peer and a fasthttp peer, and loads each in\n"+
			"turn with wrk on loopback: keep-alive GETs of 31 B and 16 KiB, GETs with\n"+
			"Connection: close, at 32 and 256 connections, then idle connections held.\n"+
			"Prints server CPU per request and rps as medians, with the ratios to\n"+
			"net/http round by round. Run it from the repository's root; needs wrk.\n\n")
		fs.PrintDefaults()
	}
	rounds := fs.Int("rounds", 5, "rounds per workload, the servers alternating (at least 1)")
	duration := fs.Duration("duration", 3*time.Second, "length of each measured wrk run, whole seconds")
	warmup := fs.Duration("warmup", time.Second, "unmeasured load before each measured run, whole seconds (0: none)")
	idle := fs.Int("idle", 10000, "idle keep-alive connections of the scale workload (0: skip it)")
	only := fs.String("only", "", "run only the wrk workloads whose name matches this regular expression, e.g. 'close' or '16 KiB, 256'")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected argument %q", fs.Arg(0))
	case *rounds < 1:
		return fail("--rounds %d: want at least 1", *rounds)
	case *duration < time.Second || *duration%time.Second != 0:
		return fail("--duration %v: want whole seconds, at least 1s", *duration)
	case *warmup < 0 || *warmup%time.Second != 0:
		return fail("--warmup %v: want whole seconds", *warmup)
	case *idle < 0:
		return fail("--idle %d: want 0 or more", *idle)
	}
	workloads := loadtest.Workloads()
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return fail("--only %q: %v", *only, err)
		}
		workloads = slices.DeleteFunc(workloads, func(w loadtest.Workload) bool { return !re.MatchString(w.String()) })
		if len(workloads) == 0 {
			return fail("--only %q matches no workload", *only)
		}
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return fail("wrk is not installed (on Debian: apt-get install wrk)")
	}
	if _, err := os.Stat(filepath.Join("internal", "loadtest", "fasthttppeer", "go.mod")); err != nil {
		return fail("run it from the repository's root (make loadtest)")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, err := os.MkdirTemp("", "iisemu-loadtest-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	servers, err := build(dir)
	if err != nil {
		return fail("%v", err)
	}
	err = loadtest.Run(ctx, loadtest.Config{Servers: servers, Peer: "net/http", Rounds: *rounds,
		Duration: *duration, Warmup: *warmup, IdleConns: *idle, Workloads: workloads, Out: os.Stdout, Progress: os.Stderr})
	if err != nil {
		return fail("%v", err)
	}
	return 0
}

// build compiles the three servers into dir and writes serve's
// configuration: the default site plus BigPath's application.
func build(dir string) ([]loadtest.Server, error) {
	bin := func(name string) string { return filepath.Join(dir, name) }
	steps := [][]string{
		{"go", "build", "-o", bin("iisemu"), "./cmd/iisemu"},
		{"go", "build", "-o", bin("nethttppeer"), "./internal/loadtest/nethttppeer"},
		{"go", "build", "-C", filepath.Join("internal", "loadtest", "fasthttppeer"), "-o", bin("fasthttppeer"), "."},
	}
	for _, s := range steps {
		if out, err := exec.Command(s[0], s[1:]...).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("%v: %v\n%s", s, err, out)
		}
	}
	def, err := exec.Command(bin("iisemu"), "config", "--print-default").Output()
	if err != nil {
		return nil, fmt.Errorf("iisemu config --print-default: %v", err)
	}
	yaml := string(def) + "    - path: " + loadtest.BigPath + "\n      handler:\n        text: " + strconv.Quote(loadtest.BigBody()) + "\n"
	cfg := bin("serve.yaml")
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		return nil, err
	}
	return []loadtest.Server{
		{Name: "serve", Path: bin("iisemu"), Args: []string{"serve", "--config", cfg}},
		{Name: "net/http", Path: bin("nethttppeer")},
		{Name: "fasthttp", Path: bin("fasthttppeer")},
	}, nil
}

func fail(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "loadtest: "+format+"\n", args...)
	return 1
}
