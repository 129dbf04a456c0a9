package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
	"github.com/iisemu/iisemu/internal/fault"
)

// startBare starts a target that runs the scenarios and the samples but
// serves neither traces nor logs, with faults f; it returns its URL.
func startBare(t *testing.T, f fault.Set) string {
	t.Helper()
	return startBareWith(t, httpsys.Config{}, f)
}

// startBareWith is startBare with HTTP.sys set by sys.
func startBareWith(t *testing.T, sys httpsys.Config, f fault.Set) string {
	t.Helper()
	site := fixtures.SampleSite()
	site.Resolve = protocol.ResolveScenario
	h, err := iis.StartHost(httpsys.TCPTransport{}, "127.0.0.1:0", site, sys, fault.With(iis.Options{}, f))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return "http://" + h.Addr
}

// writeFile writes body to a file called name in dir and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantLines fails unless out has each of want, and none of bad.
func wantLines(t *testing.T, what, out string, want, bad []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s: output lacks %q:\n%s", what, w, out)
		}
	}
	for _, b := range bad {
		if strings.Contains(out, b) {
			t.Errorf("%s: output has %q:\n%s", what, b, out)
		}
	}
}

// TestWireFailureOnTargetWithoutEndpoints: a target without the trace and
// log endpoints whose ResetConnection closes politely after the response
// sends bytes where RC-1 expects none. Every seed spec whose wire checks
// see it FAILs, in words, before any check that needs the trace; none is
// NOT SUPPORTED.
func TestWireFailureOnTargetWithoutEndpoints(t *testing.T) {
	target := startBare(t, fault.Set{ResetIsOrderly: true})
	out, code := runTarget(t, "--target", target, "--label-filter", "RC-1 || RC-2 || RC-3 || RC-4 || RC-6")
	if code != 1 {
		t.Fatalf("want exit status 1, got %d:\n%s", code, out)
	}
	wantLines(t, "bare divergent target", out, []string{
		"FAIL target    resets the client's socket at once: no bytes, then RST  [RC-1 SYS-CANCEL-1]",
		"FAIL target    lets writes after the reset succeed, and sends none of them  [RC-2]",
		"FAIL target    keeps the pipeline running when the module continues  [RC-3 PIPE-CONT-1]",
		"FAIL target    stops request-level processing when the module returns FINISH_REQUEST",
		"FAIL target    reports the client gone, and flushes nothing  [RC-6]",
		"wire check: expected no bytes; got ",
	}, []string{"NOT SUPPORTED target", "its checks so far passed", "Test Panicked", "<svg"})
}

// TestFailureMessageInWords: a failure gives the behaviour's sentence and
// source, then expected against actual in HTTP's words, the bytes as a
// window, the request once, and a rerun command that selects the failed
// specs by their full text.
func TestFailureMessageInWords(t *testing.T) {
	target := startBare(t, fault.Set{ResetIsOrderly: true})
	out, code := runTarget(t, "--target", target, "--label-filter", "SYS-CANCEL-1")
	if code != 1 {
		t.Fatalf("want exit status 1, got %d:\n%s", code, out)
	}
	wantLines(t, "message", out, []string{
		"     RC-1 [DOC]: ResetConnection",
		"Source: https://learn.microsoft.com/en-us/iis/web-development-reference/native-code-api-reference/ihttpresponse-resetconnection-method",
		" bytes, then ended with FIN\n     received: \"HTTP/1.1 200 OK\\r\\n",
		"     wire check: expected no bytes; got ",
		"     request sent (",
		"rerun the failed specs: iisemu conformance --target " + target + " --focus '^iisemu conformance (IHttpResponse::ResetConnection resets the client",
		"1 FAIL",
	}, []string{"Expected\n", "<[]wire.Response", "<svg"})
	if n := strings.Count(out, "GET /scenarios/reset-begin-continue"); n != 1 {
		t.Errorf("the request is printed %d times, want once:\n%s", n, out)
	}
}

// TestExpectationsPerSpec: an entry naming a spec's text applies to that
// spec alone. Against the faithful serve it is an UNEXPECTED PASS (its own
// verdict, exit 1; exit 0 with --lenient) while the spec sharing its
// behaviour ID is judged normally (PASS); against a divergent target the
// named spec is an EXPECTED FAILURE while the others of RC-1 FAIL.
func TestExpectationsPerSpec(t *testing.T) {
	t.Parallel() // it mostly waits on a subprocess: run beside the other slow ones
	dir := t.TempDir()
	byName := writeFile(t, dir, "hd3.yaml", "expected_failures:\n- behaviours: [HD-3]\n  spec: sets Server through the header ID before the send\n"+
		"  reason: the header-ID overload replaces\n  link: https://example.invalid/issue/3\n")
	faithful := "http://" + startServe(t)
	out, code := runTarget(t, "--target", faithful, "--label-filter", "HD-3", "--expect", byName)
	if code != 1 {
		t.Errorf("unexpected pass: want exit 1, got %d", code)
	}
	wantLines(t, "unexpected pass", out, []string{
		"UNEXPECTED PASS target    sets Server through the header ID before the send  [HD-3]",
		"PASS target    replaces Server by name  [HD-3 SD-1]",
		"1 UNEXPECTED PASS",
		"--focus '^iisemu conformance (IHttpResponse status, headers and flags sets Server through the header ID before the send)$'",
	}, []string{"UNEXPECTED PASS target    replaces Server by name", "\nFAIL "})
	out, code = runTarget(t, "--target", faithful, "--label-filter", "HD-3", "--expect", byName, "--lenient")
	if code != 0 || !strings.Contains(out, "UNEXPECTED PASS target    sets Server through the header ID before the send") {
		t.Errorf("lenient: exit %d:\n%s", code, out)
	}

	oneSpec := writeFile(t, dir, "rc1.yaml", "expected_failures:\n- behaviours: [RC-1]\n  spec: \"resets the client's socket at once: no bytes, then RST\"\n"+
		"  reason: resets politely\n  link: https://example.invalid/issue/1\n")
	out, code = runTarget(t, "--target", startDivergent(t), "--label-filter", "RC-1", "--expect", oneSpec)
	if code != 1 {
		t.Errorf("other RC-1 specs must still fail: exit %d", code)
	}
	wantLines(t, "expected failure", out, []string{
		"EXPECTED FAILURE target    resets the client's socket at once: no bytes, then RST",
		"EXPECTED FAILURE: resets politely (https://example.invalid/issue/1)",
		"wire check: expected no bytes; got ",
		"FAIL target    resets from OnSendResponse the same way as from OnBeginRequest  [RC-1 RC-4]",
	}, nil)
}

// TestExpectationsDoNotCoverAnAbsentTarget: an expected failure covers a
// divergence, not a server that is not there: a target that cannot be
// reached is refused before any spec, in one line and exit status 2,
// even with an entry covering every spec selected (a target that goes
// away during the run stops it: TestConformanceTargetKilledMidRun).
func TestExpectationsDoNotCoverAnAbsentTarget(t *testing.T) {
	dir := t.TempDir()
	all := writeFile(t, dir, "all.yaml", "expected_failures:\n- behaviours: [SYS-CANCEL-1]\n  reason: the server is down\n  link: https://example.invalid/down\n")
	out, errs, code := runSplit(t, "conformance", "--target", "http://127.0.0.1:1", "--label-filter", "SYS-CANCEL-1", "--expect", all)
	wantOneLine(t, "absent target", out, errs, code, 2, "cannot reach 127.0.0.1:1: connection refused")
	if strings.Contains(out, "EXPECTED FAILURE") {
		t.Errorf("an absent target's specs were reported:\n%s", out)
	}
}

// TestGetterDeclaredUnsupported: a getter declared unsupported drops the
// checks on its calls only. RC-1's scenario calls IsConnected: on a
// faithful target the spec passes, saying which calls its server checks
// left out; on a divergent one its wire checks still run and FAIL.
func TestGetterDeclaredUnsupported(t *testing.T) {
	caps := writeFile(t, t.TempDir(), "caps.yaml", "unsupported:\n- methods: [IsConnected]\n  reason: no IsConnected here\n")
	out, code := runTarget(t, "--target", "http://"+startServe(t), "--label-filter", "SYS-CANCEL-1", "--capabilities", caps)
	if code != 0 {
		t.Errorf("faithful: exit %d", code)
	}
	wantLines(t, "faithful", out, []string{"PASS target    resets the client's socket at once",
		"the server checks left out the calls of IsConnected (declared unsupported: no IsConnected here)"}, []string{"NOT SUPPORTED", "wire only"})
	out, code = runTarget(t, "--target", startDivergent(t), "--label-filter", "SYS-CANCEL-1", "--capabilities", caps)
	if code != 1 {
		t.Errorf("divergent: exit %d", code)
	}
	wantLines(t, "divergent", out, []string{"FAIL target    resets the client's socket at once", "wire check: expected no bytes"}, []string{"NOT SUPPORTED"})
}

// TestConnLimitWithoutLogsIsWireOnly: on a target that serves no logs the
// MaxConnections spec checks the answers on the wire and says that the
// refusals' error-log entries went unchecked: PASS (wire only), not PASS.
func TestConnLimitWithoutLogsIsWireOnly(t *testing.T) {
	target := startBareWith(t, httpsys.Config{Limits: httpsys.Limits{MaxConnections: 2}}, fault.Set{})
	cfg := writeFile(t, t.TempDir(), "limits.yaml", "httpsys:\n  MaxConnections: 2\n")
	out, code := runTarget(t, "--target", target, "--target-config", cfg, "--label-filter", "SYS-LIM-1 && SYS-ERR-2 && SYS-LOG-1")
	want := "PASS (wire only) target    answers connections past MaxConnections with 503 while existing ones keep working"
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "error-log entries went unchecked") {
		t.Errorf("exit %d, want 0 and %q:\n%s", code, want, out)
	}
}
