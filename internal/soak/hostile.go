//go:build linux

package soak

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

var refusal = []byte("HTTP/1.1 503 ")

// resetMidResponse asks for the large response with a small receive
// buffer, reads readBeforeReset bytes of it, and resets while the server
// is still sending.
func (l *Load) resetMidResponse(ctx context.Context) {
	start := time.Now()
	c, err := l.dial(ctx, smallRcvBuf)
	if err != nil {
		l.dialAnomaly(ctx, KindResetMidResponse, err)
		return
	}
	p := port(c)
	c.SetDeadline(time.Now().Add(exchangeTimeout))
	tag := l.tag("r")
	io.WriteString(c, "GET /soak/large?soak="+tag+" HTTP/1.1\r\nHost: soak\r\nUser-Agent: iisemu-soak\r\n\r\n")
	buf := make([]byte, readBeforeReset)
	n, err := io.ReadFull(c, buf)
	switch {
	case bytes.HasPrefix(buf[:n], refusal):
		c.Close()
		l.Record.drop(KindConnLimit, p, tag, start)
	case err != nil:
		c.Close()
		l.Record.anomaly(fmt.Sprintf("%s port %d: read %d bytes of the response: %v", KindResetMidResponse, p, n, err))
	default:
		reset(c)
		l.Record.drop(KindResetMidResponse, p, tag, start)
	}
}

// resetMidUpload sends a POST's head and half its Content-Length body,
// then resets. The sample module reads 1 KB and answers, so the reset
// mostly reaches HTTP.sys while it drains the rest of the body. It looks
// for an answer briefly first, to tell a ConnLimit refusal apart.
func (l *Load) resetMidUpload(ctx context.Context) {
	start := time.Now()
	c, err := l.dial(ctx, 0)
	if err != nil {
		l.dialAnomaly(ctx, KindResetMidUpload, err)
		return
	}
	p := port(c)
	c.SetDeadline(time.Now().Add(exchangeTimeout))
	tag := l.tag("u")
	head := fmt.Sprintf("POST /samples/read-entity-body?soak=%s HTTP/1.1\r\nHost: soak\r\nUser-Agent: iisemu-soak\r\nContent-Length: %d\r\n\r\n",
		tag, uploadBody)
	if _, err := c.Write(append([]byte(head), bytes.Repeat([]byte("u"), uploadBody/2)...)); err != nil {
		c.Close()
		l.Record.anomaly(fmt.Sprintf("%s port %d: sending half the body: %v", KindResetMidUpload, p, err))
		return
	}
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	buf := make([]byte, len(refusal))
	n, _ := io.ReadFull(c, buf)
	if bytes.Equal(buf[:n], refusal) {
		c.Close()
		l.Record.drop(KindConnLimit, p, tag, start)
		return
	}
	reset(c)
	l.Record.drop(KindResetMidUpload, p, tag, start)
}

// slowloris sends a request line and then one byte of a header every
// tick, until the server drops it; HeaderWait should.
func (l *Load) slowloris(ctx context.Context) {
	start := time.Now()
	c, err := l.dial(ctx, 0)
	if err != nil {
		l.dialAnomaly(ctx, KindSlowloris, err)
		return
	}
	defer c.Close()
	p := port(c)
	const tick = 250 * time.Millisecond
	give := time.Now().Add(l.HeaderWait + 10*time.Second)
	c.SetWriteDeadline(give)
	tag := l.tag("s")
	io.WriteString(c, "GET /samples/hello?soak="+tag+" HTTP/1.1\r\nHost: soak\r\nX-Slow: ")
	br := bufio.NewReader(c)
	for time.Now().Before(give) {
		if _, err := c.Write([]byte("s")); err != nil {
			l.Record.drop(KindSlowloris, p, tag, start) // the server reset it
			return
		}
		c.SetReadDeadline(time.Now().Add(tick))
		first, err := br.Peek(1)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			continue
		case len(first) > 0:
			resp, rerr := http.ReadResponse(br, nil)
			if rerr == nil && resp.StatusCode == http.StatusServiceUnavailable {
				l.Record.drop(KindConnLimit, p, tag, start)
				return
			}
			l.Record.anomaly(fmt.Sprintf("%s port %d: answered instead of dropped: %v %v", KindSlowloris, p, statusOf(resp), rerr))
			return
		default:
			l.Record.drop(KindSlowloris, p, tag, start) // EOF or reset: dropped
			return
		}
	}
	l.Record.anomaly(fmt.Sprintf("%s port %d: still open after %v", KindSlowloris, p, l.HeaderWait+10*time.Second))
}

func statusOf(r *http.Response) string {
	if r == nil {
		return "no response"
	}
	return r.Status
}

// flood opens MaxConnections+floodExcess connections at once while it
// holds the gate, expects 503 on at least floodExcess of them, holds the
// others open and quiet for floodHold, then closes them all.
func (l *Load) flood() {
	l.gate.Lock()
	defer l.gate.Unlock()
	w := Wave{Opened: l.MaxConnections + floodExcess, Excess: floodExcess}
	var conns []*net.TCPConn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		// Let the server notice the closes before anyone dials again.
		time.Sleep(300 * time.Millisecond)
		l.Record.wave(w)
	}()
	start := time.Now()
	for range w.Opened {
		c, err := dialTCP(context.Background(), l.Addr, 0)
		if err != nil {
			l.Record.anomaly(fmt.Sprintf("flood: dial: %v", err))
			return
		}
		conns = append(conns, c)
	}
	// Each connection is read at once, in parallel: a 503 comes at once,
	// an accepted connection stays quiet until the hold ends.
	hold := time.Now().Add(floodHold)
	refused := make([]bool, len(conns))
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			c.SetReadDeadline(hold)
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			switch {
			case errors.Is(err, os.ErrDeadlineExceeded):
				// accepted: held open and quiet
			case err == nil && resp.StatusCode == http.StatusServiceUnavailable:
				io.Copy(io.Discard, resp.Body)
				refused[i] = true
			default:
				l.Record.anomaly(fmt.Sprintf("flood port %d: %s %v", port(c), statusOf(resp), err))
			}
		})
	}
	wg.Wait()
	for i, r := range refused {
		if r {
			w.Refused++
			l.Record.drop(KindConnLimit, port(conns[i]), "", start)
		}
	}
}

func (l *Load) dialAnomaly(ctx context.Context, k Kind, err error) {
	if ctx.Err() == nil { // not the load ending while it dialled
		l.Record.anomaly(fmt.Sprintf("%s: dial: %v", k, err))
	}
}
