package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// idleResult is one server's run of the idle-connections workload.
type idleResult struct {
	Open, Again   time.Duration // opening the connections (one GET each); one more GET on each
	OpenCPU       int64         // server ticks while opening
	AgainCPU      int64         // server ticks for the second GETs
	RSSPerConn    float64       // bytes of server RSS per idle connection
	RSSBase, RSSN int64
}

// idleConn is one held connection.
type idleConn struct {
	c  net.Conn
	br *bufio.Reader
}

// idleWorkers is how many connections are opened, or asked, at once.
const idleWorkers = 64

// runIdle opens n keep-alive connections to p, each with one GET, holds
// them, sends one more GET on each, and measures both phases.
func runIdle(ctx context.Context, p *process, n int) (idleResult, error) {
	var r idleResult
	addr := strings.TrimPrefix(p.base, "http://")
	req := []byte("GET " + HelloPath + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
	conns := make([]*idleConn, n)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.c.Close()
			}
		}
	}()
	var err error
	if r.RSSBase, err = rssBytes(p.pid()); err != nil {
		return r, err
	}
	each := func(f func(i int) error) (time.Duration, int64, error) {
		t0, err := cpuTicks(p.pid())
		if err != nil {
			return 0, 0, err
		}
		start := time.Now()
		var wg sync.WaitGroup
		var once sync.Once
		var first error
		next := make(chan int)
		for range idleWorkers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					if err := f(i); err != nil {
						once.Do(func() { first = err })
					}
				}
			}()
		}
		for i := range n {
			if ctx.Err() != nil {
				break
			}
			next <- i
		}
		close(next)
		wg.Wait()
		elapsed := time.Since(start)
		t1, err := cpuTicks(p.pid())
		if err != nil {
			return 0, 0, err
		}
		if first == nil {
			first = ctx.Err()
		}
		return elapsed, t1 - t0, first
	}
	get := func(c *idleConn) error {
		c.c.SetDeadline(time.Now().Add(30 * time.Second))
		if _, err := c.c.Write(req); err != nil {
			return err
		}
		return readResponse(c.br)
	}
	r.Open, r.OpenCPU, err = each(func(i int) error {
		nc, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		conns[i] = &idleConn{c: nc, br: bufio.NewReaderSize(nc, 1024)}
		return get(conns[i])
	})
	if err != nil {
		return r, fmt.Errorf("opening %d connections: %v", n, err)
	}
	if r.RSSN, err = rssBytes(p.pid()); err != nil {
		return r, err
	}
	r.RSSPerConn = float64(r.RSSN-r.RSSBase) / float64(n)
	r.Again, r.AgainCPU, err = each(func(i int) error { return get(conns[i]) })
	if err != nil {
		return r, fmt.Errorf("one more GET on %d connections: %v", n, err)
	}
	return r, nil
}

// readResponse reads one response with a Content-Length body.
func readResponse(br *bufio.Reader) error {
	n := -1
	status := true
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if status {
			if !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
				return fmt.Errorf("answered %q", bytes.TrimSpace(line))
			}
			status = false
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && strings.EqualFold(string(k), "Content-Length") {
			n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	if n < 0 {
		return fmt.Errorf("a response without Content-Length")
	}
	_, err := io.CopyN(io.Discard, br, int64(n))
	return err
}
