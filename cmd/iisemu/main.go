package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/iisemu/iisemu/internal/version"
)

// command is one subcommand.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "serve the sample site, or a configured one, on real sockets", runServe},
		{"trace", "run one request through the in-memory model and print its trace", runTrace},
		{"conformance", "run the conformance suite on the model and on loopback sockets, or against a target", runConformance},
		{"explore", "run random scenarios on the model and on sockets, or against a target, and shrink each divergence", runExplore},
		{"catalog", "print the behaviour catalogue (or the part of some provenances), or write the scenario files", runCatalog},
		{"config", "print the default configuration or the parameter table, or check a configuration file", runConfig},
		{"version", "print iisemu's version (also iisemu --version)", runVersion},
	}
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	case "-version", "--version":
		return runVersion(args[1:], stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "iisemu: unknown command %q (see iisemu --help)\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "iisemu emulates the IIS integrated pipeline and HTTP.sys.")
	fmt.Fprintln(w, "\nUsage: iisemu <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'iisemu <command> --help' for a command's flags.")
}

// newFlagSet makes a subcommand's flag set that reports errors itself.
func newFlagSet(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: iisemu %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(w, "  --%-14s %s%s\n", f.Name, strings.ReplaceAll(f.Usage, "`", ""), def)
		})
	}
	return fs
}

// parseFlags parses args; it prints help (exit 0) or a one-line error
// (exit 2) and reports whether the caller should go on.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (int, bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, false
	case err != nil:
		fmt.Fprintf(stderr, "iisemu %s: %s (see iisemu %s --help)\n", fs.Name(), strings.TrimSpace(err.Error()), fs.Name())
		return 2, false
	}
	return 0, true
}

// fail prints one line for a usage mistake and returns exit code 2.
func fail(stderr io.Writer, cmd, format string, a ...any) int {
	fmt.Fprintf(stderr, "iisemu %s: %s (see iisemu %s --help)\n", cmd, fmt.Sprintf(format, a...), cmd)
	return 2
}

// runVersion prints one line: iisemu and its version (internal/version).
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "", "Prints iisemu's version on one line: the module version it was installed\n"+
		"as, or the VCS revision it was built from (+dirty with uncommitted\n"+
		"changes), or (devel).")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "version", "unexpected argument %q", fs.Arg(0))
	}
	fmt.Fprintln(stdout, "iisemu", version.String())
	return 0
}
