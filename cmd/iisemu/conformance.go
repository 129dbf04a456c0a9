package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/iisemu/iisemu/conformance"
	"github.com/iisemu/iisemu/conformance/report"
	"github.com/iisemu/iisemu/internal/version"
)

// failRecorder is the GinkgoTestingT of a run outside go test.
type failRecorder struct{ failed bool }

func (f *failRecorder) Fail() { f.failed = true }

func runConformance(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("conformance", "[--target URL [--wire-only [--path PATH]] [--host NAME] [--target-config FILE] [--capabilities FILE] [--expect FILE] [--lenient] [--timeout DURATION]] [--label-filter EXPR] [--focus REGEXP] [--junit FILE] [--json FILE] [--html FILE] [--verbose]",
		"Runs every behaviour spec on the in-memory model and on real loopback sockets,\n"+
			"checks that both backends agree, and prints a line per spec and a summary.\n"+
			"With --target it runs instead every spec it can give that server, which must\n"+
			"speak the scripted-module protocol (fixtures/PROTOCOL.md), as 'iisemu serve'\n"+
			"does: the scenarios, the documentation's samples and the HTTP.sys limits.\n"+
			"Before any spec it checks the target: that it answers at HOST:PORT, and that\n"+
			"it runs the hello scenario (and serves its trace, if it serves traces); if\n"+
			"not, it says so in one line and exits 2. With --wire-only it runs instead\n"+
			"only the specs whose plain requests need no scripted module (the HTTP.sys\n"+
			"parsing and connection specs), sent for --path. If the target stops\n"+
			"accepting connections during the run, the run stops there (exit 1).\n"+
			"Every request carries Host: HOST:PORT of the target, or --host.\n"+
			"The specs left out are counted by reason. The timer specs run when\n"+
			"--target-config declares timers of 5 s or less, and the MaxConnections spec\n"+
			"when it declares MaxConnections of 1 to 8. A capabilities file declares\n"+
			"what the target does not support (reported NOT SUPPORTED); an expectations\n"+
			"file lists its known divergences (reported EXPECTED FAILURE; one that passes\n"+
			"is an UNEXPECTED PASS, which fails the run unless --lenient). A spec whose\n"+
			"wire checks passed but whose server checks need a record the target does\n"+
			"not serve is reported PASS (wire only).\n"+
			"Labels are backends (model, sockets, agreement; target with --target) and\nbehaviour IDs (RC-1 …).\n"+
			"Exit code: 0 when every selected spec passed, 1 on a failure, 2 on a usage\n"+
			"error, including a filter that selects nothing.")
	target := fs.String("target", "", "run the specs against this server (http://HOST:PORT, the port required) instead")
	wireOnly := fs.Bool("wire-only", false, "the target runs no scenarios and serves no endpoints: run only the specs whose plain requests need no scripted module (with --target)")
	path := fs.String("path", "", "the `PATH` the plain requests ask for with --wire-only (default /)")
	host := fs.String("host", "", "the Host header every request carries (default the target's HOST:PORT; with --target)")
	settingsFile := fs.String("target-config", "", "the configuration `FILE` the target runs with (as for serve --config); its HTTP.sys timers and MaxConnections decide whether the specs that need them run (with --target)")
	capsFile := fs.String("capabilities", "", "YAML `FILE` of what the target does not support (with --target)")
	expectFile := fs.String("expect", "", "YAML `FILE` of the target's known divergences (with --target)")
	tolerate := fs.Bool("lenient", false, "with --expect, let a listed divergence that passes not fail the run")
	timeout := fs.Duration("timeout", 0, "how long one exchange with the target may take before what it sent is judged, e.g. 3s (default 10s; with --target)")
	filter := fs.String("label-filter", "", "Ginkgo label expression, e.g. 'sockets && RC-1'")
	focus := fs.String("focus", "", "run only the specs whose full text matches this regular expression (the summary's rerun command gives one)")
	verbose := fs.Bool("verbose", false, "Ginkgo's verbose output as well")
	junit := fs.String("junit", "", "write a JUnit XML report: one record per spec, with its behaviours, backend, verdict, wire bytes and trace")
	jsonOut := fs.String("json", "", "write the same records as a JSON report")
	htmlOut := fs.String("html", "", "write a self-contained HTML report: the behaviour matrix and every case with its bytes, trace and sequence diagram")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "conformance", "unexpected argument %q", fs.Arg(0))
	}
	if *target == "" && (*capsFile != "" || *expectFile != "" || *tolerate || *settingsFile != "" || *wireOnly || *host != "" || *timeout != 0) {
		return fail(stderr, "conformance", "--target-config, --capabilities, --expect, --lenient, --wire-only, --host and --timeout need --target")
	}
	if *timeout < 0 {
		return fail(stderr, "conformance", "--timeout %v: give a positive duration, e.g. 3s", *timeout)
	}
	if *path != "" && !*wireOnly {
		return fail(stderr, "conformance", "--path needs --wire-only")
	}
	cfg := conformance.Config{Lenient: *tolerate, RerunFlags: rerunFlags(fs), Progress: stdout}
	if *target != "" {
		opts := conformance.TargetOptions{Host: *host, WireOnly: *wireOnly, Path: *path, Timeout: *timeout}
		if *settingsFile != "" {
			sys, _, code := loadConfig(*settingsFile, "conformance", stderr)
			if code != 0 {
				return 2
			}
			opts.Settings = &sys
		}
		b, err := conformance.TargetBackend(*target, opts)
		if err != nil {
			return fail(stderr, "conformance", "%v", err)
		}
		cfg.Backends = []conformance.Backend{b}
	}
	if *capsFile != "" {
		var err error
		if cfg.Gaps, err = conformance.LoadCapabilities(*capsFile); err != nil {
			return fail(stderr, "conformance", "%v", err)
		}
	}
	if *expectFile != "" {
		var err error
		if cfg.Expectations, err = conformance.LoadExpectations(*expectFile); err != nil {
			return fail(stderr, "conformance", "%v", err)
		}
	}
	if *filter != "" {
		if _, err := types.ParseLabelFilter(*filter); err != nil {
			return fail(stderr, "conformance", "bad --label-filter %q: %s", *filter, oneLine(err.Error()))
		}
		flag.CommandLine.Set("ginkgo.label-filter", *filter)
	}
	if *focus != "" {
		if _, err := regexp.Compile(*focus); err != nil {
			return fail(stderr, "conformance", "bad --focus %q: %s", *focus, oneLine(err.Error()))
		}
		flag.CommandLine.Set("ginkgo.focus", *focus)
	}
	flag.CommandLine.Set("ginkgo.no-color", "true")
	for _, file := range []string{*junit, *jsonOut, *htmlOut} {
		if file == "" {
			continue
		}
		if err := checkWritable(file); err != nil {
			fmt.Fprintf(stderr, "iisemu conformance: %v\n", err)
			return 2
		}
	}
	if *verbose {
		flag.CommandLine.Set("ginkgo.v", "true")
	} else {
		// The suite's own reporter prints a line per spec, the details of
		// each failure, and the summary.
		formatter.ColorableStdOut = io.Discard
	}
	for _, b := range cfg.Backends { // before any spec: is the target there, and does it run scenarios?
		if err := conformance.Preflight(context.Background(), b); err != nil {
			fmt.Fprintf(stderr, "iisemu conformance: %v\n", err)
			return 2
		}
	}
	ran := 0
	cfg.OnSpecRan = func() { ran++ }

	info := report.RunInfo{Target: *target, Date: time.Now(), Version: version.String(), LabelFilter: *filter, Focus: *focus,
		Capabilities: *capsFile, Expectations: *expectFile}
	if info.Target == "" {
		info.Target = "the in-memory model and real loopback sockets, in this process"
	}
	for _, b := range cfg.Backends {
		info.Backends = append(info.Backends, b.Info().Name)
	}
	if len(info.Backends) == 0 {
		info.Backends = []string{"model", "sockets", "agreement"}
	}

	res := conformance.Run(&failRecorder{}, cfg)
	info.NotRun = res.NotRunBehaviours
	if res.Stopped != nil { // the records of what ran, then why the run stopped
		if err := writeReports(res.Report, info, *junit, *jsonOut, *htmlOut, stdout); err != nil {
			fmt.Fprintf(stderr, "iisemu conformance: %v\n", err)
		}
		fmt.Fprintf(stderr, "iisemu conformance: %v\n", res.Stopped)
		return 1
	}
	if ran > 0 {
		fmt.Fprint(stdout, report.Summarise(res.Report, cfg.RerunFlags))
	}
	if *target != "" { // also when nothing ran: it may say why
		fmt.Fprint(stdout, report.FormatNotOnTarget(res.NotRun))
	}
	for _, unused := range res.UnusedExpectations(cfg.Expectations) {
		fmt.Fprintf(stdout, "%s: %s\n", *expectFile, unused)
	}
	if err := writeReports(res.Report, info, *junit, *jsonOut, *htmlOut, stdout); err != nil {
		fmt.Fprintf(stderr, "iisemu conformance: %v\n", err)
		return 1
	}
	switch {
	case ran == 0:
		fmt.Fprintf(stderr, "iisemu conformance: no spec ran: the selection (filter %q) holds none, or only NOT SUPPORTED ones\n", *filter)
		return 2
	case !res.Passed:
		return 1
	}
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	return 0
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// oneLine strips terminal colours and folds a message onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(ansi.ReplaceAllString(s, "")), " ")
}

// checkWritable fails early, with one line, on a report file that cannot
// be written, rather than after the whole run.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("report file: %w", err)
	}
	return f.Close()
}

// writeReports writes the reports asked for, naming each on a line of
// out: the JUnit and JSON records of the specs the selection took (a spec
// the label filter left out has none), each with its verdict and the
// iisemu version, and the HTML page.
func writeReports(all types.Report, info report.RunInfo, junit, jsonOut, htmlOut string, out io.Writer) error {
	r := report.Records(all, info)
	if junit != "" {
		if err := reporters.GenerateJUnitReportWithConfig(r, junit, reporters.JunitReportConfig{OmitTimelinesForSpecState: types.SpecStatePassed}); err != nil {
			return fmt.Errorf("JUnit report: %w", err)
		}
		fmt.Fprintf(out, "wrote the JUnit report: %s\n", junit)
	}
	if jsonOut != "" {
		if err := reporters.GenerateJSONReport(r, jsonOut); err != nil {
			return fmt.Errorf("JSON report: %w", err)
		}
		fmt.Fprintf(out, "wrote the JSON report: %s\n", jsonOut)
	}
	if htmlOut != "" {
		if err := writeHTML(all, info, htmlOut); err != nil {
			return fmt.Errorf("HTML report: %w", err)
		}
		fmt.Fprintf(out, "wrote the HTML report: %s\n", htmlOut)
	}
	return nil
}

func writeHTML(r types.Report, info report.RunInfo, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := report.WriteHTML(f, r, info); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rerunFlags renders the flags a rerun must repeat, as given.
func rerunFlags(fs *flag.FlagSet) string {
	var b strings.Builder
	for _, name := range []string{"target", "host", "path", "target-config", "capabilities", "expect"} { // not the filter or the focus: the rerun gives its own
		if v := fs.Lookup(name).Value.String(); v != "" {
			fmt.Fprintf(&b, " --%s %s", name, shellQuote(v))
		}
	}
	if v := fs.Lookup("timeout").Value.String(); v != "0s" {
		b.WriteString(" --timeout " + v)
	}
	for _, name := range []string{"wire-only", "lenient"} {
		if fs.Lookup(name).Value.String() == "true" {
			b.WriteString(" --" + name)
		}
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if regexp.MustCompile(`^[A-Za-z0-9_./:@%+=-]+$`).MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
