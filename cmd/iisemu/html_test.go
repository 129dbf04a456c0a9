package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// browser finds a headless-capable Chromium. CI installs Debian's chromium
// (.ci/run) and sets IISEMU_REQUIRE_BROWSER=1, so there a missing browser
// fails the test instead of skipping it.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("IISEMU_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium on PATH; .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("no chromium on PATH: install Debian's chromium to run the HTML report's browser test")
	return ""
}

// artifacts is where the test leaves its screenshot: $IISEMU_ARTIFACTS when
// set (CI keeps it), else a temporary folder.
func artifacts(t *testing.T) string {
	if d := os.Getenv("IISEMU_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestHTMLReportInBrowser runs a failing selection against the divergent
// target with --html and --json, opens the page in headless Chromium, and
// checks what the browser built: the page says what was tested (target,
// date, version, filter, files); the matrix has one row per behaviour the
// JSON report says ran, plus one for a selected behaviour that did not run
// here, with the reason; a cell shows the mix of its verdicts; and the
// failing case is open with its diagram. The JSON records carry each
// spec's verdict and the iisemu version.
func TestHTMLReportInBrowser(t *testing.T) {
	t.Parallel() // it mostly waits on a subprocess: run beside the other slow ones
	chromium := browser(t)
	dir := t.TempDir()
	page, jsonOut := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.json")
	target := startDivergent(t)
	out, code := runTarget(t, "--target", target, "--label-filter", "RC-1 || RC-2 || SYS-TIME-1", "--html", page, "--json", jsonOut)
	if code != 1 {
		t.Fatalf("want the divergent target to fail RC-1 (exit 1), got %d:\n%s", code, out)
	}

	// The behaviours of the specs that ran, from the JSON report.
	var suites []struct {
		SuiteDescription string
		SpecReports      []struct {
			LeafNodeType   string
			LeafNodeLabels []string
			State          string
			Failure        struct{ Message string }
			ReportEntries  []struct{ Name string }
		}
	}
	data, err := os.ReadFile(jsonOut)
	if err != nil || json.Unmarshal(data, &suites) != nil || len(suites) != 1 {
		t.Fatalf("reading the JSON report: %v", err)
	}
	if !strings.Contains(suites[0].SuiteDescription, "(iisemu ") {
		t.Errorf("the JSON report's suite does not name the iisemu version: %q", suites[0].SuiteDescription)
	}
	want := map[string]bool{"SYS-TIME-1": true} // selected, not run: no --target-config
	for _, s := range suites[0].SpecReports {
		if s.LeafNodeType == "It" {
			var names []string
			for _, e := range s.ReportEntries {
				names = append(names, e.Name)
			}
			if !slices.Contains(names, "verdict") || !slices.Contains(names, "iisemu version") {
				t.Errorf("a JSON record lacks its verdict or the version: %v", names)
			}
		}
		// Specs the filter left out are not in the matrix; NOT SUPPORTED
		// ones (the divergent target serves no logs) are.
		if s.LeafNodeType != "It" || (s.State == "skipped" && !strings.HasPrefix(s.Failure.Message, "NOT SUPPORTED")) {
			continue
		}
		for _, l := range s.LeafNodeLabels {
			if l != "target" {
				want[l] = true
			}
		}
	}

	run := func(args ...string) string {
		cmd := exec.Command(chromium, append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2400"}, args...)...)
		done := make(chan struct{})
		var b []byte
		go func() { b, _ = cmd.Output(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Minute): // a hung browser must not hang the suite
			cmd.Process.Kill()
			<-done
			t.Fatal("chromium did not finish")
		}
		return string(b)
	}
	dom := run("--dump-dom", "file://"+page)
	rows := regexp.MustCompile(`<tr class="behaviour[^"]*" data-id="([^"]+)"`).FindAllStringSubmatch(dom, -1)
	var got, wantIDs []string
	for _, r := range rows {
		got = append(got, r[1])
	}
	for id := range want {
		wantIDs = append(wantIDs, id)
	}
	sort.Strings(got)
	sort.Strings(wantIDs)
	if strings.Join(got, " ") != strings.Join(wantIDs, " ") || len(got) == 0 {
		t.Errorf("matrix rows %v, want %v", got, wantIDs)
	}
	runTable := regexp.MustCompile(`(?s)<table id="run">.*?</table>`).FindString(dom)
	for _, w := range []string{target, "iisemu version", "label filter", "RC-1 || RC-2 || SYS-TIME-1", " UTC", "capabilities file"} {
		if !strings.Contains(runTable, w) {
			t.Errorf("the page's run table lacks %q:\n%s", w, runTable)
		}
	}
	notRun := regexp.MustCompile(`(?s)<tr class="behaviour not-run" data-id="SYS-TIME-1">.*?</tr>`).FindString(dom)
	if !strings.Contains(notRun, "not run here: they let an HTTP.sys timer expire") {
		t.Errorf("SYS-TIME-1's row does not say why it did not run:\n%s", notRun)
	}
	if !regexp.MustCompile(`<td class="fail"><a href="#case-\d+">\d+ FAIL( · \d+ [A-Z (a-z)]+)*</a></td>`).MatchString(dom) {
		t.Errorf("no cell shows its mix of verdicts:\n%.3000s", regexp.MustCompile(`(?s)<table id="matrix">.*?</table>`).FindString(dom))
	}
	failing := regexp.MustCompile(`(?s)<details id="case-\d+" class="case fail" open="">.*?</details>`).FindAllString(dom, -1)
	if len(failing) == 0 {
		t.Fatalf("no failing case is open in the rendered page; cases: %v", regexp.MustCompile(`<details[^>]*>`).FindAllString(dom, 5))
	}
	sawRC1 := false
	for _, c := range failing {
		sawRC1 = sawRC1 || strings.Contains(c, "<b>RC-1</b>")
		if !strings.Contains(c, "<svg") || !strings.Contains(c, "sequence diagram") || !strings.Contains(c, "request and response bytes") {
			t.Errorf("a failing case lacks its diagram or bytes:\n%.1500s", c)
		}
	}
	if !sawRC1 {
		t.Error("no failing case names RC-1")
	}
	// A source is a link only when it is an address; the project's own
	// decisions say so in words.
	if regexp.MustCompile(`<a href="[^h"][^"]*">source</a>`).MatchString(dom) || !strings.Contains(dom, `<a href="https://learn.microsoft.com/`) {
		t.Error("a source that is not an address is a link, or no documentation link is left")
	}
	shot := filepath.Join(artifacts(t), "conformance-report.png")
	run("--screenshot="+shot, "file://"+page)
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Errorf("no screenshot at %s: %v", shot, err)
	}
}
