// Command nethttppeer is make loadtest's net/http peer: it answers
// HelloPath and BigPath as iisemu serve does (status, Content-Type,
// Server, Date, Content-Length, body) until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/iisemu/iisemu/internal/loadtest"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on, host:port")
	flag.Parse()
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "nethttppeer: %v\n", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	for path, body := range map[string][]byte{loadtest.HelloPath: []byte(loadtest.HelloBody), loadtest.BigPath: []byte(loadtest.BigBody())} {
		length := []string{strconv.Itoa(len(body))}
		mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
			h := w.Header()
			h["Content-Type"] = []string{"text/plain"}
			h["Server"] = []string{loadtest.ServerHeader}
			h["Content-Length"] = length
			w.Write(body)
		})
	}
	srv := &http.Server{Handler: mux}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	fmt.Printf("nethttppeer: listening on http://%s\n", l.Addr())
	if err := srv.Serve(l); err != http.ErrServerClosed {
		fmt.Fprintf(os.Stderr, "nethttppeer: %v\n", err)
		os.Exit(1)
	}
}
