// Command fasthttppeer is make loadtest's fasthttp peer: it answers
// /samples/hello and /big as iisemu serve does (status, Content-Type,
// Server, Date, Content-Length, body) until SIGINT or SIGTERM. It is a
// module of its own, so that the main module does not depend on
// fasthttp; its paths and bodies repeat package loadtest's.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/valyala/fasthttp"
)

const (
	helloPath = "/samples/hello"
	bigPath   = "/big"
	helloBody = "Hello from the sample handler.\n"
)

var bigBody = []byte(strings.Repeat("0123456789abcdef", 1024))

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on, host:port")
	flag.Parse()
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fasthttppeer: %v\n", err)
		os.Exit(1)
	}
	hello := []byte(helloBody)
	srv := &fasthttp.Server{Name: "Microsoft-IIS/10.0", Handler: func(ctx *fasthttp.RequestCtx) {
		switch string(ctx.Path()) {
		case helloPath:
			ctx.SetContentType("text/plain")
			ctx.SetBody(hello)
		case bigPath:
			ctx.SetContentType("text/plain")
			ctx.SetBody(bigBody)
		default:
			ctx.SetStatusCode(fasthttp.StatusNotFound)
		}
	}}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		srv.Shutdown()
	}()
	fmt.Printf("fasthttppeer: listening on http://%s\n", l.Addr())
	if err := srv.Serve(l); err != nil {
		fmt.Fprintf(os.Stderr, "fasthttppeer: %v\n", err)
		os.Exit(1)
	}
}
