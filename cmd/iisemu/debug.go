package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// debugServer serves net/http/pprof's /debug/pprof/ pages on a loopback
// listener of its own, apart from the site: a soak or a developer reads
// the process's goroutines and heap there.
type debugServer struct {
	srv  *http.Server
	addr string
	done chan struct{}
}

// checkLoopback refuses a --debug-listen address that is not a loopback
// one: the pages expose the process's internals.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--debug-listen %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("--debug-listen " + addr + " is not a loopback address (use 127.0.0.1:PORT or [::1]:PORT)")
	}
	return nil
}

// startDebug listens on addr, which checkLoopback accepted, and serves
// until stop.
func startDebug(addr string) (*debugServer, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--debug-listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	d := &debugServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		addr: l.Addr().String(), done: make(chan struct{})}
	go func() {
		defer close(d.done)
		d.srv.Serve(l)
	}()
	return d, nil
}

// stop closes the listener and its connections and waits for Serve.
func (d *debugServer) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if d.srv.Shutdown(ctx) != nil {
		d.srv.Close()
	}
	<-d.done
}
