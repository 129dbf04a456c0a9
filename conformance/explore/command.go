package explore

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/iisemu/iisemu/conformance"
)

// Defaults of a Command.
const (
	// DefaultStartTimeout bounds a start: the first start of a host under
	// Wine in a new prefix takes about 6 s, a restart in the same prefix
	// about 1.5 s, on an idle 2-core machine.
	DefaultStartTimeout = 60 * time.Second
	// stopGrace is how long a stopped command's process group has between
	// SIGTERM and SIGKILL.
	stopGrace = 10 * time.Second
	// pipeGrace is how long the command's output is read after it has
	// exited.
	pipeGrace = 2 * time.Second
	// startPoll is how often a starting target is asked whether it
	// answers.
	startPoll = 100 * time.Millisecond
	// outputKept is how much of the command's latest output is kept, to
	// say why it did not start.
	outputKept = 2048
)

// Command is a target that explore starts itself: a shell command line
// (sh -c) that serves the scripted-module protocol at URL. Start runs it
// in a process group of its own and waits until it answers the hello
// scenario; Stop ends that group, SIGTERM first and SIGKILL after
// stopGrace; Restart is both, for Config.Restart. A program that leaves
// processes outside the group (Wine's run in sessions of their own) must
// stop them itself on SIGTERM. It is not safe for concurrent use.
type Command struct {
	// Line is the command line, run by sh -c.
	Line string
	// URL is the target it serves (http://HOST:PORT), and Options how it
	// is run against (conformance.TargetBackend).
	URL     string
	Options conformance.TargetOptions
	// StartTimeout bounds each start; 0 is DefaultStartTimeout.
	StartTimeout time.Duration

	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd has been waited for
	err    error         // cmd's exit, once exited is closed
	out    tail
	// Starts counts the starts, Startup adds up how long they took.
	Starts  int
	Startup time.Duration
}

// Start runs the command and returns the target backend once it answers
// the hello scenario (conformance.Preflight). It fails when the command
// exits first or does not answer within StartTimeout; the command is
// stopped then.
func (c *Command) Start(ctx context.Context) (conformance.Backend, error) {
	if c.cmd != nil {
		return nil, errors.New("the target command is already running")
	}
	if _, err := conformance.TargetBackend(c.URL, c.Options); err != nil {
		return nil, err
	}
	began := time.Now()
	cmd := exec.Command("sh", "-c", c.Line)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.out.reset()
	cmd.Stdout, cmd.Stderr = &c.out, &c.out
	// A process the command started outside its group (Wine's) may hold
	// its output open after it exits.
	cmd.WaitDelay = pipeGrace
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the target command: %v", err)
	}
	c.cmd, c.exited = cmd, make(chan struct{})
	go func(exited chan struct{}) {
		c.err = cmd.Wait()
		close(exited)
	}(c.exited)
	limit := c.StartTimeout
	if limit <= 0 {
		limit = DefaultStartTimeout
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(startPoll)
	defer tick.Stop()
	for {
		b, err := conformance.TargetBackend(c.URL, c.Options)
		if err != nil {
			return nil, err
		}
		if err = conformance.Preflight(ctx, b); err == nil {
			c.Starts++
			c.Startup += time.Since(began)
			return b, nil
		}
		select {
		case <-c.exited:
			c.cmd = nil
			return nil, fmt.Errorf("the target command exited before it answered (%v)%s", c.err, c.out.last())
		case <-ctx.Done():
			c.Stop()
			if parent.Err() != nil {
				return nil, fmt.Errorf("the target command was stopped before it answered: %v", parent.Err())
			}
			return nil, fmt.Errorf("the target command did not answer within %v: %v%s", limit, err, c.out.last())
		case <-tick.C:
		}
	}
}

// Stop ends the command's process group, if it runs: SIGTERM, then
// SIGKILL after stopGrace; it returns once the command has exited. It may
// be called more than once.
func (c *Command) Stop() {
	if c.cmd == nil {
		return
	}
	pgid := c.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	t := time.NewTimer(stopGrace)
	defer t.Stop()
	select {
	case <-c.exited:
	case <-t.C:
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-c.exited
	}
	// What the shell started may outlive it in the group.
	syscall.Kill(-pgid, syscall.SIGKILL)
	c.cmd = nil
}

// Restart stops the command and starts it again.
func (c *Command) Restart(ctx context.Context) (conformance.Backend, error) {
	c.Stop()
	return c.Start(ctx)
}

// tail keeps the last outputKept bytes written to it. It is safe for
// concurrent use.
type tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > outputKept {
		t.b = append([]byte(nil), t.b[len(t.b)-outputKept:]...)
	}
	return len(p), nil
}

func (t *tail) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = nil
}

// last is the last line the command wrote, as "; its last line: …", or
// "" when it wrote none.
func (t *tail) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return "; its last line: " + l
	}
	return ""
}
