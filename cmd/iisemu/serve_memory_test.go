package main

import (
	"runtime"
	"testing"
)

// retainedAfter is the heap in use, after a collection, once serve's
// wiring has answered n more GETs of path on the keep-alive connection k.
func retainedAfter(tb testing.TB, k *keepAliveClient, n int) int64 {
	tb.Helper()
	for range n {
		if _, err := k.get(); err != nil {
			tb.Fatal(err)
		}
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // the first may leave the pools' victims
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestServeMemoryFlatOnKeepAlive: the heap serve's wiring keeps does not
// grow with the requests of one keep-alive connection, for either body
// (the log store once kept every request's entry for the connection's
// life).
func TestServeMemoryFlatOnKeepAlive(t *testing.T) {
	h := startServeForBench(t)
	for _, w := range serveWorkloads {
		k, err := dialKeepAlive(h.Addr, w.path)
		if err != nil {
			t.Fatal(err)
		}
		defer k.c.Close()
		retainedAfter(t, k, 500) // the store's window fills, the pools warm
		few := retainedAfter(t, k, 200)
		many := retainedAfter(t, k, 4000)
		if many-few > 256<<10 {
			t.Errorf("%s: the heap grew by %d bytes over 4,000 requests on one connection (%d to %d)", w.name, many-few, few, many)
		}
	}
}

// BenchmarkServeRetained reports, for serve's wiring, the heap bytes
// retained per request on one keep-alive connection after b.N requests:
// flat, it tends to 0 as b.N grows.
func BenchmarkServeRetained(b *testing.B) {
	h := startServeForBench(b)
	for _, w := range serveWorkloads {
		b.Run(w.name, func(b *testing.B) {
			k, err := dialKeepAlive(h.Addr, w.path)
			if err != nil {
				b.Fatal(err)
			}
			defer k.c.Close()
			before := retainedAfter(b, k, 500)
			b.ResetTimer()
			after := retainedAfter(b, k, b.N)
			b.StopTimer()
			b.ReportMetric(float64(after-before)/float64(b.N), "retained-B/req")
			b.ReportMetric(float64(after-before), "retained-B")
		})
	}
}
