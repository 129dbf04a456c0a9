package loadtest

import (
	"strings"
	"time"
)

// Paths the servers answer alike: 200, Content-Type text/plain, Server
// Microsoft-IIS/10.0, Date, Content-Length and the body.
const (
	HelloPath = "/samples/hello"
	BigPath   = "/big"
	// HelloBody is iisemu's sample handler's text (fixtures.HandlerBody).
	HelloBody = "Hello from the sample handler.\n"
	// ServerHeader is IIS's Server value, which every server sends.
	ServerHeader = "Microsoft-IIS/10.0"
)

// BigBody is the 16 KiB body served at BigPath.
func BigBody() string { return strings.Repeat("0123456789abcdef", 1024) }

// Workload is one wrk run's shape.
type Workload struct {
	Name        string
	Path        string
	Connections int
	Close       bool // every request carries Connection: close
}

// Workloads are the six wrk workloads, in the order they run.
func Workloads() []Workload {
	var ws []Workload
	for _, c := range []int{32, 256} {
		ws = append(ws,
			Workload{Name: "keep-alive, 31 B", Path: HelloPath, Connections: c},
			Workload{Name: "keep-alive, 16 KiB", Path: BigPath, Connections: c},
			Workload{Name: "Connection: close", Path: HelloPath, Connections: c, Close: true})
	}
	return ws
}

// wrkArgs are wrk's arguments for w against base (http://host:port): one
// thread, as the measurements this repeats used, so that wrk's own CPU
// stays one core's worth.
func (w Workload) wrkArgs(base string, d time.Duration) []string {
	args := []string{"-t1", "-c" + itoa(w.Connections), "-d" + itoa(int(d/time.Second)) + "s"}
	if w.Close {
		args = append(args, "-H", "Connection: close")
	}
	return append(args, base+w.Path)
}

// String is how the tables name w: "keep-alive, 31 B, 32 conns".
func (w Workload) String() string { return w.Name + ", " + itoa(w.Connections) + " conns" }
