package explore

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestACommandThatNeverAnswersIsStopped: a target command that runs but
// never serves fails its start after StartTimeout, saying so with its last
// line, and its whole process group is gone then, the child the shell
// started included.
func TestACommandThatNeverAnswersIsStopped(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	pidFile := filepath.Join(t.TempDir(), "pid")
	c := &Command{Line: "echo starting; sleep 30 & echo $! > " + pidFile + "; wait", URL: "http://" + addr, StartTimeout: 300 * time.Millisecond}
	began := time.Now()
	_, err = c.Start(context.Background())
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("the start and its stop took %v", took)
	}
	if err == nil || !strings.Contains(err.Error(), "did not answer within 300ms") || !strings.Contains(err.Error(), "its last line: starting") {
		t.Fatalf("start: %v", err)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	// A signal is delivered a moment after it is sent.
	deadline := time.Now().Add(5 * time.Second)
	for !ended(pid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !ended(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the command's child %d outlived the stop", pid)
	}
	c.Stop() // a second stop does nothing
}

// ended says whether process pid has ended: it is gone, or a zombie that
// its new parent has not yet reaped.
func ended(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return errors.Is(err, os.ErrNotExist)
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return strings.HasPrefix(after, "Z")
}
