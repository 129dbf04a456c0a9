package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "[--listen ADDR]",
		"Serves the sample site on real TCP sockets until SIGINT or SIGTERM. When it is\n"+
			"ready it prints one line: iisemu: listening on http://HOST:PORT")
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks one)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "serve", "unexpected argument %q", fs.Arg(0))
	}
	h, err := iis.StartHost(httpsys.TCPTransport{}, *listen, fixtures.SampleSite(), httpsys.Config{}, iis.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "iisemu serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "iisemu: listening on http://%s\n", h.Addr)
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sig)
	<-sig
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "iisemu serve: shutdown: %v\n", err)
	}
	return 0
}
