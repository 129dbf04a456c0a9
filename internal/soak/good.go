//go:build linux

package soak

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Retrying a refusal: a connection the server has not yet let go of can
// still count against MaxConnections for a moment after a flood wave; a
// 503 on a fresh connection is retried this many times, this far apart,
// and only a refusal that persists fails the request.
const (
	refusalRetries = 40
	refusalPause   = 50 * time.Millisecond
)

func getRequest(tag string, close bool) string {
	h := "GET /samples/hello?soak=" + tag + " HTTP/1.1\r\nHost: soak\r\nUser-Agent: iisemu-soak\r\n"
	if close {
		h += "Connection: close\r\n"
	}
	return h + "\r\n"
}

// goodConn is a well-behaved client's connection.
type goodConn struct {
	c     *net.TCPConn
	br    *bufio.Reader
	fresh bool      // no response read on it yet
	since time.Time // when it was dialled
}

// exchange sends one GET and reads its response; it returns the status
// and body, or an error.
func (g *goodConn) exchange(tag string, close bool) (int, string, error) {
	g.c.SetDeadline(time.Now().Add(exchangeTimeout))
	defer g.c.SetDeadline(time.Time{})
	if _, err := io.WriteString(g.c, getRequest(tag, close)); err != nil {
		return 0, "", err
	}
	resp, err := http.ReadResponse(g.br, nil)
	if err != nil {
		return 0, "", err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return resp.StatusCode, string(body), err
}

// goodRun is one keep-alive connection of keepAliveRun GETs, then one GET
// with Connection: close on a connection of its own.
func (l *Load) goodRun(ctx context.Context) {
	var g *goodConn
	defer func() {
		if g != nil {
			g.c.Close()
		}
	}()
	for i := 0; i < keepAliveRun && ctx.Err() == nil; i++ {
		if !l.goodRequest(ctx, &g, false) && g != nil {
			g.c.Close()
			g = nil
		}
		sleep(ctx, goodPace)
	}
	if g != nil {
		g.c.Close()
		g = nil
	}
	if ctx.Err() == nil {
		l.goodRequest(ctx, &g, true)
	}
}

// goodRequest makes one tagged GET on *g, dialling when *g is nil and
// retrying a refusal; it records the outcome and reports success.
func (l *Load) goodRequest(ctx context.Context, g **goodConn, close bool) bool {
	tag := l.tag("g")
	for attempt := 0; ; attempt++ {
		if *g == nil {
			since := time.Now()
			c, err := l.dial(ctx, 0)
			if err != nil {
				if ctx.Err() != nil {
					return false // the load ended while dialling: no request made
				}
				l.Record.goodFailed(fmt.Sprintf("%s: dial: %v", tag, err))
				return false
			}
			*g = &goodConn{c: c, br: bufio.NewReader(c), fresh: true, since: since}
		}
		status, body, err := (*g).exchange(tag, close)
		if err == nil && status == http.StatusServiceUnavailable && (*g).fresh && attempt < refusalRetries {
			l.Record.refused(port((*g).c), tag, (*g).since)
			(*g).c.Close()
			*g = nil
			time.Sleep(refusalPause)
			continue
		}
		(*g).fresh = false
		switch {
		case err != nil:
			l.Record.goodFailed(fmt.Sprintf("%s (port %d): %v", tag, port((*g).c), err))
		case status != http.StatusOK || body != HelloBody:
			l.Record.goodFailed(fmt.Sprintf("%s (port %d): status %d, body %.60q", tag, port((*g).c), status, body))
		default:
			l.Record.good(tag)
			if close {
				(*g).c.Close()
				*g = nil
			}
			return true
		}
		return false
	}
}

// pipelined sends pipelineDepth GETs in one write on a fresh connection
// and reads the answers in order. A refused connection is not retried:
// none of its requests reached the pipeline.
func (l *Load) pipelined(ctx context.Context) {
	start := time.Now()
	c, err := l.dial(ctx, 0)
	if err != nil {
		if ctx.Err() == nil {
			l.Record.goodFailed(fmt.Sprintf("pipelined burst: dial: %v", err))
		}
		return
	}
	defer c.Close()
	tags := make([]string, pipelineDepth)
	var b strings.Builder
	for i := range tags {
		tags[i] = l.tag("p")
		b.WriteString(getRequest(tags[i], false))
	}
	g := &goodConn{c: c, br: bufio.NewReader(c)}
	c.SetDeadline(time.Now().Add(exchangeTimeout))
	if _, err := io.WriteString(c, b.String()); err != nil {
		l.Record.goodFailed(fmt.Sprintf("pipelined burst %s… (port %d): %v", tags[0], port(c), err))
		return
	}
	for i, tag := range tags {
		resp, err := http.ReadResponse(g.br, nil)
		if err != nil {
			l.Record.goodFailed(fmt.Sprintf("%s (pipelined, port %d): %v", tag, port(c), err))
			return
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		switch {
		case i == 0 && resp.StatusCode == http.StatusServiceUnavailable:
			l.Record.refused(port(c), tags[0], start)
			return
		case err != nil || resp.StatusCode != http.StatusOK || string(body) != HelloBody:
			l.Record.goodFailed(fmt.Sprintf("%s (pipelined, port %d): status %d, body %.60q, %v", tag, port(c), resp.StatusCode, body, err))
			return
		}
		l.Record.good(tag)
	}
}
