package loadtest

import (
	"os"
	"testing"
)

// wrkSample is wrk 4.1's summary of a run with errors.
const wrkSample = `Running 3s test @ http://127.0.0.1:40000/samples/hello
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   540.12us  200.01us   5.00ms   90.00%
    Req/Sec    58.10k     2.00k   60.00k    80.00%
  173512 requests in 3.00s, 30.12MB read
  Socket errors: connect 0, read 2, write 1, timeout 0
  Non-2xx or 3xx responses: 4
Requests/sec:  57837.33
Transfer/sec:     10.04MB
`

func TestParseWrk(t *testing.T) {
	r, err := parseWrk(wrkSample)
	if err != nil || r.Requests != 173512 || r.Seconds != 3 || r.Errors != 7 {
		t.Errorf("parseWrk: %+v, %v; want 173512 requests in 3 s, 7 errors", r, err)
	}
	ms, err := parseWrk("  120 requests in 900.50ms, 1MB read\n")
	if err != nil || ms.Requests != 120 || ms.Seconds < 0.9 || ms.Seconds > 0.901 {
		t.Errorf("milliseconds: %+v, %v", ms, err)
	}
	if _, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"); err == nil {
		t.Error("a failed run parsed")
	}
}

// TestParseStat: utime and stime are read after the command's closing
// parenthesis, whatever the name holds.
func TestParseStat(t *testing.T) {
	stat := "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 37 0 0 20 0 9 0 100 1000000 500 18446744073709551615\n"
	if n, err := parseStatTicks([]byte(stat)); err != nil || n != 287 {
		t.Errorf("parseStatTicks: %d, %v; want 250+37", n, err)
	}
	if _, err := parseStatTicks([]byte("4242 (x) S 1")); err == nil {
		t.Error("a short stat line parsed")
	}
	self, err := cpuTicks(os.Getpid())
	if err != nil || self < 0 {
		t.Errorf("this process's ticks: %d, %v", self, err)
	}
}

func TestParseRSS(t *testing.T) {
	if n, err := parseRSS([]byte("Name:\tx\nVmRSS:\t   2048 kB\nVmSwap:\t0 kB\n")); err != nil || n != 2048<<10 {
		t.Errorf("parseRSS: %d, %v", n, err)
	}
	if _, err := parseRSS([]byte("Name:\tx\n")); err == nil {
		t.Error("no VmRSS parsed")
	}
}

func TestMedianAndSpread(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median of 3 1 2: %v", m)
	}
	if m := median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("median of 4 1 2 3: %v", m)
	}
	if s := spread([]float64{0.9, 1.2, 0.8}); s != "0.90× (0.80–1.20)" {
		t.Errorf("spread: %q", s)
	}
}
