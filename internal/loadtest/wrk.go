package loadtest

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"time"
)

// wrkResult is what one wrk run reports.
type wrkResult struct {
	Requests int64
	Seconds  float64
	Errors   int64 // connect, read, write and timeout errors, and non-2xx answers
}

var (
	wrkTotal  = regexp.MustCompile(`(\d+) requests in ([\d.]+)(us|ms|s|m)`)
	wrkErrors = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkNon2xx = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
)

// parseWrk reads wrk's summary.
func parseWrk(out string) (wrkResult, error) {
	m := wrkTotal.FindStringSubmatch(out)
	if m == nil {
		return wrkResult{}, fmt.Errorf("wrk printed no request count:\n%s", out)
	}
	var r wrkResult
	r.Requests, _ = strconv.ParseInt(m[1], 10, 64)
	v, _ := strconv.ParseFloat(m[2], 64)
	r.Seconds = v * map[string]float64{"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[m[3]]
	if e := wrkErrors.FindStringSubmatch(out); e != nil {
		for _, s := range e[1:] {
			n, _ := strconv.ParseInt(s, 10, 64)
			r.Errors += n
		}
	}
	if e := wrkNon2xx.FindStringSubmatch(out); e != nil {
		n, _ := strconv.ParseInt(e[1], 10, 64)
		r.Errors += n
	}
	return r, nil
}

// runWrk runs wrk with args and reads its summary.
func runWrk(ctx context.Context, args []string, d time.Duration) (wrkResult, error) {
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "wrk", args...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %v: %v\n%s", args, err, out)
	}
	return parseWrk(string(out))
}
