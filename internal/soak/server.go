//go:build linux

package soak

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is iisemu serve running as a process of its own.
type Server struct {
	cmd       *exec.Cmd
	Addr      string // the site, host:port
	DebugAddr string // the /debug/pprof/ listener, host:port
	Dir       string // the --log-dir folder
	stderr    bytes.Buffer
	done      chan struct{} // closed when the process has exited
	waitErr   error
	client    *http.Client
}

// StartServer writes the configuration into dir, runs bin serve there on
// 127.0.0.1 with its logs in dir and the debug listener on, and waits for
// its two ready lines.
func StartServer(bin, dir string, maxConns int, headerWait time.Duration) (*Server, error) {
	cfg := filepath.Join(dir, "soak.yaml")
	if err := os.WriteFile(cfg, []byte(Config(maxConns, headerWait)), 0o644); err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, done: make(chan struct{}),
		client: &http.Client{Timeout: exchangeTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}}
	s.cmd = exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--config", cfg,
		"--log-dir", dir, "--debug-listen", "127.0.0.1:0")
	s.cmd.Stderr = &s.stderr
	// serve goes when the soak goes, even killed.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	lines := make(chan []string, 1)
	go func() {
		r := bufio.NewReader(out)
		var got []string
		for len(got) < 2 {
			line, err := r.ReadString('\n')
			if err != nil {
				break
			}
			got = append(got, strings.TrimSpace(line))
		}
		lines <- got
		io.Copy(io.Discard, r)
	}()
	select {
	case got := <-lines:
		var ok1, ok2 bool
		if len(got) == 2 {
			s.Addr, ok1 = strings.CutPrefix(got[0], "iisemu: listening on http://")
			s.DebugAddr, ok2 = strings.CutPrefix(got[1], "iisemu: debug on http://")
		}
		if ok1 && ok2 {
			return s, nil
		}
		s.Stop()
		return nil, fmt.Errorf("serve did not start: stdout %q, stderr %q", got, s.stderr.String())
	case <-time.After(10 * time.Second):
		s.Stop()
		return nil, errors.New("serve printed no ready lines in 10s")
	}
}

// Sample reads the process's RSS, descriptors and goroutines.
func (s *Server) Sample(at time.Duration, phase Phase, c Counts) (Sample, error) {
	smp := Sample{At: at, Phase: phase, Counts: c}
	select {
	case <-s.done:
		return smp, fmt.Errorf("serve exited: %v; stderr %q", s.waitErr, s.stderr.String())
	default:
	}
	// Goroutines first: the debug connection they are read on is then
	// open, and counted, in every reading of the descriptors.
	var err error
	if smp.Goroutines, err = s.goroutines(); err != nil {
		return smp, err
	}
	if smp.RSS, err = s.RSS(); err != nil {
		return smp, err
	}
	smp.RSSPeak = smp.RSS
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", s.cmd.Process.Pid))
	if err != nil {
		return smp, err
	}
	smp.FDs = len(fds)
	return smp, nil
}

// RSS reads the process's VmRSS now.
func (s *Server) RSS() (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	return vmRSS(string(status))
}

// vmRSS reads VmRSS from /proc/PID/status, in bytes.
func vmRSS(status string) (int64, error) {
	for line := range strings.Lines(status) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb << 10, err
			}
		}
	}
	return 0, errors.New("no VmRSS line in /proc/PID/status")
}

// goroutines reads the total of /debug/pprof/goroutine?debug=1. The
// client keeps one connection to it, so each reading counts the same
// debug connection.
func (s *Server) goroutines() (int, error) {
	resp, err := s.client.Get("http://" + s.DebugAddr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	first, _, _ := strings.Cut(string(body), "\n")
	n, ok := strings.CutPrefix(first, "goroutine profile: total ")
	if !ok {
		return 0, fmt.Errorf("goroutine profile starts %.60q", first)
	}
	return strconv.Atoi(n)
}

// Stop sends SIGTERM, waits up to 10 s for a clean exit, then kills; it
// returns why the process did not exit cleanly, if it did not.
func (s *Server) Stop() error {
	s.client.CloseIdleConnections()
	s.cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case <-s.done:
	case <-ctx.Done():
		s.cmd.Process.Kill()
		<-s.done
		return errors.New("serve did not exit within 10s of SIGTERM; killed")
	}
	if s.waitErr != nil {
		return fmt.Errorf("serve exited: %v; stderr %q", s.waitErr, s.stderr.String())
	}
	return nil
}

// Logs reads the error log and the request log serve wrote.
func (s *Server) Logs() (errs []ErrorEntry, queries []string, err error) {
	text, err := os.ReadFile(filepath.Join(s.Dir, "httperr1.log"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	if errs, err = ParseErrorLog(string(text)); err != nil {
		return nil, nil, err
	}
	names, _ := filepath.Glob(filepath.Join(s.Dir, "u_ex*.log"))
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			return nil, nil, err
		}
		q, err := ParseRequestQueries(string(text))
		if err != nil {
			return nil, nil, err
		}
		queries = append(queries, q...)
	}
	return errs, queries, nil
}
