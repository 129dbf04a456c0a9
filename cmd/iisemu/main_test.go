package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/config"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// TestMain lets the tests run the command as a real process: the test
// binary re-executed with IISEMU_MAIN=1 is iisemu.
func TestMain(m *testing.M) {
	if os.Getenv("IISEMU_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	goleak.VerifyTestMain(m)
}

func iisemu(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "IISEMU_MAIN=1")
	return cmd
}

func runIn(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"trace", "--help"}, {"conformance", "--help"}, {"catalog", "--help"}, {"config", "--help"}, {"version", "--help"}} {
		code, out, errs := runIn(args...)
		if code != 0 || !strings.Contains(out, "Usage: iisemu") || errs != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	_, out, _ := runIn("trace", "--help")
	for _, name := range []string{"reset-connection", "set-need-disconnect", "hello"} {
		if !strings.Contains(out, name) {
			t.Errorf("trace --help does not list sample %s", name)
		}
	}
}

func TestUsageErrorsAreOneLineAndExitTwo(t *testing.T) {
	cases := [][]string{
		{},
		{"frobnicate"},
		{"serve", "--bogus"},
		{"serve", "extra"},
		{"serve", "--listen", ""},
		{"serve", "--listen", ":8080"},
		{"serve", "--listen", "8080"},
		{"trace"},
		{"trace", "--sample", "no-such-sample"},
		{"trace", "--sample", "hello", "/x"},
		{"trace", "--format", "yaml", "/samples/hello"},
		{"trace", "no-slash"},
		{"trace", "--scenario", "no-such-file.json"},
		{"trace", "--scenario", "../../fixtures/scenarios/reset-pipelined.json", "/x"},
		{"conformance", "--label-filter", "(("},
		{"catalog", "--provenance", "MAYBE"},
		{"catalog", "--evidence", "--scenarios", "x"},
		{"catalog", "--evidence=maybe"},
		{"catalog", "--evidence", "--provenance", "GUESS"},
		{"config"},
		{"config", "--print-default", "--check", "x"},
	}
	for _, args := range cases {
		code, _, errs := runIn(args...)
		lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if len(args) > 0 && (len(lines) != 1 || !strings.HasPrefix(lines[0], "iisemu")) {
			t.Errorf("%v: want one line naming the problem, got %q", args, errs)
		}
	}
}

func TestServeBadAddressFails(t *testing.T) {
	code, _, errs := runIn("serve", "--listen", "256.0.0.1:80")
	if code != 1 || !strings.HasPrefix(errs, "iisemu serve: ") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestCheckListen(t *testing.T) {
	for _, c := range []struct {
		addr    string
		warns   bool
		refused bool
	}{
		{"127.0.0.1:8080", false, false},
		{"[::1]:0", false, false},
		{"localhost:0", false, false},
		{"0.0.0.0:8080", true, false},
		{"[::]:8080", true, false},
		{"example.test:80", true, false},
		{":8080", false, true},
		{"", false, true},
	} {
		warning, err := checkListen(c.addr)
		if (warning != "") != c.warns || (err != nil) != c.refused {
			t.Errorf("%q: warning %q, error %v", c.addr, warning, err)
		}
	}
}

// traceEvents runs trace and decodes its JSON Lines.
func traceEvents(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	code, out, errs := runIn(append([]string{"trace"}, args...)...)
	if code != 0 {
		t.Fatalf("trace %v: exit %d: %s", args, code, errs)
	}
	var events []map[string]any
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %d is not JSON: %q", i+1, line)
		}
		if _, ok := e["seq"]; !ok {
			t.Fatalf("line %d has no seq: %q", i+1, line)
		}
		events = append(events, e)
	}
	return events
}

func TestTraceResetConnectionSample(t *testing.T) {
	ev := traceEvents(t, "--sample", "reset-connection")
	find := func(from int, match func(map[string]any) bool) int {
		for i := from; i < len(ev); i++ {
			if match(ev[i]) {
				return i
			}
		}
		return -1
	}
	finish := find(0, func(e map[string]any) bool {
		return e["event"] == "notification" && e["notification"] == "RQ_SEND_RESPONSE" &&
			e["module"] == "ResetConnectionSample" && e["status"] == "RQ_NOTIFICATION_FINISH_REQUEST" && e["post"] == false
	})
	reset := find(0, func(e map[string]any) bool { return e["event"] == "call" && e["method"] == "ResetConnection" })
	write := find(reset+1, func(e map[string]any) bool {
		return e["event"] == "call" && e["method"] == "WriteEntityChunks" && e["result"] == "S_OK"
	})
	closed := find(0, func(e map[string]any) bool { return e["event"] == "close" && e["kind"] == "reset" })
	if finish < 0 || reset < 0 || write < 0 || closed < 0 {
		t.Fatalf("missing events (finish %d, reset %d, write after reset %d, close %d): %v", finish, reset, write, closed, ev)
	}
	last := ev[len(ev)-1]
	if last["event"] != "client" || last["received"] != "" || last["close"] != "reset" {
		t.Fatalf("the trace must end with the client receiving nothing, then a reset: %v", last)
	}
}

func TestEverySampleTraces(t *testing.T) {
	for _, s := range fixtures.Samples() {
		ev := traceEvents(t, "--sample", s.Name)
		if last := ev[len(ev)-1]; last["event"] != "client" {
			t.Errorf("%s: the trace does not end with the client: %v", s.Name, last)
		}
	}
}

func TestTraceTextAndPath(t *testing.T) {
	code, out, _ := runIn("trace", "--format", "text", "/samples/set-need-disconnect")
	if code != 0 || !strings.Contains(out, "call SetNeedDisconnect =S_OK") ||
		!strings.Contains(out, "closed in an orderly way (FIN)") || !strings.Contains(out, "Connection: close") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// TestTraceScenarioFile runs a scenario file, pipelined request and all:
// the reset on the first request leaves the second unanswered.
func TestTraceScenarioFile(t *testing.T) {
	code, out, errs := runIn("trace", "--format", "text", "--scenario", "../../fixtures/scenarios/reset-pipelined.json")
	if code != 0 || !strings.Contains(out, "request 1: GET /scenarios/reset-pipelined") ||
		!strings.Contains(out, "call ResetConnection =S_OK") || strings.Contains(out, "request 2:") ||
		!strings.Contains(out, "reset (RST)") {
		t.Fatalf("exit %d (%s):\n%s", code, errs, out)
	}
}

// TestTraceScenarioWhereTheClientLeaves: trace runs a scenario as the
// suite does, so its client leaves when the first bytes arrive, and the
// module hears of it; the diagram draws the client's RST.
func TestTraceScenarioWhereTheClientLeaves(t *testing.T) {
	code, out, errs := runIn("trace", "--format", "text", "--scenario", "../../fixtures/scenarios/client-resets.json")
	if code != 0 || !strings.Contains(out, "call WaitForDisconnect =NotifyDisconnect") ||
		!strings.Contains(out, "call IsConnected =FALSE") || !strings.Contains(out, "then left: it reset the connection (RST)") {
		t.Fatalf("exit %d (%s):\n%s", code, errs, out)
	}
	code, out, errs = runIn("trace", "--format", "mermaid", "--scenario", "../../fixtures/scenarios/client-closes.json")
	if code != 0 || !strings.Contains(out, "P0-->>P1: FIN (the client leaves)") || !strings.Contains(out, "the client left first (close)") {
		t.Fatalf("exit %d (%s):\n%s", code, errs, out)
	}
}

// startServe runs iisemu serve as a process and returns its address.
func startServe(t *testing.T, extra ...string) string {
	t.Helper()
	cmd := iisemu(append([]string{"serve", "--listen", "127.0.0.1:0"}, extra...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no ready line: %v; stderr %q", err, stderr.String())
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "iisemu: listening on http://")
	if !ok {
		t.Fatalf("ready line %q", line)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve did not exit cleanly on SIGTERM: %v; stderr %q", err, stderr.String())
		}
	})
	return addr
}

func TestServeOnRealSockets(t *testing.T) {
	addr := startServe(t)
	client := &wire.Client{
		Dial: func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		},
		// A separate process gives no settle signal: an open connection is
		// one that stays quiet this long after the expected responses.
		Quiet: 200 * time.Millisecond,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	get := func(path string) string { return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n" }

	t.Run("reset-connection: nothing, then RST", func(t *testing.T) {
		res, err := client.Do(ctx, []byte(get("/samples/reset-connection")), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Received) != 0 || res.Close != httpsys.Reset {
			t.Fatalf("received %q, ended %v", res.Received, res.Close)
		}
	})
	t.Run("a scenario in the request header runs, and its trace is served", func(t *testing.T) {
		sc, err := fixtures.LoadScenario("../../fixtures/scenarios/reset-begin-continue.json")
		if err != nil {
			t.Fatal(err)
		}
		enc, err := protocol.EncodeScenarioHeader(sc)
		if err != nil {
			t.Fatal(err)
		}
		raw := "GET " + sc.Path() + " HTTP/1.1\r\nHost: x\r\n" + protocol.ScenarioHeader + ": " + enc + "\r\n" +
			protocol.RequestIDHeader + ": serve-test-1\r\n\r\n"
		res, err := client.Do(ctx, []byte(raw), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Received) != 0 || res.Close != httpsys.Reset {
			t.Fatalf("RC-1: received %q, ended %v; want nothing, then RST", res.Received, res.Close)
		}
		tr, err := client.Do(ctx, []byte(get(protocol.TracePath+"serve-test-1")), 1)
		if err != nil || len(tr.Final()) != 1 || tr.Final()[0].StatusCode != 200 {
			t.Fatalf("trace endpoint: %v %q", err, tr.Received)
		}
		var got struct {
			Tag    string           `json:"tag"`
			Events []map[string]any `json:"events"`
		}
		if err := json.Unmarshal(tr.Final()[0].Body, &got); err != nil {
			t.Fatalf("trace is not JSON: %v: %s", err, tr.Final()[0].Body)
		}
		var seq []string
		for _, e := range got.Events {
			seq = append(seq, fmt.Sprint(e["event"], " ", e["notification"], " ", e["module"], " ", e["method"]))
		}
		joined := strings.Join(seq, "\n")
		// RC-2, RC-3: the pipeline went on after the reset, through the
		// observer's RQ_END_REQUEST.
		if got.Tag != "serve-test-1" || !strings.Contains(joined, "call RQ_BEGIN_REQUEST Resetter ResetConnection") ||
			!strings.Contains(joined, "notification RQ_END_REQUEST Observer") {
			t.Fatalf("trace of tag %q:\n%s", got.Tag, joined)
		}
	})
	t.Run("the log endpoint tells what both logs say of one connection", func(t *testing.T) {
		conn, err := client.Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conn.Send([]byte(get("/samples/hello") + "GET /samples/hello HTTP/1.2\r\nHost: x\r\n\r\n"))
		conn.Finish(ctx, 2)
		ip, port, _ := net.SplitHostPort(conn.LocalAddr())
		conn.Close()
		res, err := client.Do(ctx, []byte(get(protocol.LogPath+ip+"/"+port)), 1)
		if err != nil || len(res.Final()) != 1 || res.Final()[0].StatusCode != 200 {
			t.Fatalf("log endpoint: %v %q", err, res.Received)
		}
		var got protocol.ClientLogs
		if err := json.Unmarshal(res.Final()[0].Body, &got); err != nil {
			t.Fatalf("not JSON: %v: %s", err, res.Final()[0].Body)
		}
		if len(got.Requests) != 1 || got.Requests[0].URIStem != "/samples/hello" || got.Requests[0].Status != 200 ||
			len(got.Errors) != 1 || got.Errors[0].Reason != httpsys.ReasonVersion || got.Errors[0].Status != 505 {
			t.Fatalf("logged %+v", got)
		}
		for path, want := range map[string]int{protocol.LogPath: 200, protocol.TracePath: 200, protocol.LogPath + "nobody": 400} {
			res, err := client.Do(ctx, []byte(get(path)), 1)
			if err != nil || len(res.Final()) != 1 || res.Final()[0].StatusCode != want {
				t.Errorf("GET %s: %v %q, want %d", path, err, res.Received, want)
			}
			if want == 200 && string(res.Final()[0].Body) != "{\"protocol\":1}\n" {
				t.Errorf("GET %s: index %q", path, res.Final()[0].Body)
			}
		}
	})
	t.Run("a malformed scenario header is answered 400, naming the problem", func(t *testing.T) {
		raw := "GET /scenarios/x HTTP/1.1\r\nHost: x\r\n" + protocol.ScenarioHeader + ": e30\r\n\r\n" // {}
		res, err := client.Do(ctx, []byte(raw), 1)
		if err != nil || len(res.Final()) != 1 {
			t.Fatalf("%v %q", err, res.Received)
		}
		if r := res.Final()[0]; r.StatusCode != 400 || !strings.Contains(string(r.Body), `id "" must be`) {
			t.Fatalf("got %d %q", r.StatusCode, r.Body)
		}
	})
	t.Run("set-need-disconnect: whole response, FIN, second request unanswered", func(t *testing.T) {
		conn, err := client.Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Send([]byte(get("/samples/set-need-disconnect")))
		res := conn.Finish(ctx, 1)
		if res.Close != httpsys.Closed || len(res.Final()) != 1 || res.Final()[0].Get("Connection") != "close" || !res.Final()[0].Complete() {
			t.Fatalf("ended %v, responses %d: %q", res.Close, len(res.Final()), res.Received)
		}
		conn.Send([]byte(get("/samples/hello")))
		res = conn.Finish(ctx, 2)
		if len(res.Final()) != 1 {
			t.Fatalf("the second request was answered: %q", res.Received)
		}
	})
	t.Run("every sample answers or resets", func(t *testing.T) {
		for _, s := range fixtures.Samples() {
			// Connection: close makes the server end each connection itself,
			// so no quiet period is waited out.
			res, err := client.Do(ctx, []byte("GET "+s.Path()+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 1)
			if err != nil {
				t.Fatalf("%s: %v", s.Name, err)
			}
			if len(res.Received) == 0 && res.Close != httpsys.Reset {
				t.Errorf("%s: nothing received and no reset (%v)", s.Name, res.Close)
			}
		}
	})
	t.Run("hello: two requests on one connection", func(t *testing.T) {
		res, err := client.Do(ctx, []byte(get("/samples/hello")+get("/samples/hello")), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Final()) != 2 || res.Close != httpsys.Open {
			t.Fatalf("responses %d, ended %v: %q", len(res.Final()), res.Close, res.Received)
		}
	})
}

func TestConformanceCommand(t *testing.T) {
	out, err := iisemu("conformance", "--label-filter", "RC-1 && !agreement").CombinedOutput()
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	for _, want := range []string{"PASS model", "PASS sockets", "iisemu conformance summary"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	cmd := iisemu("conformance", "--label-filter", "NO-SUCH-BEHAVIOUR")
	out, err = cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Fatalf("an empty selection must exit 2, got %d (%v):\n%s", code, err, out)
	}
}

func TestCatalogCommand(t *testing.T) {
	out, err := iisemu("catalog", "--provenance", "INFER").CombinedOutput()
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	text := string(out)
	if !strings.Contains(text, "- id: ND-2\n  provenance: INFER") || strings.Contains(text, "provenance: DOC") {
		t.Fatalf("--provenance INFER must list INFER behaviours only:\n%s", text)
	}
	full, err := iisemu("catalog").Output()
	if err != nil {
		t.Fatal(err)
	}
	checkedIn, err := os.ReadFile("../../conformance/catalogue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(full) != string(checkedIn) {
		t.Fatal("iisemu catalog differs from the checked-in conformance/catalogue.yaml")
	}
}

func TestServeWritesLogs(t *testing.T) {
	dir := t.TempDir()
	t.Run("serve", func(t *testing.T) {
		addr := startServe(t, "--log-dir", dir)
		for _, raw := range []string{
			"GET /samples/reset-connection HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET /samples/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
			"GET /samples/hello HTTP/9.9\r\nHost: x\r\n\r\n",
		} {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c.Write([]byte(raw))
			io.ReadAll(c)
			c.Close()
		}
	}) // the subtest's cleanup stops serve, which flushes and closes the logs
	errLog, err := os.ReadFile(filepath.Join(dir, "httperr1.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(errLog), "#Fields: date time c-ip c-port") || !strings.Contains(string(errLog), " 505 1 Version_N/S DefaultAppPool") {
		t.Errorf("httperr1.log:\n%s", errLog)
	}
	reqLogs, _ := filepath.Glob(filepath.Join(dir, "u_ex*.log"))
	if len(reqLogs) != 1 {
		t.Fatalf("request logs: %v", reqLogs)
	}
	reqLog, _ := os.ReadFile(reqLogs[0])
	if !strings.Contains(string(reqLog), "\r\n"+iis.RequestLogFields+"\r\n") || !strings.Contains(string(reqLog), "GET /samples/reset-connection - ") || !strings.Contains(string(reqLog), " - 200 0 1236 ") {
		t.Errorf("%s:\n%s", reqLogs[0], reqLog)
	}
}

// TestServeLogExtFileFlags: the configuration's logExtFileFlags choose the
// request log's fields, written in IIS's order whatever the order given.
func TestServeLogExtFileFlags(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "site.yaml")
	def := config.DefaultYAML()
	flags := `logExtFileFlags: "TimeTaken, BytesRecv, BytesSent, HttpStatus, UriStem, Method, Date"`
	text := strings.Replace(def, `logExtFileFlags: "`+iis.DefaultLogExtFileFlags.String()+`"`, flags, 1)
	if text == def {
		t.Fatal("the default configuration has no logExtFileFlags line")
	}
	os.WriteFile(cfg, []byte(text), 0o644)
	const req = "GET /samples/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	t.Run("serve", func(t *testing.T) {
		addr := startServe(t, "--config", cfg, "--log-dir", dir)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte(req))
		io.ReadAll(c)
		c.Close()
	})
	reqLogs, _ := filepath.Glob(filepath.Join(dir, "u_ex*.log"))
	if len(reqLogs) != 1 {
		t.Fatalf("request logs: %v", reqLogs)
	}
	reqLog, _ := os.ReadFile(reqLogs[0])
	want := regexp.MustCompile(`\r\n#Fields: date cs-method cs-uri-stem sc-status sc-bytes cs-bytes time-taken\r\n\d{4}-\d\d-\d\d GET /samples/hello 200 [1-9]\d* ` + fmt.Sprint(len(req)) + ` \d+\r\n$`)
	if !want.Match(reqLog) {
		t.Errorf("%s:\n%s", reqLogs[0], reqLog)
	}
}

func TestServeBadLogDir(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	code, _, errs := runIn("serve", "--listen", "127.0.0.1:0", "--log-dir", filepath.Join(f, "sub"))
	if code != 1 || !strings.HasPrefix(errs, "iisemu serve: log folder: ") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("exit %d: %q", code, errs)
	}
}

func TestConfigCommand(t *testing.T) {
	code, out, _ := runIn("config", "--print-default")
	if code != 0 || !strings.Contains(out, "MaxFieldLength: 16384") || !strings.Contains(out, "/samples/reset-connection") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte(out), 0o644)
	if code, out, errs := runIn("config", "--check", good); code != 0 || !strings.HasSuffix(out, ": ok\n") {
		t.Fatalf("the default does not check: %d %q %q", code, out, errs)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("httpsys:\n  MaxFieldLength: 1\n  MaxRequestBytes: 1\n"), 0o644)
	code, _, errs := runIn("config", "--check", bad)
	if code != 1 || strings.Count(errs, "\n") != 2 || !strings.Contains(errs, "bad.yaml: httpsys.MaxFieldLength: 1 is outside") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	if code, _, errs := runIn("serve", "--config", filepath.Join(dir, "missing.yaml")); code != 1 || strings.Count(errs, "\n") != 1 {
		t.Fatalf("missing file: exit %d: %q", code, errs)
	}
}

func TestServeWithConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "site.yaml")
	os.WriteFile(cfg, []byte("httpsys:\n  MaxFieldLength: 100\nsite:\n  applications:\n    - path: /mine\n      modules: [SetNeedDisconnectSample]\n      handler:\n        text: \"configured\\n\"\n        status: 201\n"), 0o644)
	addr := startServe(t, "--config", cfg)
	client := &wire.Client{Dial: func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}}
	res, err := client.Do(t.Context(), []byte("GET /mine HTTP/1.1\r\nHost: x\r\n\r\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Final(); len(r) != 1 || r[0].StatusCode != 201 || string(r[0].Body) != "configured\n" || res.Close != httpsys.Closed {
		t.Fatalf("received %q, %v", res.Received, res.Close)
	}
	res, _ = client.Do(t.Context(), []byte("GET /mine HTTP/1.1\r\nHost: x\r\nX-Long: "+strings.Repeat("v", 120)+"\r\n\r\n"), 1)
	if r := res.Final(); len(r) != 1 || r[0].StatusCode != 400 {
		t.Fatalf("MaxFieldLength from the file was not applied: %q", res.Received)
	}
}

func TestConformanceReports(t *testing.T) {
	dir := t.TempDir()
	junit, jsonOut := filepath.Join(dir, "r.xml"), filepath.Join(dir, "r.json")
	out, err := iisemu("conformance", "--label-filter", "RC-5 && !agreement", "--junit", junit, "--json", jsonOut).CombinedOutput()
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	x, _ := os.ReadFile(junit)
	if strings.Contains(string(x), `status="skipped"`) {
		t.Error("the JUnit report holds records for specs the filter left out")
	}
	for _, want := range []string{"<testsuites", "[model, RC-5", "RC-5 [DOC]", "iis/web-development-reference"} {
		if !strings.Contains(string(x), want) {
			t.Errorf("JUnit report lacks %q", want)
		}
	}
	var report []struct {
		SpecReports []struct {
			State          string
			LeafNodeType   string
			LeafNodeLabels []string
			ReportEntries  []struct{ Name string }
		}
	}
	data, _ := os.ReadFile(jsonOut)
	if err := json.Unmarshal(data, &report); err != nil || len(report) != 1 {
		t.Fatalf("JSON report: %v", err)
	}
	ran := 0
	for _, s := range report[0].SpecReports {
		if s.LeafNodeType != "It" {
			continue
		}
		if s.State != "passed" {
			t.Errorf("a record for a spec the filter left out (or that did not pass): %v %s", s.LeafNodeLabels, s.State)
			continue
		}
		ran++
		var names []string
		for _, e := range s.ReportEntries {
			names = append(names, e.Name)
		}
		got := strings.Join(names, ",")
		for _, want := range []string{"RC-5 [DOC]", "client", "wire", "pipeline trace"} {
			if !strings.Contains(got, want) {
				t.Errorf("record %v lacks %q: %s", s.LeafNodeLabels, want, got)
			}
		}
	}
	if ran < 2 {
		t.Errorf("%d passing records, want at least the model's and the sockets'", ran)
	}
}

func TestTraceDiagrams(t *testing.T) {
	code, out, _ := runIn("trace", "--sample", "reset-connection", "--format", "mermaid")
	if code != 0 || !strings.HasPrefix(out, "sequenceDiagram\n") || !strings.Contains(out, "P1-xP0: RST") ||
		!strings.Contains(out, "P4-->>P2: FINISH_REQUEST") {
		t.Fatalf("mermaid, exit %d:\n%s", code, out)
	}
	for sample, want := range map[string]string{"reset-connection": `class="reset"`, "set-need-disconnect": ">FIN</text>"} {
		code, out, _ := runIn("trace", "--sample", sample, "--format", "svg")
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("svg of %s, exit %d, lacks %s", sample, code, want)
		}
		dec := xml.NewDecoder(strings.NewReader(out))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("svg of %s is not well-formed XML: %v", sample, err)
			}
		}
	}
}
