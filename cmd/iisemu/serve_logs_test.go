package main

import (
	"bufio"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeSaysWhenALogCannotBeWritten: with httperr1.log on a full
// device (/dev/full fails every write with ENOSPC), serve says so on
// stderr when the first entry fails, and keeps serving.
func TestServeSaysWhenALogCannotBeWritten(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	dir := t.TempDir()
	if err := os.Symlink("/dev/full", filepath.Join(dir, "httperr1.log")); err != nil {
		t.Fatal(err)
	}
	cmd := iisemu("serve", "--listen", "127.0.0.1:0", "--log-dir", dir)
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	lines := make(chan string, 8)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	ready, err := bufio.NewReader(stdout).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(ready), "iisemu: listening on http://")
	if err != nil || !ok {
		t.Fatalf("ready line %q: %v", ready, err)
	}
	exchange := func(raw string) string {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(c, raw)
		line, _ := bufio.NewReader(c).ReadString('\n')
		return line
	}
	// HTTP.sys answers an unsupported version itself and logs it.
	if got := exchange("GET / HTTP/9.9\r\nHost: x\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 505 ") {
		t.Fatalf("status line %q", got)
	}
	select {
	case line := <-lines:
		want := "iisemu serve: writing " + filepath.Join(dir, "httperr1.log") + " failed, later entries are lost: " + syscall.ENOSPC.Error()
		if line != want {
			t.Fatalf("stderr line\n%q, want\n%q", line, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing said on stderr about the failed write")
	}
	// Serving goes on, and the failure is not said again.
	exchange("GET / HTTP/9.9\r\nHost: x\r\n\r\n")
	if got := exchange("GET /samples/hello HTTP/1.1\r\nHost: x\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 200 ") {
		t.Fatalf("after the failed write: %q", got)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	rest := collect(lines) // before Wait, which closes the pipe
	err = cmd.Wait()
	stopped = true
	if err != nil || len(rest) != 0 {
		t.Fatalf("exit %v; more on stderr: %q", err, rest)
	}
}

// collect drains lines until it closes.
func collect(lines <-chan string) []string {
	var out []string
	for l := range lines {
		out = append(out, l)
	}
	return out
}
