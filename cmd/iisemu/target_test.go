package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
	"github.com/iisemu/iisemu/internal/fault"
)

// TestConformanceAgainstServe is the end-to-end run: iisemu serve as a
// separate process, and iisemu conformance --target against it, talking
// only the scripted-module protocol. Every scenario spec must pass.
func TestConformanceAgainstServe(t *testing.T) {
	addr := startServe(t)
	out, err := iisemu("conformance", "--target", "http://"+addr).CombinedOutput()
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
}

// TestConformanceAgainstDivergentTarget runs the same specs against a
// test-only server whose ResetConnection closes politely after the
// response: the divergence must be reported, with the behaviour, a rerun
// command naming the target, and exit status 1.
func TestConformanceAgainstDivergentTarget(t *testing.T) {
	traces := fixtures.NewTraceStore()
	site := &iis.Site{Name: "Divergent", Resolve: fixtures.ResolveScenario, Applications: []*iis.Application{traces.Application()}}
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", site, httpsys.Config{},
		iis.Options{OnTrace: traces.Add, TraceTag: traces.Tag, Faults: fault.Set{ResetIsOrderly: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	target := "http://" + h.Addr
	out, err := iisemu("conformance", "--target", target, "--label-filter", "RC-1").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("want exit status 1, got %v:\n%s", err, out)
	}
	for _, want := range []string{"FAIL [target, RC-1", "RC-1 [DOC]", "iisemu conformance --target " + target + " --label-filter="} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestConformanceBadTarget(t *testing.T) {
	for _, bad := range []string{"ftp://x:1", "http://", "http://127.0.0.1:1/path", "::"} {
		code, _, errs := runIn("conformance", "--target", bad)
		if code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "target") {
			t.Errorf("--target %q: exit %d, stderr %q", bad, code, errs)
		}
	}
}
