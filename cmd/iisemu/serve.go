package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "[--listen ADDR] [--config FILE] [--log-dir DIR] [--debug-listen ADDR]",
		"Serves a site on real TCP sockets until SIGINT or SIGTERM: the sample site, or\n"+
			"the one a configuration file describes (see iisemu config --print-default).\n"+
			"A request to /scenarios/ID carrying a scenario file's JSON, base64url-encoded\n"+
			"without padding, in X-Iisemu-Scenario runs that scenario's scripted modules.\n"+
			"A request carrying X-Iisemu-Request-Id: ID has its pipeline trace served at\n"+
			"GET /.iisemu/traces/ID (JSON). What HTTP.sys's error log and IIS's request\n"+
			"log say about a client connection is served at GET /.iisemu/logs/IP/PORT.\n"+
			"When it is ready it prints one line: iisemu: listening on http://HOST:PORT")
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks one)")
	configFile := fs.String("config", "", "serve the site and HTTP.sys settings of this configuration file")
	logDir := fs.String("log-dir", "", "write HTTP.sys's httperr1.log and IIS's u_exYYMMDD.log into this folder")
	debugListen := fs.String("debug-listen", "", "also serve Go's /debug/pprof/ pages (goroutines, heap) on\n"+
		"                   this loopback address (e.g. 127.0.0.1:0) and print a second line,\n"+
		"                   iisemu: debug on http://HOST:PORT; off by default, refused\n"+
		"                   on an address that is not loopback")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "serve", "unexpected argument %q", fs.Arg(0))
	}
	if *debugListen != "" {
		if err := checkLoopback(*debugListen); err != nil {
			return fail(stderr, "serve", "%v", err)
		}
	}
	var sysCfg httpsys.Config
	var opts iis.Options
	site := fixtures.SampleSite()
	if *configFile != "" {
		var code int
		if sysCfg, site, code = loadConfig(*configFile, "serve", stderr); code != 0 {
			return code
		}
	}
	if *logDir != "" {
		logs, err := openLogs(*logDir, time.Now())
		if err != nil {
			fmt.Fprintf(stderr, "iisemu serve: %v\n", err)
			return 1
		}
		defer func() {
			if err := logs.Close(); err != nil {
				fmt.Fprintf(stderr, "iisemu serve: writing the logs: %v\n", err)
			}
		}()
		sysCfg.ErrorLog = logs.errors.Write
		opts.RequestLog = logs.requests.Write
	}
	// The scripted-module protocol: scenarios carried in a request header,
	// traces fetched by request ID, log entries by client connection.
	protocol.Install(site, &sysCfg, &opts)
	h, err := iis.StartHost(httpsys.TCPTransport{}, *listen, site, sysCfg, opts)
	if err != nil {
		fmt.Fprintf(stderr, "iisemu serve: %v\n", err)
		return 1
	}
	var debug *debugServer
	if *debugListen != "" {
		if debug, err = startDebug(*debugListen); err != nil {
			h.Close()
			fmt.Fprintf(stderr, "iisemu serve: %v\n", err)
			return 1
		}
		defer debug.stop()
	}
	// Listen for the signals before saying so: a script may signal at once.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sig)
	fmt.Fprintf(stdout, "iisemu: listening on http://%s\n", h.Addr)
	if debug != nil {
		fmt.Fprintf(stdout, "iisemu: debug on http://%s\n", debug.addr)
	}
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	<-sig
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "iisemu serve: shutdown: %v\n", err)
	}
	return 0
}

// logFiles are the two logs serve writes with --log-dir.
type logFiles struct {
	files    []*os.File
	errors   *httpsys.ErrorLogWriter
	requests *iis.RequestLogWriter
}

// openLogs creates dir if needed and opens httperr1.log and
// u_exYYMMDD.log there for appending, named as HTTP.sys and IIS name them.
func openLogs(dir string, now time.Time) (*logFiles, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("log folder: %w", err)
	}
	open := func(name string) (*os.File, error) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
		return f, nil
	}
	errf, err := open("httperr1.log")
	if err != nil {
		return nil, err
	}
	reqf, err := open("u_ex" + now.UTC().Format("060102") + ".log")
	if err != nil {
		errf.Close()
		return nil, err
	}
	return &logFiles{files: []*os.File{errf, reqf}, errors: httpsys.NewErrorLogWriter(errf),
		requests: iis.NewRequestLogWriter(reqf)}, nil
}

// Close closes the files and reports the first error writing either log.
func (l *logFiles) Close() error {
	err := l.errors.Err()
	if err == nil {
		err = l.requests.Err()
	}
	for _, f := range l.files {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
