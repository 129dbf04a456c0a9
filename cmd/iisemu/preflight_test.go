package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// These tests run iisemu conformance --target, as a process, against
// servers it did not write: nothing at all, a plain net/http server, a
// server killed during the run.

// runSplit runs iisemu as a process and returns its stdout, its stderr and
// its exit status.
func runSplit(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := iisemu(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("running iisemu %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// wantOneLine fails unless the run exited with code and printed exactly
// one line on stderr, containing each of want.
func wantOneLine(t *testing.T, what, stdout, stderr string, code, wantCode int, want ...string) {
	t.Helper()
	if code != wantCode || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "iisemu conformance: ") {
		t.Errorf("%s: exit %d (want %d), stderr %q, stdout:\n%s", what, code, wantCode, stderr, stdout)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("%s: stderr %q lacks %q", what, stderr, w)
		}
	}
}

func TestConformanceUnreachableTarget(t *testing.T) {
	addr := closedPort(t)
	out, errs, code := runSplit(t, "conformance", "--target", "http://"+addr)
	t.Logf("iisemu conformance --target http://%s: exit %d\n%s%s", addr, code, errs, out)
	wantOneLine(t, "nothing listening", out, errs, code, 2, "cannot reach "+addr+": connection refused; is the server running?")
	if out != "" {
		t.Errorf("a spec ran, or something was printed:\n%s", out)
	}
}

func TestConformanceTargetURLNeedsAPort(t *testing.T) {
	for url, want := range map[string]string{
		"http://127.0.0.1":       "has no port",
		"http://127.0.0.1:99999": "port 99999 is not in 1-65535",
		"http://127.0.0.1:0":     "port 0 is not in 1-65535",
	} {
		out, errs, code := runSplit(t, "conformance", "--target", url)
		t.Logf("iisemu conformance --target %s: exit %d\n%s", url, code, errs)
		wantOneLine(t, url, out, errs, code, 2, want)
	}
}

// fileServer is a plain net/http file server on loopback, serving a
// directory with one small file; it records the Host of each request.
type fileServer struct {
	*httptest.Server
	mu    sync.Mutex
	hosts []string
}

func startFileServer(t *testing.T) *fileServer {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>a plain net/http server</p>\n"), 0o644)
	fs := &fileServer{}
	files := http.FileServer(http.Dir(dir))
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		fs.hosts = append(fs.hosts, r.Host)
		fs.mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(fs.Close)
	return fs
}

// seen are the distinct Hosts of the requests the server took.
func (fs *fileServer) seen() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := slices.Clone(fs.hosts)
	slices.Sort(out)
	return slices.Compact(out)
}

// TestConformanceAgainstPlainNetHTTP: a server that does not run
// scenarios is told so in one line (exit 2); with --wire-only the plain
// specs run against it and report where net/http answers unlike HTTP.sys.
func TestConformanceAgainstPlainNetHTTP(t *testing.T) {
	t.Parallel() // it mostly waits on a subprocess: run beside the other slow ones
	fs := startFileServer(t)
	addr := strings.TrimPrefix(fs.URL, "http://")
	out, errs, code := runSplit(t, "conformance", "--target", fs.URL)
	t.Logf("iisemu conformance --target %s: exit %d\n%s", fs.URL, code, errs)
	wantOneLine(t, "no scenarios", out, errs, code, 2,
		addr+" answered the hello scenario with 404 Not Found and 19 bytes of text/plain; it does not run scenarios (see fixtures/PROTOCOL.md), or give --wire-only")

	out, errs, code = runSplit(t, "conformance", "--target", fs.URL, "--wire-only")
	t.Logf("iisemu conformance --target %s --wire-only: exit %d\n%s", fs.URL, code, firstLines(out, 12))
	if code != 1 {
		t.Errorf("--wire-only: exit %d, want 1 (net/http diverges); stderr %q\n%s", code, errs, out)
	}
	for _, want := range []string{
		// net/http answers a malformed field name with its own plain-text
		// 400 and no Server header.
		"FAIL target    answers a malformed request itself with 400, then FIN",
		"wire check: expected Server: Microsoft-HTTPAPI/2.0; the response had no Server header",
		// net/http ends an HTTP/1.0 response with a close but does not say
		// Connection: close.
		"FAIL target    closes an HTTP/1.0 connection after its response",
		"PASS target    drains an unread request body and answers the next request",
		// Its wire checks are judged; its server checks read the trace, which
		// a wire-only target does not serve.
		"PASS (wire only) target    answers pipelined requests in order and keeps the connection",
		"the wire checks passed; the server checks read the server trace: --wire-only: the target is taken to serve no traces",
		"--wire-only: the target is taken to serve no traces",
		"they need a scripted module on the target, and --wire-only sends only plain requests",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--wire-only: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "/scenarios/") || strings.Contains(out, "X-Iisemu") {
		t.Errorf("--wire-only sent a scenario path or header:\n%s", out)
	}
}

// TestConformanceHostHeader: every request carries the target's
// HOST:PORT, or the --host given.
func TestConformanceHostHeader(t *testing.T) {
	fs := startFileServer(t)
	addr := strings.TrimPrefix(fs.URL, "http://")
	runSplit(t, "conformance", "--target", fs.URL)
	if got := fs.seen(); !slices.Equal(got, []string{addr}) {
		t.Errorf("without --host: the server saw Host %q, want %q", got, addr)
	}
	fs2 := startFileServer(t)
	// The specs of persistence and draining write placeholder Hosts; the
	// request corpus's own Host values (SYS-HOST-*, smuggling shapes) are
	// what those specs check, and stay as they are.
	filter := "(SYS-KA-1 || SYS-DRAIN-1) && !SYS-SMUGGLE-1"
	out, errs, code := runSplit(t, "conformance", "--target", fs2.URL, "--wire-only", "--host", "www.example.test:8443", "--label-filter", filter)
	t.Logf("iisemu conformance --target %s --wire-only --host www.example.test:8443: exit %d, %s\n%s", fs2.URL, code, errs, firstLines(out, 3))
	// An HTTP/1.0 request sent without Host is left without one.
	if got := fs2.seen(); !slices.Equal(got, []string{"", "www.example.test:8443"}) {
		t.Errorf("--host: the server saw Host %q", got)
	}
}

// TestConformanceTargetKilledMidRun kills the target after a few specs:
// the run stops with one line saying when and after which spec, and exit
// status 1, rather than fail every spec left.
func TestConformanceTargetKilledMidRun(t *testing.T) {
	serve := iisemu("serve", "--listen", "127.0.0.1:0")
	serveOut, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Wait()
	defer serve.Process.Kill()
	line, err := bufio.NewReader(serveOut).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "iisemu: listening on http://")
	if err != nil || !ok {
		t.Fatalf("serve: ready line %q, %v", line, err)
	}

	run := iisemu("conformance", "--target", "http://"+addr)
	var errb bytes.Buffer
	run.Stderr = &errb
	progress, err := run.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	const killAfter = 5
	var out strings.Builder
	var specs []string
	lines := bufio.NewScanner(progress)
	for lines.Scan() {
		out.WriteString(lines.Text() + "\n")
		if m := progressLine.FindStringSubmatch(lines.Text()); m != nil {
			specs = append(specs, m[1])
			if len(specs) == killAfter {
				serve.Process.Kill()
			}
		}
	}
	err = run.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("want exit status 1, got %v; stderr %q\n%s", err, errb.String(), out.String())
	}
	errs := errb.String()
	t.Logf("iisemu conformance --target http://%s, serve killed after %d specs: exit 1\n%s%s", addr, killAfter, errs, firstLines(out.String(), 8))
	m := regexp.MustCompile(`^iisemu conformance: the target stopped accepting connections at \d\d:\d\d:\d\d, after ("(?:[^"\\]|\\.)+"); (\d+) specs not run \(.*connection refused\)\n$`).FindStringSubmatch(errs)
	if m == nil {
		t.Fatalf("stderr is not the one line: %q\n%s", errs, out.String())
	}
	if after, err := strconv.Unquote(m[1]); err != nil || !slices.Contains(specs, after) {
		t.Errorf("the spec named, %s, is none of those that ran: %q", m[1], specs)
	}
	if len(specs) > killAfter+3 || m[2] == "0" {
		t.Errorf("%d specs ran after the kill, %s not run:\n%s", len(specs)-killAfter, m[2], out.String())
	}
	if strings.Contains(out.String(), "connection refused") {
		t.Errorf("connection errors were printed:\n%s", out.String())
	}
}

// progressLine is a spec's progress line: its verdict, backend and text.
var progressLine = regexp.MustCompile(`^(?:PASS|FAIL|NOT SUPPORTED|EXPECTED FAILURE|UNEXPECTED PASS)\s+target\s+(.+?)  \[`)

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errs := runIn(args...)
		if code != 0 || errs != "" || !regexp.MustCompile(`^iisemu \S+\n$`).MatchString(out) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

// TestConformanceTargetGoneBeforeItsRecords: the target stops accepting
// connections after answering a spec's request but before the client
// fetches that request's trace. The spec gets no verdict, and the run
// stops with the one line, as when the target dies between specs.
func TestConformanceTargetGoneBeforeItsRecords(t *testing.T) {
	backend := startServe(t)
	front := startDyingProxy(t, backend)
	out, errs, code := runSplit(t, "conformance", "--target", "http://"+front, "--label-filter", "SR-INFO-1")
	t.Logf("iisemu conformance --target http://%s --label-filter SR-INFO-1 (the target gone after its first answer): exit %d\n%s%s", front, code, errs, firstLines(out, 4))
	if code != 1 || !strings.HasPrefix(errs, "iisemu conformance: the target stopped accepting connections at ") {
		t.Fatalf("exit %d, stderr %q, want exit 1 and the one line\n%s", code, errs, out)
	}
	if strings.Contains(out, "connection refused") || strings.Contains(out, "PASS (wire only)") {
		t.Errorf("a spec whose records could not be fetched got a verdict:\n%s", out)
	}
}

// startDyingProxy relays connections to backend until it relays the
// answer to the first request for a scenario other than the preflight's
// hello: it closes its listener before passing that answer on, so the
// client, once it has the answer, finds the target gone. It returns its
// address.
func startDyingProxy(t *testing.T, backend string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	die := func() { once.Do(func() { ln.Close() }) }
	var wg sync.WaitGroup
	t.Cleanup(func() { die(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				relay(c, backend, die)
			}()
		}
	}()
	return ln.Addr().String()
}

// relay passes one connection on to backend; a request for a scenario
// other than hello calls die before its answer is passed back.
func relay(c net.Conn, backend string, die func()) {
	defer c.Close()
	b, err := net.Dial("tcp", backend)
	if err != nil {
		return
	}
	defer b.Close()
	br := bufio.NewReader(c)
	line, err := br.ReadString('\n')
	if err != nil {
		return
	}
	spec := strings.Contains(line, " /scenarios/") && !strings.Contains(line, " /scenarios/hello ")
	if _, err := b.Write([]byte(line)); err != nil {
		return
	}
	up := make(chan struct{})
	go func() {
		defer close(up)
		io.Copy(b, br)
		b.(*net.TCPConn).CloseWrite()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := b.Read(buf)
		if n > 0 {
			if spec {
				die()
			}
			if _, werr := c.Write(buf[:n]); werr != nil {
				c.Close()
				<-up
				return
			}
		}
		if err != nil {
			c.(*net.TCPConn).CloseWrite()
			<-up // the client's own end
			return
		}
	}
}
