package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A refused address ends serve at once; the process runs apart, under a
// deadline, so that serving by mistake fails the test instead of hanging.
func TestServeDebugListenRefusesOtherThanLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "example.com:0", "127.0.0.1"} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		cmd := exec.CommandContext(ctx, os.Args[0], "serve", "--listen", "127.0.0.1:0", "--debug-listen", addr)
		cmd.Env = append(os.Environ(), "IISEMU_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		cancel()
		errs := stderr.String()
		if cmd.ProcessState.ExitCode() != 2 || !strings.HasPrefix(errs, "iisemu serve: --debug-listen") || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s: %v, stderr %q", addr, err, errs)
		}
	}
}

// The debug pages are on their own loopback listener, announced on the
// line after the ready line, and stop with serve.
func TestServeDebugListenServesGoroutines(t *testing.T) {
	cmd := iisemu("serve", "--listen", "127.0.0.1:0", "--debug-listen", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve did not exit cleanly on SIGTERM: %v; stderr %q", err, stderr.String())
		}
	}()
	r := bufio.NewReader(stdout)
	ready, _ := r.ReadString('\n')
	line, _ := r.ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "iisemu: debug on http://")
	if !strings.HasPrefix(ready, "iisemu: listening on ") || !ok {
		t.Fatalf("lines %q %q; stderr %q", ready, line, stderr.String())
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "goroutine profile: total ") {
		t.Fatalf("status %d, body %.80q", resp.StatusCode, body)
	}
}
