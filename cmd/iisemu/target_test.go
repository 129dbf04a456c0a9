package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
	"github.com/iisemu/iisemu/internal/fault"
)

// TestConformanceAgainstServe is the end-to-end run: iisemu serve as a
// separate process, and iisemu conformance --target against it, talking
// only the scripted-module protocol. Every scenario spec must pass.
func TestConformanceAgainstServe(t *testing.T) {
	t.Parallel() // it mostly waits on subprocesses: run beside the other slow ones
	addr := startServe(t)
	// Three runs side by side, their --focus splitting the specs by the
	// first letter of their area so that every spec runs once: most of a
	// run is waiting out each open connection's quiet period.
	for _, part := range []string{"[A-H]", "I", "[^A-I]"} {
		t.Run(part, func(t *testing.T) {
			t.Parallel()
			out, err := iisemu("conformance", "--target", "http://"+addr, "--focus", "^iisemu conformance "+part).CombinedOutput()
			if err != nil {
				t.Fatalf("conformance --target against serve: %v\n%s", err, out)
			}
			for _, want := range []string{"PASS target", "iisemu conformance summary", "not run on the target:"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(string(out), "FAIL") {
				t.Errorf("a spec failed against serve:\n%s", out)
			}
		})
	}
}

// TestConformanceSettingsOnTarget starts serve with 1-second HTTP.sys
// timers and MaxConnections 2, and gives the same file to conformance: the
// timer specs wait for the target's own timers, the MaxConnections spec
// holds two connections, and all pass; without the file they are not run,
// and the reasons say how to run them. The specs run in a random order, so
// a spec often follows the MaxConnections spec: it passes only if that spec
// left the target below its limit, having waited, through the log
// endpoint, for the target to see its held connections end.
func TestConformanceSettingsOnTarget(t *testing.T) {
	t.Parallel() // it mostly waits on a subprocess: run beside the other slow ones
	cfg := filepath.Join(t.TempDir(), "settings.yaml")
	os.WriteFile(cfg, []byte("httpsys:\n  MaxConnections: 2\n  Timers:\n    HeaderWait: 1\n    IdleConnection: 1\n    EntityBody: 1\n"), 0o644)
	target := "http://" + startServe(t, "--config", cfg)
	filter := "SYS-TIME-1 || (SYS-LIM-1 && SYS-ERR-2 && SYS-LOG-1)"
	out, code := runTarget(t, "--target", target, "--target-config", cfg, "--label-filter", filter)
	for _, want := range []string{"PASS target    drops a slowloris client when HeaderWait expires",
		"PASS target    closes an idle connection when IdleConnection expires",
		"PASS target    closes a kept-alive connection once it has idled after a response",
		"PASS target    drops a request whose body stalls past EntityBody",
		"PASS target    answers connections past MaxConnections with 503 while existing ones keep working"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("exit status %d:\n%s", code, out)
	}
	out, code = runTarget(t, "--target", target, "--label-filter", "SYS-TIME-1 || SYS-LIM-1")
	for _, want := range []string{"give --target-config with the target's timers", "give --target-config with the target's MaxConnections"} {
		if !strings.Contains(out, want) {
			t.Errorf("without --target-config: exit %d, no %q:\n%s", code, want, out)
		}
	}
}

// TestConformanceAgainstDivergentTarget runs the same specs against a
// test-only server whose ResetConnection closes politely after the
// response: the divergence must be reported, for the scenarios and for
// the documentation's sample alike, with the behaviour, a rerun command
// naming the target, and exit status 1.
func TestConformanceAgainstDivergentTarget(t *testing.T) {
	target := startDivergent(t)
	out, code := runTarget(t, "--target", target, "--label-filter", "RC-1")
	if code != 1 {
		t.Fatalf("want exit status 1, got %d:\n%s", code, out)
	}
	for _, want := range []string{"FAIL [target, RC-1", "RC-1 [DOC]", "iisemu conformance --target " + target + " --focus '^iisemu conformance (",
		"FAIL [target, RC-1, RC-2, RC-5] The documentation's samples serves the reset-connection sample"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestConformanceExpectationsAndCapabilities: a listed divergence that
// fails is an expected failure (exit 0); a listed one that passes fails
// the run (exit 1) unless --lenient; a declared gap is NOT SUPPORTED, and
// a selection of nothing else runs nothing (exit 2).
func TestConformanceExpectationsAndCapabilities(t *testing.T) {
	dir := t.TempDir()
	expect := filepath.Join(dir, "expect.yaml")
	caps := filepath.Join(dir, "caps.yaml")
	os.WriteFile(expect, []byte("expected_failures:\n- behaviours: [RC-1]\n  reason: resets politely\n  link: https://example.invalid/issue/1\n"), 0o644)
	os.WriteFile(caps, []byte("unsupported:\n- behaviours: [RC-1]\n  reason: no ResetConnection here\n"), 0o644)
	divergent := startDivergent(t)
	faithful := "http://" + startServe(t)

	out, code := runTarget(t, "--target", divergent, "--label-filter", "RC-1", "--expect", expect)
	if code != 0 || !strings.Contains(out, "EXPECTED FAILURE target") || !strings.Contains(out, "EXPECTED FAILURE: resets politely (https://example.invalid/issue/1)") ||
		!strings.Contains(out, "wire check: expected no bytes") || strings.Contains(out, "\nFAIL") {
		t.Errorf("expected failures: exit %d:\n%s", code, out)
	}
	out, code = runTarget(t, "--target", faithful, "--label-filter", "RC-1", "--expect", expect)
	if code != 1 || !strings.Contains(out, "UNEXPECTED PASS: listed as an expected failure") ||
		!strings.Contains(out, "iisemu conformance --target "+faithful+" --expect "+expect+" --focus '^iisemu conformance (") {
		t.Errorf("unexpected pass: exit %d:\n%s", code, out)
	}
	out, code = runTarget(t, "--target", faithful, "--label-filter", "RC-1", "--expect", expect, "--lenient")
	if code != 0 || !strings.Contains(out, "UNEXPECTED PASS target") {
		t.Errorf("unexpected pass, lenient: exit %d:\n%s", code, out)
	}
	out, code = runTarget(t, "--target", faithful, "--label-filter", "RC-1", "--capabilities", caps)
	if code != 2 || !strings.Contains(out, "NOT SUPPORTED target") || !strings.Contains(out, "no ResetConnection here") {
		t.Errorf("not supported: exit %d:\n%s", code, out)
	}
	noSamples := filepath.Join(dir, "no-samples.yaml")
	os.WriteFile(noSamples, []byte("unsupported:\n- samples: true\n  reason: the documentation's samples are not installed\n"), 0o644)
	out, code = runTarget(t, "--target", faithful, "--label-filter", "RC-1", "--capabilities", noSamples)
	if code != 0 || !strings.Contains(out, "NOT SUPPORTED [target, RC-1, RC-2, RC-5] The documentation's samples serves the reset-connection sample") ||
		!strings.Contains(out, "PASS target") || !strings.Contains(out, "samples are not installed") {
		t.Errorf("samples not supported: exit %d:\n%s", code, out)
	}
}

// TestConformanceAgainstWireOnlyTarget runs the seed's specs against a
// target that serves the scenarios and samples but neither traces nor
// logs: the checks on what the client sees still run and pass, and a spec
// that goes on to check the server's records is PASS (wire only), saying
// why.
func TestConformanceAgainstWireOnlyTarget(t *testing.T) {
	site := fixtures.SampleSite()
	site.Resolve = protocol.ResolveScenario
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", site, httpsys.Config{}, iis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	out, code := runTarget(t, "--target", "http://"+h.Addr, "--label-filter", "RC-1 || SYS-LIM-1")
	if code != 0 {
		t.Fatalf("want exit status 0, got %d:\n%s", code, out)
	}
	for _, want := range []string{"PASS (wire only) target    resets the client's socket at once: no bytes, then RST",
		"the wire checks passed; the server checks read the server trace: the target does not serve /.iisemu/traces/",
		"the wire checks passed; the server checks read the W3C request log: the target does not serve /.iisemu/logs/",
		"11 PASS (wire only) · 2 PASS"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// startDivergent starts a test-only target whose ResetConnection closes
// politely after the response (RC-1 broken), and returns its URL.
func startDivergent(t *testing.T) string {
	t.Helper()
	site, sys := fixtures.SampleSite(), httpsys.Config{}
	opts := fault.With(iis.Options{}, fault.Set{ResetIsOrderly: true})
	protocol.Install(site, &sys, &opts)
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", site, sys, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return "http://" + h.Addr
}

// runTarget runs iisemu conformance as a process; it returns the combined
// output and the exit status.
func runTarget(t *testing.T, args ...string) (string, int) {
	t.Helper()
	out, err := iisemu(append([]string{"conformance"}, args...)...).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		t.Logf("iisemu conformance %s: exit 0\n%s", strings.Join(args, " "), firstLines(string(out), 8))
		return string(out), 0
	case errors.As(err, &exit):
		t.Logf("iisemu conformance %s: exit %d\n%s", strings.Join(args, " "), exit.ExitCode(), firstLines(string(out), 8))
		return string(out), exit.ExitCode()
	}
	t.Fatalf("running conformance %v: %v", args, err)
	return "", -1
}

func TestConformanceBadTargetArguments(t *testing.T) {
	dir := t.TempDir()
	bad := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	cases := map[string][]string{
		"ftp URL":         {"--target", "ftp://x:1"},
		"no host":         {"--target", "http://"},
		"a path":          {"--target", "http://127.0.0.1:1/path"},
		"not a URL":       {"--target", "::"},
		"expect alone":    {"--expect", "x.yaml"},
		"lenient alone":   {"--lenient"},
		"missing file":    {"--target", "http://127.0.0.1:1", "--expect", filepath.Join(dir, "none.yaml")},
		"unknown key":     {"--target", "http://127.0.0.1:1", "--expect", bad("k.yaml", "expected_failures:\n- behaviours: [RC-1]\n  reason: r\n  link: l\n  colour: red\n")},
		"no link":         {"--target", "http://127.0.0.1:1", "--expect", bad("l.yaml", "expected_failures:\n- behaviours: [RC-1]\n  reason: r\n")},
		"unknown ID":      {"--target", "http://127.0.0.1:1", "--expect", bad("i.yaml", "expected_failures:\n- behaviours: [XX-9]\n  reason: r\n  link: l\n")},
		"unknown method":  {"--target", "http://127.0.0.1:1", "--capabilities", bad("m.yaml", "unsupported:\n- methods: [Explode]\n  reason: r\n")},
		"caps no reason":  {"--target", "http://127.0.0.1:1", "--capabilities", bad("r.yaml", "unsupported:\n- behaviours: [RC-1]\n")},
		"config alone":    {"--target-config", "x.yaml"},
		"bad config":      {"--target", "http://127.0.0.1:1", "--target-config", bad("c.yaml", "httpsys:\n  Timers:\n    HeaderWait: 65536\n")},
		"empty caps file": {"--target", "http://127.0.0.1:1", "--capabilities", bad("e.yaml", "")},
		"no port":         {"--target", "http://127.0.0.1"},
		"port too high":   {"--target", "http://127.0.0.1:65536"},
		"wire-only alone": {"--wire-only"},
		"host alone":      {"--host", "h"},
		"path alone":      {"--target", "http://127.0.0.1:1", "--path", "/x"},
		"relative path":   {"--target", "http://127.0.0.1:1", "--wire-only", "--path", "x"},
		"bad scenario":    {"--target", "http://127.0.0.1:1", "--expect", bad("s.yaml", "expected_failures:\n- behaviours: [RC-1]\n  scenario: Not An ID\n  reason: r\n  link: l\n")},
		"two-line spec":   {"--target", "http://127.0.0.1:1", "--expect", bad("t.yaml", "expected_failures:\n- behaviours: [RC-1]\n  spec: \"a\\nb\"\n  reason: r\n  link: l\n")},
		"unknown sample":  {"--target", "http://127.0.0.1:1", "--capabilities", bad("u.yaml", "unsupported:\n- samples: [no-such-sample]\n  reason: r\n")},
		"samples word":    {"--target", "http://127.0.0.1:1", "--capabilities", bad("w.yaml", "unsupported:\n- samples: some\n  reason: r\n")},
		"bad focus":       {"--focus", "(unclosed"},
		"timeout alone":   {"--timeout", "3s"},
		"timeout < 0":     {"--target", "http://127.0.0.1:1", "--timeout", "-1s"},
		"timeout word":    {"--target", "http://127.0.0.1:1", "--timeout", "soon"},
	}
	for name, args := range cases {
		code, _, errs := runIn(append([]string{"conformance"}, args...)...)
		if code != 2 || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "iisemu conformance: ") {
			t.Errorf("%s: exit %d, stderr %q", name, code, errs)
		}
	}
}
