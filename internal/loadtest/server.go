package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Server is one of the servers compared: a program and its arguments. It
// prints a line holding "listening on http://HOST:PORT" once it serves.
type Server struct {
	Name string
	Path string
	Args []string
}

// process is a running Server.
type process struct {
	cmd  *exec.Cmd
	base string // http://host:port
	done chan error
}

// start runs s on a loopback port it picks, and waits for its line.
func (s Server) start(ctx context.Context) (*process, error) {
	cmd := exec.Command(s.Path, append(s.Args, "--listen", "127.0.0.1:0")...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %v", s.Name, err)
	}
	p := &process{cmd: cmd, done: make(chan error, 1)}
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "listening on "); ok {
				line <- url
				break
			}
		}
		io.Copy(io.Discard, out)
		p.done <- cmd.Wait()
	}()
	select {
	case url := <-line:
		p.base = url
		return p, nil
	case err := <-p.done:
		return nil, fmt.Errorf("%s exited before listening (%v): %s", s.Name, err, stderr.String())
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-p.done
		return nil, fmt.Errorf("%s printed no listening line in 10 s", s.Name)
	case <-ctx.Done():
		cmd.Process.Kill()
		<-p.done
		return nil, ctx.Err()
	}
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// stop asks the server to end (SIGTERM) and kills it after 5 s.
func (p *process) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}
