package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iisemu/iisemu/fixtures"
)

// These tests run iisemu explore as a process: on the model against
// sockets, against iisemu serve, against a target whose ResetConnection
// closes politely, and against servers that cannot be explored.

func TestExploreHelpAndUsageErrors(t *testing.T) {
	code, out, errs := runIn("explore", "--help")
	if code != 0 || !strings.Contains(out, "Usage: iisemu explore") || !strings.Contains(out, "--capabilities") || errs != "" {
		t.Errorf("explore --help: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	for _, args := range [][]string{
		{"explore", "--count", "0"},
		{"explore", "--seed", "minus-one"},
		{"explore", "--time", "-1s"},
		{"explore", "--capabilities", "caps.yaml"},
		{"explore", "--timeout", "3s"},
		{"explore", "--target-command", "iisemu serve"},
		{"explore", "--target", "http://127.0.0.1:1", "--target-command", " "},
		{"explore", "--target", "http://127.0.0.1:1", "--timeout", "-3s"},
		{"explore", "--target", "http://127.0.0.1"},
		{"explore", "extra"},
	} {
		code, out, errs := runIn(args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "iisemu explore: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want one line and exit 2", args, code, out, errs)
		}
	}
}

// TestExploreModelAgainstSockets: a fixed seed, no divergence, the
// rerun command and a summary line.
func TestExploreModelAgainstSockets(t *testing.T) {
	out, errs, code := runSplit(t, "explore", "--seed", "7", "--count", "300", "--out", t.TempDir())
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errs, out)
	}
	wantLines(t, "explore", out, []string{"explore: seed 7, up to 300 scenarios, the model against loopback sockets (rerun: iisemu explore --seed 7 --count 300)",
		"explore: 300 scenarios in ", ", 0 divergences"}, nil)
}

// TestExploreAgainstServe: iisemu serve, as a process, agrees with the
// model over the scripted-module protocol.
func TestExploreAgainstServe(t *testing.T) {
	addr := startServe(t)
	out, errs, code := runSplit(t, "explore", "--seed", "3", "--count", "25", "--target", "http://"+addr, "--out", t.TempDir())
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errs, out)
	}
	wantLines(t, "explore --target serve", out, []string{"explore: 25 scenarios in ", ", 0 divergences"}, nil)
}

// TestExploreFindsADivergentTarget: a target whose ResetConnection closes
// politely diverges; the divergence is shrunk to one module and a few
// calls, written as a scenario file that loads, with both sides in its
// .txt, and the INFER behaviours its calls touch are named; exit 1.
func TestExploreFindsADivergentTarget(t *testing.T) {
	target := startDivergent(t)
	dir := t.TempDir()
	out, errs, code := runSplit(t, "explore", "--seed", "1", "--count", "300", "--target", target, "--out", dir, "--max-divergences", "1")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q:\n%s", code, errs, out)
	}
	wantLines(t, "divergent target", out, []string{"divergence 1 at scenario ", "shrunk to 1 module(s)", "touches INFER behaviours", "written to " + dir}, nil)
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("want one scenario file in %s, got %v", dir, files)
	}
	sc, err := fixtures.LoadScenario(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Modules) != 1 {
		t.Errorf("the written scenario has %d modules", len(sc.Modules))
	}
	txt, err := os.ReadFile(strings.TrimSuffix(files[0], ".json") + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "divergence file", string(txt), []string{"Backends disagree", "--- model:", "--- target:", "[INFER]"}, nil)
}

// TestExploreHonoursCapabilities: the same target, declared not to
// support the two methods it gets wrong, is never sent them and does not
// diverge; a behaviour declared unsupported keeps the scenarios whose
// calls touch it from being sent, and they are counted.
func TestExploreHonoursCapabilities(t *testing.T) {
	target := startDivergent(t)
	caps := writeFile(t, t.TempDir(), "caps.yaml", "unsupported:\n- methods: [ResetConnection, CloseConnection]\n  reason: our host closes politely\n- behaviours: [RD-1]\n  reason: no redirects\n")
	out, errs, code := runSplit(t, "explore", "--seed", "1", "--count", "60", "--target", target, "--capabilities", caps, "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr %q:\n%s", code, errs, out)
	}
	wantLines(t, "declared gaps", out, []string{", 0 divergences", "not sent: its calls touch RD-1, declared unsupported"}, nil)
}

// TestExploreAgainstServersItCannotExplore: nothing listening, and a
// plain net/http server that runs no scenarios, each get one line and
// exit 2.
func TestExploreAgainstServersItCannotExplore(t *testing.T) {
	addr := closedPort(t)
	out, errs, code := runSplit(t, "explore", "--target", "http://"+addr)
	wantExploreLine(t, "nothing listening", out, errs, code, "iisemu explore: cannot reach "+addr)
	fs := startFileServer(t)
	out, errs, code = runSplit(t, "explore", "--target", fs.URL)
	wantExploreLine(t, "plain net/http", out, errs, code, "answered the hello scenario with 404 Not Found", "it does not run scenarios (see fixtures/PROTOCOL.md)")
	if strings.Contains(errs, "--wire-only") {
		t.Errorf("explore has no --wire-only, yet the line offers it: %q", errs)
	}
}

// wantExploreLine fails unless explore exited 2 having printed one line
// on stderr, and nothing on stdout, containing each of want.
func wantExploreLine(t *testing.T, what, stdout, stderr string, code int, want ...string) {
	t.Helper()
	if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "iisemu explore: ") {
		t.Errorf("%s: exit %d (want 2), stderr %q, stdout:\n%s", what, code, stderr, stdout)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("%s: stderr %q lacks %q", what, stderr, w)
		}
	}
}

// TestExploreStartsItsTarget: with --target-command, explore starts iisemu
// serve itself, explores it, and stops it at the end (nothing listens on
// its port then); a command that exits before it answers, or that never
// answers, is one line and exit 2.
func TestExploreStartsItsTarget(t *testing.T) {
	addr := closedPort(t)
	serve := shellQuote(os.Args[0]) + " serve --listen " + addr // the test binary is iisemu (IISEMU_MAIN=1 is inherited)
	out, errs, code := runSplit(t, "explore", "--seed", "3", "--count", "10", "--target", "http://"+addr, "--target-command", serve, "--out", t.TempDir())
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errs, out)
	}
	wantLines(t, "explore --target-command", out, []string{"explore: 10 scenarios in ", ", 0 divergences", "--target-command '"}, nil)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("the target command still serves %s after explore ended", addr)
	}

	out, errs, code = runSplit(t, "explore", "--target", "http://"+addr, "--target-command", "echo cannot start >&2; exit 3")
	wantExploreLine(t, "a command that exits", out, errs, code, "the target command exited before it answered (exit status 3); its last line: cannot start")
}
