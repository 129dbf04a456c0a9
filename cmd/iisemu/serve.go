package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/iisemu/iisemu/fixtures"
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
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on, host:port (port 0 picks one); the host is required, and one that is not loopback (0.0.0.0: every interface) gets a warning on stderr")
	configFile := fs.String("config", "", "serve the site and HTTP.sys settings of this configuration file")
	logDir := fs.String("log-dir", "", "write HTTP.sys's httperr1.log and IIS's u_exYYMMDD.log into this folder")
	debugListen := fs.String("debug-listen", "", "also serve Go's /debug/pprof/ pages (goroutines, heap) on this loopback address (e.g. 127.0.0.1:0) and print a second line, iisemu: debug on http://HOST:PORT; off by default, refused on an address that is not loopback")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, "serve", "unexpected argument %q", fs.Arg(0))
	}
	warning, err := checkListen(*listen)
	if err != nil {
		return fail(stderr, "serve", "--listen %q: %v", *listen, err)
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
		logs, err := openLogs(*logDir, time.Now(), site.LogFile.LogExtFileFlags)
		if err != nil {
			fmt.Fprintf(stderr, "iisemu serve: %v\n", err)
			return 1
		}
		defer func() {
			if err := logs.Close(); err != nil {
				fmt.Fprintf(stderr, "iisemu serve: closing the logs: %v\n", err)
			}
		}()
		logs.reportWriteErrors(stderr)
		sysCfg.ErrorLog = logs.errors.Write
		opts.RequestLog = logs.requests.Write
	}
	h, err := startServeHost(*listen, site, sysCfg, opts, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "iisemu serve: %v\n", err)
		return 1
	}
	if warning != "" {
		fmt.Fprintf(stderr, "iisemu serve: warning: %s\n", warning)
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
	select {
	case <-sig:
	case <-h.Stopped():
		// The listener failed for good (temporary failures are retried).
		fmt.Fprintf(stderr, "iisemu serve: no longer accepting connections: %v\n", h.Err())
		h.Close()
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "iisemu serve: shutdown: %v\n", err)
	}
	return 0
}

// logFiles are the two logs serve writes with --log-dir.
type logFiles struct {
	names    [2]string // of errors' file and of requests'
	files    []*os.File
	errors   *httpsys.ErrorLogWriter
	requests *iis.RequestLogWriter
}

// openLogs creates dir if needed and opens httperr1.log and
// u_exYYMMDD.log there for appending, named as HTTP.sys and IIS name them;
// the request log writes the fields flags selects.
func openLogs(dir string, now time.Time, flags iis.LogExtFileFlags) (*logFiles, error) {
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
	return &logFiles{names: [2]string{errf.Name(), reqf.Name()}, files: []*os.File{errf, reqf},
		errors: httpsys.NewErrorLogWriter(errf), requests: iis.NewRequestLogWriter(reqf, flags)}, nil
}

// reportWriteErrors says on w, in one line when it happens, that a log
// could not be written (a full disk, say). Serving goes on; that log's
// later entries are lost.
func (l *logFiles) reportWriteErrors(w io.Writer) {
	report := func(name string) func(error) {
		return func(err error) {
			var pe *fs.PathError
			if errors.As(err, &pe) { // the path is named already
				err = pe.Err
			}
			fmt.Fprintf(w, "iisemu serve: writing %s failed, later entries are lost: %v\n", name, err)
		}
	}
	l.errors.OnError(report(l.names[0]))
	l.requests.OnError(report(l.names[1]))
}

// Close closes the files. Write errors were reported when they happened
// (reportWriteErrors).
func (l *logFiles) Close() error {
	var err error
	for _, f := range l.files {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// checkListen refuses an address without a host, which would listen on
// every interface without saying so, and returns a warning for a host that
// is not a loopback address.
func checkListen(addr string) (warning string, err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", errors.New("want host:port, e.g. 127.0.0.1:8080")
	}
	if host == "" {
		return "", errors.New("no host: name one, e.g. 127.0.0.1:8080 (or 0.0.0.0:8080 for every interface)")
	}
	if host == "localhost" {
		return "", nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return "", nil
	}
	return fmt.Sprintf("listening on %s, which is not a loopback address: other machines may reach the emulator", host), nil
}
